package io.shopwatch.performance.store;

/**
 * What the store answered, kept as bytes so that the caller gets it unchanged.
 *
 * @param status HTTP status
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body, exactly as received
 */
public record StoreAnswer(int status, String contentType, byte[] body) {

    public boolean ok() {
        return status == 200;
    }
}
