package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The benchmarks' HTTP client for request bodies of hundreds of kilobytes: Apache HttpClient's classic (blocking)
 * client over HTTP/1.1 keep-alive, the body written to the socket as given ({@code Content-Length}, no chunking),
 * with {@code TCP_NODELAY}, as the services' own clients and Tomcat set it.
 *
 * <p>The benchmarks' clients run on the same cores as the stack they measure, so what they cost is taken from the
 * stack. Four clients in a JVM of their own posting 400 such requests to logging-service spent 1.6–2.7 s of CPU with
 * {@code java.net.http.HttpClient} and 0.4 s with {@code HttpURLConnection} (docs/benchmarks.md, "2026-12-07,
 * afternoon"); this client costs the same. {@code HttpURLConnection} cannot turn Nagle's algorithm off: the last part of
 * each body waited for the server's acknowledgement, and a 290 KB request to the store took 2–3 ms longer at the
 * median (docs/benchmarks.md, "2026-12-07, night").
 */
final class BatchPoster {

    /** Connections kept per host and in all: the gateway ratio posts from eight clients. */
    private static final int CONNECTIONS = 32;

    private static final CloseableHttpClient CLIENT = client();

    /** {@code application/json} as sent before, without a charset parameter (JSON is UTF-8). */
    private static final ContentType JSON = ContentType.create("application/json");

    /** A response's status and body. */
    record Answer(int status, String body) {}

    private BatchPoster() {}

    private static CloseableHttpClient client() {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(CONNECTIONS)
                .setMaxConnTotal(CONNECTIONS)
                .setDefaultSocketConfig(
                        SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    /** Posts {@code body} as JSON with the given headers; every answer is read to its end (the connection is kept). */
    static Answer post(String url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, JSON));
        return CLIENT.execute(
                post,
                response -> new Answer(
                        response.getCode(),
                        response.getEntity() == null
                                ? ""
                                : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }
}
