package io.shopwatch.alert.api;

import io.shopwatch.alert.ack.GroupAcks;
import io.shopwatch.alert.ack.NotificationLinks;
import io.shopwatch.alert.alertmanager.AlertGroups;
import io.shopwatch.alert.notify.NotificationExtras.Ack;
import io.shopwatch.alert.notify.NotificationProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The one-click acknowledgement link in messages. Opening it ({@code GET}) only shows the group and a button, so that
 * chat clients that prefetch links acknowledge nothing; the button ({@code POST}) acknowledges. The signed token in
 * the path is the credential: no login, only that group, until the link expires.
 */
@RestController
@RequestMapping("/api/v1/alerts/ack")
@Tag(name = "Alert groups")
public class AckLinkController {

    static final String PATH = "/api/v1/alerts/ack/**";

    private final NotificationLinks links;
    private final AlertGroups groups;
    private final GroupAcks acks;
    private final Clock clock;
    private final NotificationProperties properties;

    public AckLinkController(
            NotificationLinks links,
            AlertGroups groups,
            GroupAcks acks,
            Clock clock,
            NotificationProperties properties) {
        this.links = links;
        this.groups = groups;
        this.acks = acks;
        this.clock = clock;
        this.properties = properties;
    }

    @GetMapping(path = "/{token}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The page of a one-click acknowledgement link (acknowledges nothing by itself)")
    public ResponseEntity<String> page(@PathVariable String token) {
        Instant now = clock.instant();
        Optional<NotificationLinks.AckTarget> target = links.verify(token, now);
        if (target.isEmpty()) {
            return html(
                    HttpStatus.NOT_FOUND, "Link not valid", "<p>This acknowledgement link is invalid or expired.</p>");
        }
        Optional<AlertGroups.Group> group =
                groups.group(target.get().org(), target.get().groupId());
        if (group.isEmpty()) {
            return html(HttpStatus.OK, "Nothing to acknowledge", "<p>The alert group no longer fires.</p>");
        }
        Optional<Ack> ack = acks.get(target.get().org(), target.get().groupId(), now);
        String state = ack.map(a -> "<p>Already acknowledged by " + esc(a.by()) + " at " + a.at() + ".</p>")
                .orElse("");
        return html(
                HttpStatus.OK,
                "Acknowledge alert group",
                "<p><b>" + esc(group.get().labels().toString()) + "</b> — "
                        + group.get().alerts().size()
                        + " firing alert(s), receiver " + esc(group.get().receiver()) + ".</p>" + state
                        + "<form method=\"post\"><label>Your name <input name=\"name\" required maxlength=\"100\">"
                        + "</label><br><label>Comment <input name=\"comment\" maxlength=\"500\"></label><br>"
                        + "<button type=\"submit\">Acknowledge</button></form>");
    }

    @PostMapping(
            path = "/{token}",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "Acknowledge through a one-click link")
    public ResponseEntity<String> acknowledge(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String comment) {
        Instant now = clock.instant();
        Optional<NotificationLinks.AckTarget> target = links.verify(token, now);
        if (target.isEmpty()) {
            return html(
                    HttpStatus.NOT_FOUND, "Link not valid", "<p>This acknowledgement link is invalid or expired.</p>");
        }
        Optional<AlertGroups.Group> group =
                groups.group(target.get().org(), target.get().groupId());
        if (group.isEmpty()) {
            return html(HttpStatus.OK, "Nothing to acknowledge", "<p>The alert group no longer fires.</p>");
        }
        String who = name.isBlank() ? "someone" : name.strip();
        if (who.length() > 100) {
            who = who.substring(0, 100);
        }
        Ack ack = AlertGroupsController.acknowledge(
                acks,
                target.get().org(),
                group.get(),
                who + " (link)",
                new AlertGroupsController.AckRequest(
                        comment.length() > 500 ? comment.substring(0, 500) : comment, null),
                now,
                properties.ackDuration());
        return html(
                HttpStatus.OK,
                "Acknowledged",
                "<p>Acknowledged by " + esc(ack.by()) + " until " + ack.expiresAt()
                        + ". Repeats and escalation stop until the group resolves or the acknowledgement expires.</p>");
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .body("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title)
                        + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>");
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
