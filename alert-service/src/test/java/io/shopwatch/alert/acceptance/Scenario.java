package io.shopwatch.alert.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.alert.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alertmanager's acceptance-test style over real HTTP: actions at seconds after a base time, webhooks that record
 * arrival times, expectations "a notification with exactly these alerts arrives in [a, b]", and the total number of
 * notifications must match. Each scenario runs in its own organisation, so scenarios can run side by side.
 */
final class Scenario implements AutoCloseable {

    /** Early and late slack around Alertmanager's windows, for a busy two-core machine. */
    static final double EARLY = 0.15;

    static final double LATE = 0.85;

    /** Like Alertmanager's tests, notifications are collected until shortly after the last window. */
    static final double CUTOFF = 0.45;

    /** Tolerance on startsAt/endsAt of the expected alerts. */
    static final double TIME_TOLERANCE = 0.35;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Action(double at, String name, ThrowingRunnable run) {}

    private record Want(int receiver, double from, double to, List<AlertSpec> alerts) {}

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private final AlertServiceInstance service;
    private final String org;
    final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<Want> wants = new ArrayList<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Instant base;
    private volatile double cutoff;

    Scenario(AlertServiceInstance service, String org, int webhooks) throws Exception {
        this.service = service;
        this.org = org;
        for (int i = 0; i < webhooks; i++) {
            receivers.add(new WebhookReceiver());
        }
    }

    /** Stores the configuration; {@code {w0}}, {@code {w1}} stand for the webhook URLs. */
    Scenario config(String yaml) throws Exception {
        String text = yaml;
        for (int i = 0; i < receivers.size(); i++) {
            text = text.replace("{w" + i + "}", receivers.get(i).url());
        }
        HttpResponse<String> r = service.putYaml("/api/v1/alerts/config", org, text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return this;
    }

    String org() {
        return org;
    }

    Instant t(double seconds) {
        return base.plusMillis(Math.round(seconds * 1000));
    }

    Scenario push(double at, AlertSpec... alerts) {
        actions.add(new Action(at, "push", () -> {
            List<Map<String, Object>> body = new ArrayList<>();
            for (AlertSpec a : alerts) {
                body.add(a.postable(this));
            }
            HttpResponse<String> r = service.postJson("/api/v2/alerts", org, JSON.writeValueAsString(body));
            if (r.statusCode() != 200) {
                failures.add("push at " + at + " answered " + r.statusCode() + ": " + r.body());
            }
        }));
        return this;
    }

    Scenario at(double at, ThrowingRunnable run) {
        actions.add(new Action(at, "action", run));
        return this;
    }

    Scenario want(int receiver, double from, double to, AlertSpec... alerts) {
        wants.add(new Want(receiver, from, to, List.of(alerts)));
        return this;
    }

    /** Runs the actions at their times, waits past the last window, and checks every webhook. */
    void run() throws Exception {
        double end = wants.stream().mapToDouble(Want::to).max().orElse(0);
        end = Math.max(end, actions.stream().mapToDouble(Action::at).max().orElse(0)) + CUTOFF;
        cutoff = end;
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        base = Instant.now().plusMillis(200);
        try {
            for (Action a : actions) {
                long delay = Duration.between(Instant.now(), t(a.at())).toMillis();
                executor.schedule(
                        () -> {
                            try {
                                a.run().run();
                            } catch (Exception e) {
                                failures.add(a.name() + " at " + a.at() + " failed: " + e);
                            }
                        },
                        Math.max(0, delay),
                        TimeUnit.MILLISECONDS);
            }
            long wait = Duration.between(Instant.now(), t(end)).toMillis();
            Thread.sleep(Math.max(0, wait)); // the scenario's own timeline, not an assertion
        } finally {
            executor.shutdownNow();
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < receivers.size(); i++) {
            check(i);
        }
    }

    private void check(int receiver) {
        List<Want> expected = wants.stream()
                .filter(w -> w.receiver() == receiver)
                .sorted(Comparator.comparingDouble(Want::from))
                .toList();
        List<WebhookReceiver.Received> got = receivers.get(receiver).received().stream()
                .filter(r -> seconds(r.at()) <= cutoff)
                .toList();
        List<String> gotText = got.stream().map(this::describe).toList();
        List<String> wantText = expected.stream().map(this::describe).toList();
        assertThat(got)
                .as("webhook %d: expected %s%nbut received %s", receiver, wantText, gotText)
                .hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Want w = expected.get(i);
            WebhookReceiver.Received r = got.get(i);
            double at = seconds(r.at());
            assertThat(at)
                    .as("webhook %d notification %d (%s) arrival", receiver, i, gotText.get(i))
                    .isBetween(w.from() - EARLY, w.to() + LATE);
            assertThat(matches(w.alerts(), r.alerts()))
                    .as(
                            "webhook %d notification %d: expected %s but got %s",
                            receiver, i, wantText.get(i), gotText.get(i))
                    .isTrue();
        }
    }

