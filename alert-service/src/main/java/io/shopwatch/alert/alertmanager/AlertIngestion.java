package io.shopwatch.alert.alertmanager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.core.AlertIntake;
import io.shopwatch.alert.store.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way alerts enter: from {@code POST /api/v2/alerts} (Prometheus, amtool, OpenObserve destinations) and from
 * ShopWatch's own rules. Completes them as Alertmanager does, keeps the valid ones and reports the invalid ones.
 */
public final class AlertIngestion {

    /**
     * An alert as posted.
     *
     * @param labels identity
     * @param annotations descriptive information
     * @param startsAt start, null for now
     * @param endsAt end, null for now + resolve_timeout
     * @param generatorURL backlink to the source
     */
    public record Posted(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL) {}

    /** What happened to a batch: how many were stored, and why the others were not. */
    public record Result(int accepted, List<String> errors) {}

    private final AlertStore store;
    private final Alertmanagers alertmanagers;
    private final Clock clock;
    private final Counter firing;
    private final Counter resolved;
    private final Counter invalid;

    public AlertIngestion(AlertStore store, Alertmanagers alertmanagers, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.alertmanagers = alertmanagers;
        this.clock = clock;
        this.firing = Counter.builder("shopwatch.alert.alerts.received")
                .tag("status", "firing")
                .description("alerts received")
                .register(registry);
        this.resolved = Counter.builder("shopwatch.alert.alerts.received")
                .tag("status", "resolved")
                .register(registry);
        this.invalid = Counter.builder("shopwatch.alert.alerts.invalid")
                .description("alerts rejected as invalid")
                .register(registry);
    }

    public Result accept(String org, List<Posted> posted) {
        Instant now = clock.instant();
        Duration resolveTimeout = alertmanagers.get(org).config().resolveTimeout();
        List<Alert> valid = new ArrayList<>(posted.size());
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < posted.size(); i++) {
            Posted p = posted.get(i);
            try {
                Alert a = AlertIntake.complete(
                        p.labels(), p.annotations(), p.startsAt(), p.endsAt(), p.generatorURL(), now, resolveTimeout);
                (a.resolvedAt(now) ? resolved : firing).increment();
                valid.add(a);
            } catch (IllegalArgumentException e) {
                invalid.increment();
                errors.add("alert " + i + ": " + e.getMessage());
            }
        }
        if (!valid.isEmpty()) {
            store.put(org, valid);
        }
        return new Result(valid.size(), errors);
    }
}
