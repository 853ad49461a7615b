package io.shopwatch.alert.api;

import io.shopwatch.alert.alertmanager.AlertGroups;
import io.shopwatch.alert.alertmanager.AlertIngestion;
import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.alertmanager.OrgAlertmanager;
import io.shopwatch.alert.config.AlertmanagerConfig;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.ha.Leadership;
import io.shopwatch.alert.matcher.Matcher;
import io.shopwatch.alert.matcher.MatcherParser;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.alert.silence.Silence;
import io.shopwatch.alert.silence.SilenceException;
import io.shopwatch.alert.store.AlertStore;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alertmanager's API v2 (alerts, alert groups, silences, receivers, status), so that Prometheus, amtool, OpenObserve
 * alert destinations and ShopWatch's own rules all feed the same pipeline. Scoped to the caller's organisation.
 */
@RestController
@RequestMapping("/api/v2")
@Tag(name = "Alertmanager API v2")
public class AlertmanagerApiController {

    private static final Instant STARTED = Instant.now();

    private final AlertIngestion ingestion;
    private final AlertStore store;
    private final Alertmanagers alertmanagers;
    private final OrgResolver orgs;
    private final Leadership leadership;
    private final Clock clock;
    private final AlertGroups groups;
    private final int maxAlertsPerRequest;
    private final SecretRedactor redactor;

    public AlertmanagerApiController(
            AlertIngestion ingestion,
            AlertStore store,
            Alertmanagers alertmanagers,
            OrgResolver orgs,
            Leadership leadership,
            Clock clock,
            AlertGroups groups,
            io.shopwatch.alert.settings.AlertingProperties properties,
            SecretRedactor redactor) {
        this.redactor = redactor;
        this.ingestion = ingestion;
        this.store = store;
        this.alertmanagers = alertmanagers;
        this.orgs = orgs;
        this.leadership = leadership;
        this.clock = clock;
        this.groups = groups;
        this.maxAlertsPerRequest = properties.maxAlertsPerRequest();
    }

    @PostMapping("/alerts")
    @Operation(summary = "Create or refresh alerts; the valid ones are kept even when others are rejected")
    public ResponseEntity<Void> postAlerts(
            @RequestBody List<ApiModel.PostableAlert> alerts, HttpServletRequest request) {
        String org = orgs.org(request);
        if (alerts.size() > maxAlertsPerRequest) {
            throw ShopWatchException.invalid(
                    "at most " + maxAlertsPerRequest + " alerts per request, got " + alerts.size());
        }
        List<AlertIngestion.Posted> posted = new ArrayList<>(alerts.size());
        for (ApiModel.PostableAlert a : alerts) {
            if (a == null) {
                continue;
            }
            posted.add(new AlertIngestion.Posted(
                    a.labels(), a.annotations(), zeroToNull(a.startsAt()), zeroToNull(a.endsAt()), a.generatorURL()));
        }
        AlertIngestion.Result result = ingestion.accept(org, posted);
        if (!result.errors().isEmpty()) {
            throw ShopWatchException.invalid(String.join("; ", result.errors()));
        }
        return ResponseEntity.ok().build();
    }

    @GetMapping("/alerts")
    @Operation(summary = "List the alerts that are not resolved, with their state")
    public List<ApiModel.GettableAlert> getAlerts(
            @RequestParam(defaultValue = "true") boolean active,
            @RequestParam(defaultValue = "true") boolean silenced,
            @RequestParam(defaultValue = "true") boolean inhibited,
            @RequestParam(defaultValue = "true") boolean unprocessed,
            @RequestParam(required = false) List<String> filter,
            @RequestParam(required = false) String receiver,
            HttpServletRequest request) {
        String org = orgs.org(request);
        OrgAlertmanager am = alertmanagers.get(org);
        List<Matcher> matchers = parseFilter(filter);
        com.google.re2j.Pattern receiverPattern = receiverPattern(receiver);
        Instant now = clock.instant();
        List<ApiModel.GettableAlert> out = new ArrayList<>();
        for (Alert a : store.all(org)) {
            if (a.resolvedAt(now) || !matchesAll(matchers, a.labels())) {
                continue;
            }
            ApiModel.GettableAlert g = gettable(am, a);
            if (receiverPattern != null && g.receivers().stream().noneMatch(r -> receiverPattern.matches(r.name()))) {
                continue;
            }
            if (!silenced && !g.status().silencedBy().isEmpty()) {
                continue;
            }
            if (!inhibited && !g.status().inhibitedBy().isEmpty()) {
                continue;
            }
            if (!active && g.status().state().equals("active")) {
                continue;
            }
            out.add(g);
        }
        out.sort(Comparator.comparing(ApiModel.GettableAlert::fingerprint));
        return out;
    }

