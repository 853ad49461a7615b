package io.shopwatch.alert.notify;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.http.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's generic webhook: a POST of the version 4 message. 2xx is delivered; 5xx, 429 and network errors are
 * retried; other answers are final. Settings: {@code url} or {@code url_file}, {@code max_alerts}, {@code timeout},
 * {@code http_config} with {@code basic_auth}, {@code authorization} or {@code bearer_token}.
 */
public final class WebhookNotifier implements Notifier {

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of("webhook").withSecrets("url");

    /** Go's zero time, which Alertmanager prints as the end of firing alerts. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final OutboundHttp http;

    public WebhookNotifier(OutboundHttp http) {
        this.http = http;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public ChannelTraits traits() {
        return TRAITS;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        boolean hasUrl = settings.get("url") != null;
        boolean hasFile = settings.get("url_file") != null;
        if (hasUrl == hasFile) {
            problems.add("one of url or url_file must be configured");
        }
        if (hasUrl) {
            try {
                URI uri = URI.create(settings.get("url").toString());
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                    problems.add("unsupported scheme in url");
                }
            } catch (IllegalArgumentException e) {
                problems.add("invalid url" + reason(e));
            }
        }
        return problems;
    }

    @Override
    public void send(IntegrationConfig integration, Notification notification, Duration timeout)
            throws DeliveryException {
        URI uri = url(integration);
        byte[] body = JsonCodec.MAPPER.writeValueAsBytes(message(notification));
        Map<String, String> headers = new LinkedHashMap<>();
        authorization(integration).ifPresent(value -> headers.put("Authorization", value));
        OutboundHttp.Response response = http.post(uri, "application/json", body, headers, timeout);
        int status = response.status();
        if (response.is2xx()) {
            return;
        }
        boolean retry = status / 100 == 5 || status == 429;
        throw new DeliveryException(
                "webhook " + uri.getHost() + " answered " + status,
                retry,
                status,
                response.retryAfter().orElse(null),
                response.summary());
    }

    private static URI url(IntegrationConfig integration) throws DeliveryException {
        Object url = integration.settings().get("url");
        if (url == null && integration.settings().get("url_file") != null) {
            try {
                url = Files.readString(
                                Path.of(integration.settings().get("url_file").toString()))
                        .trim();
            } catch (IOException e) {
                throw new DeliveryException("cannot read url_file: " + e.getMessage(), false, e);
            }
        }
        if (url == null) {
            throw new DeliveryException("no url configured", false, 0);
        }
        try {
            return URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("invalid url" + reason(e), false, 0);
        }
    }

    /** Why a URL is invalid, without the URL: its query or path may hold a token. */
    private static String reason(IllegalArgumentException e) {
        return e.getCause() instanceof URISyntaxException s ? ": " + s.getReason() + " at index " + s.getIndex() : "";
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<String> authorization(IntegrationConfig integration) {
        if (!(integration.settings().get("http_config") instanceof Map<?, ?> http)) {
            return java.util.Optional.empty();
        }
        if (http.get("basic_auth") instanceof Map<?, ?> basic) {
            String user = String.valueOf(basic.get("username") == null ? "" : basic.get("username"));
            String password = String.valueOf(basic.get("password") == null ? "" : basic.get("password"));
            return java.util.Optional.of("Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (http.get("authorization") instanceof Map<?, ?> auth && auth.get("credentials") != null) {
            Object type = auth.get("type") == null ? "Bearer" : auth.get("type");
            return java.util.Optional.of(type + " " + auth.get("credentials"));
        }
        if (http.get("bearer_token") != null) {
            return java.util.Optional.of("Bearer " + http.get("bearer_token"));
        }
        return java.util.Optional.empty();
    }

    /** The version 4 message, field for field as Alertmanager writes it. */
    public static Map<String, Object> message(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receiver", n.receiver());
        m.put("status", n.status());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Alert a : n.alerts()) {
            Map<String, Object> am = new LinkedHashMap<>();
            boolean firing = a.endsAt() == null || a.endsAt().isAfter(Instant.now());
            am.put("status", firing ? "firing" : "resolved");
            am.put("labels", a.labels().asMap());
            am.put("annotations", a.annotations());
            am.put("startsAt", a.startsAt().toString());
            am.put("endsAt", a.endsAt() == null ? ZERO_TIME : a.endsAt().toString());
            am.put("generatorURL", a.generatorURL());
            am.put("fingerprint", a.labels().fingerprintHex());
            alerts.add(am);
        }
        m.put("alerts", alerts);
        m.put("groupLabels", n.groupLabels().asMap());
        m.put("commonLabels", n.commonLabels().asMap());
        m.put("commonAnnotations", n.commonAnnotations());
        m.put("externalURL", n.externalURL());
        m.put("version", "4");
        m.put("groupKey", n.groupKey());
        m.put("truncatedAlerts", n.truncatedAlerts());
        m.put("notification_reason", n.reason().text());
        m.put("org", n.org());
        m.put("shopwatch", n.extras());
        return m;
    }
}
