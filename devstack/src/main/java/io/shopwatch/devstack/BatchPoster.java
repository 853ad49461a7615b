package io.shopwatch.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The benchmarks' HTTP client for request bodies of hundreds of kilobytes: {@link HttpURLConnection} over HTTP/1.1
 * keep-alive, the body written to the socket as given ({@code Content-Length}, no chunking).
 *
 * <p>The benchmarks' clients run on the same cores as the stack they measure, so what they cost is taken from the
 * stack. Four clients in a JVM of their own posting 400 such requests to logging-service spent 1.6–2.7 s of CPU with
 * {@code java.net.http.HttpClient} and 0.4 s with this client (docs/benchmarks.md, "2026-12-07, afternoon").
 */
final class BatchPoster {

    static {
        // Connections kept open per host (the JDK's default is 5): the gateway ratio posts from eight clients.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "32");
        }
    }

    /** A response's status and body. */
    record Answer(int status, String body) {}

    private BatchPoster() {}

    /** Posts {@code body} as JSON with the given headers; every answer is read to its end (the connection is kept). */
    static Answer post(String url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/json");
        headers.forEach(connection::setRequestProperty);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new Answer(status, "");
        }
        try (in) {
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