    @GetMapping("/alerts/groups")
    @Operation(summary = "List the alerts by route and group labels, as the dispatcher groups them")
    public List<ApiModel.AlertGroup> getAlertGroups(
            @RequestParam(required = false) List<String> filter,
            @RequestParam(required = false) String receiver,
            HttpServletRequest request) {
        String org = orgs.org(request);
        OrgAlertmanager am = alertmanagers.get(org);
        List<Matcher> matchers = parseFilter(filter);
        com.google.re2j.Pattern receiverPattern = receiverPattern(receiver);
        List<ApiModel.AlertGroup> out = new ArrayList<>();
        for (AlertGroups.Group g : groups.groups(org, a -> matchesAll(matchers, a.labels()))) {
            if (receiverPattern == null || receiverPattern.matches(g.receiver())) {
                out.add(new ApiModel.AlertGroup(
                        g.labels().asMap(),
                        new ApiModel.Receiver(g.receiver()),
                        g.alerts().stream().map(a -> gettable(am, a)).toList()));
            }
        }
        return out;
    }

    @GetMapping("/silences")
    @Operation(summary = "List silences: active first, then pending, then expired")
    public List<ApiModel.GettableSilence> getSilences(
            @RequestParam(required = false) List<String> filter, HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        List<Matcher> matchers = parseFilter(filter);
        List<ApiModel.GettableSilence> out = new ArrayList<>();
        for (Silence s : am.silences().all()) {
            Map<String, String> equalities = new LinkedHashMap<>();
            s.matchers().forEach(m -> equalities.put(m.name(), m.value()));
            boolean keep = true;
            for (Matcher m : matchers) {
                String v = equalities.get(m.name());
                if (v == null || !m.matches(v)) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                out.add(gettable(s));
            }
        }
        return out;
    }

