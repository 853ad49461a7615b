package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * PagerDuty Events API v2 ({@code pagerduty_configs}, Alertmanager's field names): {@code trigger} while any alert
 * fires, {@code resolve} when all are resolved, with Alertmanager's {@code dedup_key} (SHA-256 hex of the group key)
 * so both land on the same incident.
 *
 * <p>Settings: {@code routing_key} or {@code routing_key_file}, {@code url} (default {@value #DEFAULT_URL}),
 * {@code client} (default {@code ShopWatch}), {@code client_url} (default the external URL), {@code severity}
 * (default: {@code commonLabels.severity} when it is one of {@code critical|warning|error|info}, else
 * {@code error}), {@code class}, {@code component}, {@code group}, {@code source} (default the external URL's host,
 * else the receiver), {@code details} (added to {@code custom_details}), and the {@code title} template the renderer
 * reads for the summary (1024 characters at most). Only the title is a template here: the other fields are used as
 * written, and one holding a template ({@code {{ … }}}) counts as not set. An event over 512000 bytes loses its
 * {@code custom_details}, as in Alertmanager.
 *
 * <p>Answers: 2xx (202) is delivered; 400 is final with PagerDuty's errors; 429 (after {@code Retry-After}, 60 s
 * without one) and 5xx are retried; other statuses are final.
 */
public final class PagerDutyNotifier extends HttpChannelNotifier {

    static final String TYPE = "pagerduty";

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of(TYPE).withSecrets("routing_key", "service_key");

    static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
    static final int MAX_SUMMARY_CHARS = 1024;
    static final int MAX_EVENT_BYTES = 512_000;
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "error", "info");

    private final MessageRenderer renderer;

    /** PagerDuty declares no rate limits in {@link #TRAITS}, so the shared limiter never holds its sends. */
    public PagerDutyNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits limits) {
        super(TRAITS, http, limits);
        this.renderer = renderer;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        if (settings.get("service_key") != null || settings.get("service_key_file") != null) {
            problems.add("service_key (Events API v1) is not supported; use routing_key (Events API v2)");
        }
        boolean hasKey = settings.get("routing_key") != null;
        boolean hasFile = settings.get("routing_key_file") != null;
        if (hasKey == hasFile) {
            problems.add("one of routing_key or routing_key_file must be configured");
        }
        ChannelSettings.checkUrl(settings, "url", false, problems);
        ChannelSettings.checkUrl(settings, "client_url", false, problems);
        Object severity = settings.get("severity");
        if (severity != null
                && !severity.toString().contains("{{")
                && !SEVERITIES.contains(severity.toString().trim())) {
            problems.add("severity must be one of critical, warning, error, info");
        }
        if (settings.get("details") != null && !(settings.get("details") instanceof Map<?, ?>)) {
            problems.add("details must be a map");
        }
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    String url(IntegrationConfig integration) {
        String url = ChannelSettings.literal(integration, "url");
        return url == null ? DEFAULT_URL : url;
    }

    @Override
    String contentType() {
        return "application/json";
    }

    @Override
    List<byte[]> messages(IntegrationConfig integration, Notification notification) throws DeliveryException {
        String routingKey = ChannelSettings.literal(integration, "routing_key");
        if (routingKey == null && ChannelSettings.literal(integration, "routing_key_file") != null) {
            routingKey = ChannelSettings.readFile(TYPE, ChannelSettings.literal(integration, "routing_key_file"));
        }
        if (routingKey == null || routingKey.isEmpty()) {
            throw new DeliveryException(TYPE + ": no routing_key configured", false, 0);
        }
        Map<String, Object> event = event(integration, notification, routingKey);
        byte[] body = JsonCodec.MAPPER.writeValueAsBytes(event);
        if (body.length > MAX_EVENT_BYTES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) event.get("payload");
            payload.remove("custom_details");
            body = JsonCodec.MAPPER.writeValueAsBytes(event);
        }
        return List.of(body);
    }

    @Override
    void check(URI uri, OutboundHttp.Response response) throws DeliveryException {
        int status = response.status();
        if (response.is2xx()) {
            return;
        }
        String host = uri.getHost();
        if (status == 429) {
            throw new DeliveryException(
                    TYPE + " " + host + " answered 429 (too many requests)",
                    true,
                    status,
                    response.retryAfter().orElse(RobotAnswers.TOO_MANY_REQUESTS_WAIT),
                    response.summary());
        }
        boolean retry = status / 100 == 5;
        throw new DeliveryException(
                TYPE + " " + host + " answered " + status + errors(response.body()),
                retry,
                status,
                retry ? response.retryAfter().orElse(null) : null,
                response.summary());
    }

    /** PagerDuty's message and errors from an answer, for the exception. */
    private static String errors(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            Map<?, ?> answer = JsonCodec.MAPPER.readValue(body, Map.class);
            StringBuilder out = new StringBuilder();
            if (answer.get("message") != null) {
                out.append(": ").append(answer.get("message"));
            }
            if (answer.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
                out.append(out.isEmpty() ? ": " : " ").append(errors);
            }
            return out.toString();
        } catch (JacksonException e) {
            return "";
        }
    }

    /** The Events API v2 event. */
    Map<String, Object> event(IntegrationConfig integration, Notification notification, String routingKey) {
        MessageRenderer.Rendered rendered = renderer.render(integration, notification, MessageRenderer.Markup.TEXT);
        String summary = rendered.title() == null || rendered.title().isBlank()
                ? notification.status() + " " + notification.groupKey()
                : rendered.title().strip();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", Truncation.toCodePoints(summary, MAX_SUMMARY_CHARS, "…"));
        payload.put("source", source(integration, notification));
        payload.put("severity", severity(integration, notification));
        for (String key : List.of("class", "component", "group")) {
            String value = ChannelSettings.literal(integration, key);
            if (value != null) {
                payload.put(key, value);
            }
        }
        payload.put("custom_details", details(integration, notification));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", notification.firing() ? "trigger" : "resolve");
        event.put("dedup_key", ChannelRateLimits.sha256Hex(notification.groupKey()));
        event.put("payload", payload);
        String client = ChannelSettings.literal(integration, "client");
        event.put("client", client == null ? "ShopWatch" : client);
        String clientUrl = ChannelSettings.literal(integration, "client_url");
        if (clientUrl == null) {
            clientUrl = notification.externalURL();
        }
        if (clientUrl != null && !clientUrl.isBlank()) {
            event.put("client_url", clientUrl);
        }
        List<Map<String, String>> links = links(notification.extras());
        if (!links.isEmpty()) {
            event.put("links", links);
        }
        return event;
    }

    private static List<Map<String, String>> links(NotificationExtras extras) {
        List<Map<String, String>> links = new ArrayList<>();
        if (extras.ackUrl() != null) {
            links.add(Map.of("href", extras.ackUrl(), "text", ChatText.ACK));
        }
        if (extras.logSearchUrl() != null) {
            links.add(Map.of("href", extras.logSearchUrl(), "text", ChatText.LOGS));
        }
        return links;
    }

    static String severity(IntegrationConfig integration, Notification notification) {
        String configured = ChannelSettings.literal(integration, "severity");
        if (configured != null && SEVERITIES.contains(configured.toLowerCase(Locale.ROOT))) {
            return configured.toLowerCase(Locale.ROOT);
        }
        String label = notification.commonLabels().get("severity");
        if (label != null && SEVERITIES.contains(label.toLowerCase(Locale.ROOT))) {
            return label.toLowerCase(Locale.ROOT);
        }
        return "error";
    }

    private static String source(IntegrationConfig integration, Notification notification) {
        String configured = ChannelSettings.literal(integration, "source");
        if (configured != null) {
            return configured;
        }
        try {
            String host = notification.externalURL() == null
                    ? null
                    : URI.create(notification.externalURL()).getHost();
            if (host != null && !host.isEmpty()) {
                return host;
            }
        } catch (IllegalArgumentException ignored) {
            // not a URL: fall back to the receiver
        }
        return notification.receiver();
    }

    /** Counts of firing and resolved alerts, the common labels and annotations, then the configured details. */
    private static Map<String, Object> details(IntegrationConfig integration, Notification notification) {
        long firing =
                notification.alerts().stream().filter(a -> a.endsAt() == null).count();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("num_firing", firing);
        details.put("num_resolved", notification.alerts().size() - firing);
        details.put("common_labels", notification.commonLabels().asMap());
        details.put("common_annotations", notification.commonAnnotations());
        details.put("firing", labelsOf(notification.alerts(), true));
        if (integration.settings().get("details") instanceof Map<?, ?> configured) {
            configured.forEach((k, v) -> {
                if (k != null && v != null && !v.toString().contains("{{")) {
                    details.put(k.toString(), v);
                }
            });
        }
        return details;
    }

    private static List<Map<String, String>> labelsOf(List<Alert> alerts, boolean firing) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Alert a : alerts) {
            if ((a.endsAt() == null) == firing) {
                out.add(a.labels().asMap());
            }
        }
        return out;
    }
}
