package io.shopwatch.alert.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Alertmanager's completion and validation of an alert posted to {@code POST /api/v2/alerts}. */
public final class AlertIntake {

    private AlertIntake() {}

    /**
     * Completes a posted alert: a missing start becomes now (or its end, when only the end is given); a missing end
     * becomes now + {@code resolveTimeout} and is marked as a timeout. Empty label values are dropped. Both times are
     * kept to the microsecond, PostgreSQL's precision, so an alert reads the same whether it is answered from memory or
     * from the database.
     *
     * @throws IllegalArgumentException when the alert is not valid
     */
    public static Alert complete(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL,
            Instant now,
            Duration resolveTimeout) {
        LabelSet set = LabelSet.of(labels == null ? Map.of() : labels);
        Instant start = micros(startsAt);
        if (start == null) {
            start = micros(endsAt == null ? now : endsAt);
        }
        boolean timeout = false;
        Instant end = micros(endsAt);
        if (end == null) {
            timeout = true;
            end = micros(now.plus(resolveTimeout));
        }
        Alert alert = new Alert(set, annotations, start, end, generatorURL, now, timeout);
        List<String> problems = validate(alert);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return alert;
    }

    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    /** Alertmanager's {@code Alert.Validate}. */
    public static List<String> validate(Alert alert) {
        List<String> problems = new ArrayList<>();
        if (alert.labels().isEmpty()) {
            problems.add("at least one label pair required");
        }
        if (alert.endsAt() != null && alert.endsAt().isBefore(alert.startsAt())) {
            problems.add("start time must be before end time");
        }
        for (String name : alert.labels().asMap().keySet()) {
            if (name.isEmpty()) {
                problems.add("invalid label set: empty label name");
            }
        }
        for (String name : alert.annotations().keySet()) {
            if (name.isEmpty()) {
                problems.add("invalid annotations: empty annotation name");
            }
        }
        return problems;
    }
}