    @PostMapping("/silences")
    @Operation(summary = "Create a silence, or update one when an id is given")
    public ApiModel.SilenceCreated postSilence(@RequestBody ApiModel.PostableSilence body, HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        if (body.matchers() == null || body.startsAt() == null || body.endsAt() == null) {
            throw ShopWatchException.invalid("matchers, startsAt and endsAt are required");
        }
        if (!body.startsAt().isBefore(body.endsAt())) {
            throw ShopWatchException.invalid("Failed to create silence: start time must be before end time");
        }
        if (body.endsAt().isBefore(clock.instant())) {
            throw ShopWatchException.invalid("Failed to create silence: end time can't be in the past");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (ApiModel.Matcher m : body.matchers()) {
            try {
                matchers.add(Matcher.of(
                        m.name(),
                        Matcher.Type.of(Boolean.TRUE.equals(m.isRegex()), m.isEqual() == null || m.isEqual()),
                        m.value() == null ? "" : m.value()));
            } catch (IllegalArgumentException e) {
                throw ShopWatchException.invalid(e.getMessage());
            }
        }
        Silence s = new Silence(
                body.id(), matchers, body.startsAt(), body.endsAt(), null, body.createdBy(), body.comment());
        try {
            return new ApiModel.SilenceCreated(am.silences().set(s).id());
        } catch (SilenceException e) {
            throw problem(e);
        }
    }

    @GetMapping("/silence/{id}")
    @Operation(summary = "One silence")
    public ApiModel.GettableSilence getSilence(@PathVariable String id, HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        return am.silences().get(id).map(this::gettable).orElseThrow(() -> ShopWatchException.notFound("silence", id));
    }

    @DeleteMapping("/silence/{id}")
    @Operation(summary = "Expire a silence now")
    public ResponseEntity<Void> deleteSilence(@PathVariable String id, HttpServletRequest request) {
        OrgAlertmanager am = alertmanagers.get(orgs.org(request));
        try {
            am.silences().expire(id);
        } catch (SilenceException e) {
            throw problem(e);
        }
        return ResponseEntity.ok().build();
    }

    @GetMapping("/receivers")
    @Operation(summary = "The configured receivers")
    public List<ApiModel.Receiver> getReceivers(HttpServletRequest request) {
        AlertmanagerConfig config = alertmanagers.get(orgs.org(request)).config();
        return config.receivers().keySet().stream().map(ApiModel.Receiver::new).toList();
    }

    @GetMapping("/status")
    @Operation(summary = "This replica, the configuration in force and the uptime")
    public ApiModel.Status getStatus(HttpServletRequest request) {
        AlertmanagerConfig config = alertmanagers.get(orgs.org(request)).config();
        String replica = leadership.replica();
        return new ApiModel.Status(
                new ApiModel.ClusterStatus(
                        replica, "ready", List.of(new ApiModel.Peer(replica, leadership.isLeader() ? "leader" : ""))),
                new ApiModel.VersionInfo(
                        Optional.ofNullable(getClass().getPackage().getImplementationVersion())
                                .orElse("0.1.0-SNAPSHOT"),
                        "",
                        "",
                        "",
                        "",
                        "java" + Runtime.version().feature()),
                new ApiModel.ConfigText(redactor.redact(config.source())),
                STARTED);
    }

    private ApiModel.GettableAlert gettable(OrgAlertmanager am, Alert a) {
        io.shopwatch.alert.alertmanager.AlertStatus st = am.status(a);
        return new ApiModel.GettableAlert(
                a.labels().asMap(),
                a.annotations(),
                a.startsAt(),
                a.endsAt(),
                a.updatedAt(),
                a.generatorURL(),
                a.labels().fingerprintHex(),
                st.receivers().stream().map(ApiModel.Receiver::new).toList(),
                new ApiModel.AlertStatus(st.state(), st.silencedBy(), st.inhibitedBy(), st.mutedBy()));
    }

    private ApiModel.GettableSilence gettable(Silence s) {
        return new ApiModel.GettableSilence(
                s.id(),
                new ApiModel.SilenceStatus(s.state(clock.instant()).apiName()),
                s.updatedAt(),
                s.matchers().stream()
                        .map(m -> new ApiModel.Matcher(
                                m.name(),
                                m.value(),
                                m.type().isRegex(),
                                m.type().isEqual()))
                        .toList(),
                s.startsAt(),
                s.endsAt(),
                s.createdBy(),
                s.comment());
    }

    private static List<Matcher> parseFilter(List<String> filter) {
        List<Matcher> out = new ArrayList<>();
        if (filter != null) {
            for (String f : filter) {
                try {
                    out.addAll(MatcherParser.parse(f));
                } catch (IllegalArgumentException e) {
                    throw ShopWatchException.invalid("bad filter: " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static com.google.re2j.Pattern receiverPattern(String receiver) {
        if (receiver == null || receiver.isEmpty()) {
            return null;
        }
        try {
            return com.google.re2j.Pattern.compile("^(?:" + receiver + ")$");
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw ShopWatchException.invalid("bad receiver regular expression: " + e.getDescription());
        }
    }

    private static boolean matchesAll(List<Matcher> matchers, LabelSet labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static Instant zeroToNull(Instant t) {
        return t == null || t.getEpochSecond() <= -62135596800L ? null : t;
    }

    private static ShopWatchException problem(SilenceException e) {
        ProblemType type =
                switch (e.kind()) {
                    case NOT_FOUND -> ProblemType.NOT_FOUND;
                    case INVALID -> ProblemType.VALIDATION;
                    case ALREADY_EXPIRED -> ProblemType.CONFLICT;
                };
        return new ShopWatchException(type, e.getMessage());
    }
}
