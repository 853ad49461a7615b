package io.shopwatch.alert.api;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.NotificationReason;
import io.shopwatch.alert.notify.template.MessageRenderer.Markup;
import io.shopwatch.alert.notify.template.MessageRenderer.Rendered;
import io.shopwatch.alert.notify.template.MustacheMessageRenderer;
import io.shopwatch.alert.notify.template.SampleNotifications;
import io.shopwatch.alert.notify.template.TemplateError;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders notification templates against a sample alert group (by default an e-commerce one: HighErrorRate on
 * checkout, two alerts) so that they can be tried before they go into a receiver's settings. Nothing is sent or
 * stored.
 */
@RestController
@RequestMapping("/api/v1/alerts/templates")
@Tag(name = "Alert templates")
public class TemplatePreviewController {

    /**
     * What to render.
     *
     * @param title title template; empty for the built-in one
     * @param text body template for every markup but HTML; empty for the built-in one
     * @param html body template for the HTML markup (e-mail); empty for the built-in one
     * @param language {@code zh} or {@code en}; empty for the channel's default
     * @param markup {@code MARKDOWN} (default), {@code WECOM_MARKDOWN}, {@code SLACK_MRKDWN}, {@code TEXT}, {@code HTML}
     * @param status {@code firing} (default) or {@code resolved}
     * @param timezone the zone times are written in; empty for the language's default
     * @param channel the integration type whose defaults apply ({@code dingtalk}, {@code email}, ...)
     * @param group an alert group to render instead of the built-in sample
     */
    public record PreviewRequest(
            String title,
            String text,
            String html,
            String language,
            String markup,
            String status,
            String timezone,
            String channel,
            SampleGroup group) {}

    /** An alert group to render; labels and annotations common to all alerts are worked out when not given. */
    public record SampleGroup(
            String receiver,
            Map<String, String> groupLabels,
            Map<String, String> commonLabels,
            Map<String, String> commonAnnotations,
            List<SampleAlert> alerts) {}

    /** One alert of a sample group; {@code startsAt} defaults to ten minutes ago, {@code endsAt} to none. */
    public record SampleAlert(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL) {}

    /** The rendered message. */
    public record Preview(String title, String text) {}

    private final MustacheMessageRenderer renderer;
    private final Clock clock;

    public TemplatePreviewController(MustacheMessageRenderer renderer, Clock clock) {
        this.renderer = renderer;
        this.clock = clock;
    }

    @PostMapping(
            path = "/preview",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Render notification templates against a sample alert group")
    public Preview preview(@RequestBody PreviewRequest request) {
        Markup markup = markup(request.markup());
        boolean resolved = resolved(request.status());
        Map<String, Object> settings = new LinkedHashMap<>();
        putIfSet(settings, "title", request.title());
        putIfSet(settings, "text", request.text());
        putIfSet(settings, "html", request.html());
        putIfSet(settings, "language", request.language());
        putIfSet(settings, "timezone", request.timezone());
        List<TemplateError> errors = renderer.check(settings);
        if (!errors.isEmpty()) {
            throw new TemplateRejectedException(errors);
        }
        Instant now = clock.instant();
        Notification sample = SampleNotifications.checkoutErrors(resolved, now);
        Notification notification = request.group() == null ? sample : group(request.group(), resolved, now, sample);
        String channel = request.channel() == null || request.channel().isBlank()
                ? "preview"
                : request.channel().trim().toLowerCase(Locale.ROOT);
        Rendered r = renderer.render(new IntegrationConfig(channel, 0, true, settings), notification, markup);
        return new Preview(r.title(), r.text());
    }

    private static Notification group(SampleGroup g, boolean resolved, Instant now, Notification sample) {
        if (g.alerts() == null || g.alerts().isEmpty()) {
            throw ShopWatchException.invalid("group.alerts must hold at least one alert");
        }
        List<Alert> alerts = new ArrayList<>();
        for (SampleAlert a : g.alerts()) {
            if (a == null || a.labels() == null || a.labels().isEmpty()) {
                throw ShopWatchException.invalid("every alert of group.alerts needs labels");
            }
            Instant start = a.startsAt() == null ? now.minus(Duration.ofMinutes(10)) : a.startsAt();
            Instant end = a.endsAt() != null ? a.endsAt() : resolved ? now : null;
            alerts.add(new Alert(LabelSet.of(a.labels()), a.annotations(), start, end, a.generatorURL(), now, false));
        }
        LabelSet groupLabels;
        if (g.groupLabels() != null) {
            groupLabels = LabelSet.of(g.groupLabels());
        } else {
            String name = alerts.get(0).labels().get("alertname");
            groupLabels = name == null ? LabelSet.EMPTY : LabelSet.of("alertname", name);
        }
        Notification n = Notification.of(
                sample.org(),
                g.receiver() == null ? sample.receiver() : g.receiver(),
                alerts,
                groupLabels,
                sample.externalURL(),
                "{}:" + groupLabels,
                resolved ? NotificationReason.ALL_ALERTS_RESOLVED : NotificationReason.FIRST_NOTIFICATION,
                now);
        return new Notification(
                        n.org(),
                        n.receiver(),
                        n.status(),
                        n.alerts(),
                        n.groupLabels(),
                        g.commonLabels() == null ? n.commonLabels() : LabelSet.of(g.commonLabels()),
                        g.commonAnnotations() == null ? n.commonAnnotations() : g.commonAnnotations(),
                        n.externalURL(),
                        n.groupKey(),
                        0,
                        n.reason(),
                        null)
                .withExtras(sample.extras());
    }

    private static Markup markup(String value) {
        if (value == null || value.isBlank()) {
            return Markup.MARKDOWN;
        }
        try {
            return Markup.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid("markup must be one of " + List.of(Markup.values()) + ", not " + value);
        }
    }

    private static boolean resolved(String status) {
        if (status == null || status.isBlank() || status.trim().equalsIgnoreCase("firing")) {
            return false;
        }
        if (status.trim().equalsIgnoreCase("resolved")) {
            return true;
        }
        throw ShopWatchException.invalid("status must be firing or resolved, not " + status);
    }

    private static void putIfSet(Map<String, Object> settings, String name, String value) {
        if (value != null && !value.isEmpty()) {
            settings.put(name, value);
        }
    }
}
