package io.shopwatch.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/** POSTs one batch body to ShopWatch with the API key, retrying what can succeed later. */
final class HttpTransport {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String ORG_HEADER = "X-ShopWatch-Org";
    static final String USER_AGENT = "shopwatch-client/0.1";

    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;
    private final String org;
    private final boolean gzip;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final JsonCodec codec;
    private final java.util.Map<String, String> headers;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    HttpTransport(
            HttpClient http,
            URI baseUrl,
            String apiKey,
            String org,
            boolean gzip,
            Duration requestTimeout,
            RetryPolicy retry,
            JsonCodec codec,
            java.util.Map<String, String> headers) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.org = org;
        this.gzip = gzip;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.codec = codec;
        this.headers = java.util.Map.copyOf(headers);
    }

    /**
     * Sends one batch and returns ShopWatch's answer.
     *
     * @throws ShopWatchClientException when ShopWatch refuses the batch (4xx other than 408/429) or it still fails
     *     after the last attempt
     * @throws InterruptedException when the client is closed while waiting to retry
     */
    IngestResult post(String path, byte[] json) throws InterruptedException {
        HttpRequest request = request(path, json);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw new ShopWatchClientException(
                            "ShopWatch not reachable at " + request.uri() + " after " + attempt + " attempts: " + e,
                            0,
                            e);
                }
                retries.incrementAndGet();
                Thread.sleep(retry.backoff(attempt, java.util.Optional.empty()).toMillis());
                continue;
            }
            batches.incrementAndGet();
            int status = response.statusCode();
            if (status / 100 == 2) {
                return codec.result(response.body());
            }
            if (!RetryPolicy.retryable(status) || attempt >= retry.maxAttempts()) {
                throw new ShopWatchClientException(
                        "ShopWatch answered " + status + " to " + request.uri()
                                + (RetryPolicy.retryable(status) ? " after " + attempt + " attempts" : "") + ": "
                                + abbreviate(response.body()),
                        status,
                        null);
            }
            retries.incrementAndGet();
            Thread.sleep(retry.backoff(attempt, response.headers().firstValue("Retry-After"))
                    .toMillis());
        }
    }

    private HttpRequest request(String path, byte[] json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT);
        if (apiKey != null) {
            builder.header(API_KEY_HEADER, apiKey);
        }
        if (org != null) {
            builder.header(ORG_HEADER, org);
        }
        headers.forEach(builder::header);
        if (gzip) {
            builder.header("Content-Encoding", "gzip");
            json = gzip(json);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 500 ? String.valueOf(body) : body.substring(0, 500) + "...";
    }
}
