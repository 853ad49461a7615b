package io.shopwatch.alert.notify.http;

import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.secrets.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The one way notifications leave this service over HTTP. Every connection's addresses come from
 * {@link OutboundUrlPolicy#resolve}, so loopback, private and link-local targets are refused at connect time (also
 * after a DNS change and on every redirect hop) unless allow-listed. Redirects are followed by hand, at most
 * {@value #MAX_REDIRECTS} hops, re-posting the body. Answers are read up to {@value #MAX_BODY} bytes. Errors name the
 * host only: URLs of chat robots carry their access tokens and never appear in messages or logs.
 */
public final class OutboundHttp implements AutoCloseable {

    static final int MAX_REDIRECTS = 3;
    static final int MAX_BODY = 64 * 1024;

    /** An answer: status, headers (first value of each, lower-case names) and body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        public boolean is2xx() {
            return status / 100 == 2;
        }

        /** {@code Retry-After} as a delay (seconds or an HTTP date), when present. */
        public Optional<Duration> retryAfter() {
            String value = headers.get("retry-after");
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException ignored) {
                    return Optional.empty();
                }
            }
        }

        /** Status and (shortened) body, for the record of an attempt. */
        public String summary() {
            String b = body == null ? "" : body.strip();
            return status + (b.isEmpty() ? "" : " " + (b.length() > 500 ? b.substring(0, 500) + "…" : b));
        }
    }

    private final CloseableHttpClient client;

    public OutboundHttp(OutboundUrlPolicy policy) {
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return policy.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return policy.resolve(host)[0].getCanonicalHostName();
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(8)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("ShopWatch-alert-service")
                .build();
    }

    /**
     * POSTs a body and returns the answer whatever its status.
     *
     * @throws DeliveryException retryable for network errors and timeouts; final for refused addresses and bad URLs
     */
    public Response post(URI uri, String contentType, byte[] body, Map<String, String> headers, Duration timeout)
            throws DeliveryException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            Response response = once(target, contentType, body, headers, timeout);
            int s = response.status();
            String location = response.headers().get("location");
            if (s / 100 != 3 || location == null || s == 304) {
                return response;
            }
            if (hop >= MAX_REDIRECTS) {
                throw new DeliveryException(
                        uri.getHost() + ": more than " + MAX_REDIRECTS + " redirects", false, s, null, null);
            }
            target = target.resolve(location);
        }
    }

    private Response once(URI uri, String contentType, byte[] body, Map<String, String> headers, Duration timeout)
            throws DeliveryException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DeliveryException("unsupported URL (scheme " + scheme + ")", false, 0);
        }
        HttpPost post = new HttpPost(uri);
        Timeout t = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
        post.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(t)
                .setResponseTimeout(t)
                .build());
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        try {
            return client.execute(post, (ClassicHttpResponse r) -> {
                Map<String, String> h = new LinkedHashMap<>();
                for (Header header : r.getHeaders()) {
                    h.putIfAbsent(header.getName().toLowerCase(java.util.Locale.ROOT), header.getValue());
                }
                String text = "";
                if (r.getEntity() != null) {
                    try (InputStream in = r.getEntity().getContent()) {
                        text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
                    }
                }
                return new Response(r.getCode(), Map.copyOf(h), text);
            });
        } catch (OutboundUrlPolicy.ForbiddenAddressException e) {
            throw new DeliveryException(e.getMessage(), false, 0);
        } catch (UnknownHostException e) {
            throw new DeliveryException("unknown host " + uri.getHost(), true, e);
        } catch (IOException e) {
            throw new DeliveryException(
                    uri.getHost() + ": " + e.getClass().getSimpleName() + " " + safe(e.getMessage()), true, e);
        }
    }

    /** An exception message without URL paths or queries (access tokens) or anything that looks like a query. */
    private static String safe(String message) {
        return message == null ? "" : SecretRedactor.scrub(message).replaceAll("\\?\\S*", "?…");
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
