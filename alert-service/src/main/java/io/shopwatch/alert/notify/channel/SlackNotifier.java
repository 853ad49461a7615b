package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.ChannelTraits.RateLimit;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationExtras;
import io.shopwatch.alert.notify.http.OutboundHttp;
import io.shopwatch.alert.notify.template.MessageRenderer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook ({@code slack_configs}, Alertmanager's field names): {@code text} (the title, Slack's
 * notification fallback) and Block Kit {@code blocks}: a header with the title (150 characters at most), a
 * {@code mrkdwn} section with the text (3000 at most), and a context line of links (acknowledge, log search,
 * {@code title_link}) when there are any. Links are mrkdwn links, not buttons: buttons on an incoming webhook need an
 * app with interactivity.
 *
 * <p>Settings: {@code api_url} or {@code api_url_file}, {@code channel}, {@code username}, {@code icon_emoji},
 * {@code icon_url}, {@code title_link}, {@code color}, and the {@code title} / {@code text} templates the renderer
 * reads. Only {@code title} and {@code text} are templates here: a {@code title_link} holding a template is left out,
 * and a {@code color} holding one means Alertmanager's default ({@code danger} while firing, {@code good} when
 * resolved). With a {@code color} the blocks go into one attachment of that colour, the only way Slack colours them.
 *
 * <p>Answers: 200 with the plain text {@code ok} is delivered; any other 200 text is a final error; 429 is retried after
 * {@code Retry-After} (60 s without one); 5xx is retried; other 4xx are final with Slack's error text
 * ({@code invalid_payload}, {@code channel_not_found}, …).
 */
public final class SlackNotifier extends HttpChannelNotifier {

    static final String TYPE = "slack";

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of(TYPE)
            .withSecrets("api_url")
            .withRateLimits(new RateLimit(3, 1, Duration.ofSeconds(1)))
            .withDigests();

    static final int MAX_HEADER_CHARS = 150;
    static final int MAX_SECTION_CHARS = 3000;

    private final MessageRenderer renderer;

    public SlackNotifier(OutboundHttp http, MessageRenderer renderer, ChannelRateLimits limits) {
        super(TRAITS, http, limits);
        this.renderer = renderer;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        boolean hasUrl = settings.get("api_url") != null;
        boolean hasFile = settings.get("api_url_file") != null;
        if (hasUrl == hasFile) {
            problems.add("one of api_url or api_url_file must be configured (global.slack_api_url is not used)");
        }
        ChannelSettings.checkUrl(settings, "api_url", false, problems);
        for (String key : List.of("channel", "username", "icon_emoji", "color", "title_link")) {
            ChannelSettings.checkString(settings, key, problems);
        }
        ChannelSettings.checkUrl(settings, "icon_url", false, problems);
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    String url(IntegrationConfig integration) throws DeliveryException {
        return ChannelSettings.url(integration, TYPE, "api_url", "api_url_file");
    }

    @Override
    List<byte[]> messages(IntegrationConfig integration, Notification notification) {
        return List.of(JsonCodec.MAPPER.writeValueAsBytes(message(integration, notification)));
    }

    @Override
    void check(URI uri, OutboundHttp.Response response) throws DeliveryException {
        int status = response.status();
        String text = response.body() == null ? "" : response.body().strip();
        String host = uri.getHost();
        if (status == 200 && text.equals("ok")) {
            return;
        }
        String said = text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        if (status == 429) {
            throw new DeliveryException(
                    "slack " + host + " answered 429 (too many requests)" + said,
                    true,
                    status,
                    response.retryAfter().orElse(RobotAnswers.TOO_MANY_REQUESTS_WAIT),
                    response.summary());
        }
        boolean retry = status / 100 == 5;
        throw new DeliveryException(
                "slack " + host + " answered " + status + said,
                retry,
                status,
                retry ? response.retryAfter().orElse(null) : null,
                response.summary());
    }

    /** The webhook message. */
    Map<String, Object> message(IntegrationConfig integration, Notification notification) {
        MessageRenderer.Rendered rendered =
                renderer.render(integration, notification, MessageRenderer.Markup.SLACK_MRKDWN);
        String title = rendered.title() == null ? "" : rendered.title().strip();
        String text = rendered.text() == null ? "" : rendered.text();
        List<Map<String, Object>> blocks = new ArrayList<>();
        if (!title.isEmpty()) {
            blocks.add(Map.of(
                    "type",
                    "header",
                    "text",
                    Map.of("type", "plain_text", "text", Truncation.toCodePoints(title, MAX_HEADER_CHARS, "…"))));
        }
        if (!text.isBlank()) {
            blocks.add(Map.of(
                    "type",
                    "section",
                    "text",
                    Map.of("type", "mrkdwn", "text", Truncation.toCodePoints(text, MAX_SECTION_CHARS, "…"))));
        }
        List<String> links = links(integration, notification.extras());
        if (!links.isEmpty()) {
            List<Map<String, Object>> elements = new ArrayList<>();
            elements.add(Map.of("type", "mrkdwn", "text", String.join("  •  ", links)));
            blocks.add(Map.of("type", "context", "elements", elements));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", title);
        String color = color(integration, notification);
        if (color == null) {
            message.put("blocks", blocks);
        } else {
            message.put("attachments", List.of(Map.of("color", color, "blocks", blocks)));
        }
        for (String key : List.of("channel", "username", "icon_emoji", "icon_url")) {
            String value = ChannelSettings.literal(integration, key);
            if (value != null) {
                message.put(key, value);
            }
        }
        return message;
    }

    private static List<String> links(IntegrationConfig integration, NotificationExtras extras) {
        List<String> links = new ArrayList<>();
        if (extras.ackUrl() != null) {
            links.add(link(extras.ackUrl(), ChatText.ACK));
        }
        if (extras.logSearchUrl() != null) {
            links.add(link(extras.logSearchUrl(), ChatText.LOGS));
        }
        String titleLink = ChannelSettings.literal(integration, "title_link");
        if (titleLink != null) {
            links.add(link(titleLink, "Details"));
        }
        return links;
    }

    /** A mrkdwn link; the characters that end one are escaped in the URL. */
    private static String link(String url, String label) {
        return "<" + url.replace("|", "%7C").replace(">", "%3E") + "|" + label + ">";
    }

    private static String color(IntegrationConfig integration, Notification notification) {
        Object configured = integration.settings().get("color");
        if (configured == null || configured.toString().isBlank()) {
            return null;
        }
        String literal = ChannelSettings.literal(integration, "color");
        if (literal != null) {
            return literal;
        }
        return notification.firing() ? "danger" : "good";
    }
}