    private boolean matches(List<AlertSpec> want, List<Map<String, Object>> got) {
        if (want.size() != got.size()) {
            return false;
        }
        Map<String, Map<String, Object>> byLabels = new TreeMap<>();
        for (Map<String, Object> a : got) {
            byLabels.put(String.valueOf(new TreeMap<>(labels(a))), a);
        }
        for (AlertSpec w : want) {
            Map<String, Object> a = byLabels.get(String.valueOf(new TreeMap<>(w.labels)));
            if (a == null) {
                return false;
            }
            boolean resolved = "resolved".equals(a.get("status"));
            if (resolved != (w.end != null)) {
                return false;
            }
            if (w.start != null
                    && Math.abs(seconds(Instant.parse((String) a.get("startsAt"))) - w.start) > TIME_TOLERANCE) {
                return false;
            }
            if (w.end != null && Math.abs(seconds(Instant.parse((String) a.get("endsAt"))) - w.end) > TIME_TOLERANCE) {
                return false;
            }
            Object annotations = a.get("annotations");
            if (!w.annotations.equals(annotations == null ? Map.of() : annotations)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> alert) {
        return (Map<String, String>) alert.get("labels");
    }

    private String describe(Want w) {
        return "[" + w.from() + "," + w.to() + "] "
                + w.alerts().stream().map(AlertSpec::toString).collect(Collectors.joining(", "));
    }

    private String describe(WebhookReceiver.Received r) {
        return String.format("%.2f ", seconds(r.at()))
                + r.alerts().stream()
                        .map(a -> labels(a).values() + ":" + a.get("status") + "@"
                                + String.format("%.2f", seconds(Instant.parse((String) a.get("startsAt"))))
                                + ("resolved".equals(a.get("status"))
                                        ? "-" + String.format("%.2f", seconds(Instant.parse((String) a.get("endsAt"))))
                                        : "")
                                + (((Map<?, ?>) a.get("annotations")).isEmpty() ? "" : a.get("annotations")))
                        .collect(Collectors.joining(", "));
    }

    double seconds(Instant at) {
        return Duration.between(base, at).toMillis() / 1000.0;
    }

    static AlertSpec alert(String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new AlertSpec(labels);
    }

    /** An alert to push or to expect. */
    static final class AlertSpec {
        final Map<String, String> labels;
        Map<String, String> annotations = Map.of();
        Double start;
        Double end;

        AlertSpec(Map<String, String> labels) {
            this.labels = labels;
        }

        AlertSpec annotate(String name, String value) {
            annotations = Map.of(name, value);
            return this;
        }

        AlertSpec active(double from) {
            start = from;
            return this;
        }

        AlertSpec active(double from, double to) {
            start = from;
            end = to;
            return this;
        }

        Map<String, Object> postable(Scenario s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", labels);
            m.put("annotations", annotations);
            if (start != null) {
                m.put("startsAt", s.t(start).toString());
            }
            if (end != null) {
                m.put("endsAt", s.t(end).toString());
            }
            return m;
        }

        @Override
        public String toString() {
            return labels.values()
                    + (end == null ? ":firing" : ":resolved")
                    + (start == null ? "" : "@" + start)
                    + (end == null ? "" : "-" + end)
                    + (annotations.isEmpty() ? "" : annotations.toString());
        }
    }

    /** Stops the organisation's notifications (a configuration without integrations), then the webhooks. */
    @Override
    public void close() {
        try {
            service.putYaml("/api/v1/alerts/config", org, "route: {receiver: off}\nreceivers: [{name: 'off'}]\n");
        } catch (Exception e) {
            // the service is going away with the test
        }
        receivers.forEach(WebhookReceiver::close);
    }
}
