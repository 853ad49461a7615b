package io.shopwatch.auth.apikey;

/** A presented API key is not valid; {@link #reason()} goes to the audit log, never to the caller. */
public class ApiKeyRejectedException extends RuntimeException {

    private final String reason;

    public ApiKeyRejectedException(String reason) {
        super("API key rejected: " + reason);
        this.reason = reason;
    }

    /** {@code malformed}, {@code unknown}, {@code wrong_secret}, {@code revoked}, {@code expired}. */
    public String reason() {
        return reason;
    }
}
