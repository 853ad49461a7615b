package io.shopwatch.performance.store;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.RetryLaterException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends a request to the store (OpenObserve or the embedded store) and returns its answer as bytes. No retries: a
 * reader's own client retries, and a retry here would multiply the load on a struggling store.
 */
public final class StoreForwarder {

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    public StoreForwarder(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.baseUrl = URI.create(url);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Forwards one request.
     *
     * @param method HTTP method
     * @param pathAndQuery the raw (still encoded) path and query string, e.g. {@code /api/default/_search?type=logs}
     * @param authorization the caller's {@code Authorization} header, sent unchanged; null for none
     * @param contentType the body's content type, or null
     * @param body the body, or null for none
     */
    public StoreAnswer forward(
            String method, String pathAndQuery, String authorization, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(requestTimeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new StoreAnswer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (HttpTimeoutException e) {
            throw new RetryLaterException(
                    ProblemType.GATEWAY_TIMEOUT, "the store did not answer in time", Duration.ofSeconds(1), e);
        } catch (IOException e) {
            throw new RetryLaterException(
                    ProblemType.UNAVAILABLE, "the store is unreachable", Duration.ofSeconds(1), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException(ProblemType.UNAVAILABLE, "interrupted", Duration.ofSeconds(1), e);
        }
    }
}
