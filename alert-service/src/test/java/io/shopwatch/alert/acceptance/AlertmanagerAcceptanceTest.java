package io.shopwatch.alert.acceptance;

import static io.shopwatch.alert.acceptance.Scenario.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alertmanager's acceptance scenarios against the running service over real HTTP, with real webhooks recording
 * arrival times: batching, repeat, merge, resolve_timeout, send_resolved false, retry rounding, silences, silence
 * expiry, inhibition and configuration reload. Each scenario has its own organisation; they run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class AlertmanagerAcceptanceTest {

    private static AlertServiceInstance service;

    private static final String ONE_SECOND = """
            route:
              receiver: default
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1ms
            receivers:
              - name: default
                webhook_configs:
                  - url: '{w0}'
            """;

    @BeforeAll
    static void start() throws Exception {
        service = AlertServiceInstance.start(EmbeddedPostgresSupport.newDatabase("alert_acceptance"), "r1", Map.of());
        // warm the request path up, so that the first scenario's timings are not those of a cold JVM
        for (int i = 0; i < 50; i++) {
            service.postJson("/api/v2/alerts", "warmup", "[{\"labels\":{\"alertname\":\"w" + i + "\"}}]");
            service.get("/api/v2/alerts", "warmup");
        }
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void repeat() throws Exception {
        try (Scenario s = new Scenario(service, "repeat", 1)) {
            s.config(ONE_SECOND)
                    .push(1, alert("alertname", "test").active(1))
                    .push(3.5, alert("alertname", "test").active(1, 3))
                    .want(0, 2, 2.5, alert("alertname", "test").active(1))
                    .want(0, 3, 3.5, alert("alertname", "test").active(1))
                    .want(0, 4, 4.5, alert("alertname", "test").active(1, 3))
                    .run();
        }
    }

    @Test
    void batching() throws Exception {
        try (Scenario s = new Scenario(service, "batching", 1)) {
            var all = new Scenario.AlertSpec[] {
                alert("alertname", "test1").active(1),
                alert("alertname", "test5").active(1),
                alert("alertname", "test2").active(1.5),
                alert("alertname", "test3").active(1.5),
                alert("alertname", "test4").active(1.6)
            };
            s.config(ONE_SECOND.replace("[alertname]", "[]").replace("1ms", "4900ms"))
                    .push(1.1, alert("alertname", "test1").active(1))
                    .push(1.7, alert("alertname", "test5").active(1))
                    .push(
                            3.3,
                            alert("alertname", "test2").active(1.5),
                            alert("alertname", "test3").active(1.5),
                            alert("alertname", "test4").active(1.6))
                    .want(
                            0,
                            2.0,
                            2.5,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test5").active(1))
                    .want(0, 4.1, 4.5, all)
                    .want(0, 9.1, 9.5, all)
                    .run();
        }
    }

    @Test
    void merge() throws Exception {
        try (Scenario s = new Scenario(service, "merge", 1)) {
            s.config(ONE_SECOND)
                    .push(1, alert("alertname", "test").active(1.1))
                    .push(1.2, alert("alertname", "test").active(1))
                    .push(2.1, alert("alertname", "test").annotate("ann", "v1").active(2))
                    .push(3.6, alert("alertname", "test").annotate("ann", "v2").active(1.5))
                    .push(4.6, alert("alertname", "test").annotate("ann", "v2").active(3, 4.5))
                    .push(4.8, alert("alertname", "test").annotate("ann", "v3").active(2.9, 4.8))
                    .push(4.85, alert("alertname", "test").annotate("ann", "v3").active(2.9, 4.1))
                    .push(5.3, alert("alertname", "test"))
                    .want(0, 2, 2.5, alert("alertname", "test").active(1))
                    .want(
                            0,
                            3,
                            3.5,
                            alert("alertname", "test").annotate("ann", "v1").active(1))
                    .want(
                            0,
                            4,
                            4.5,
                            alert("alertname", "test").annotate("ann", "v2").active(1))
                    .want(
                            0,
                            5,
                            5.5,
                            alert("alertname", "test").annotate("ann", "v3").active(1, 4.8))
                    .want(0, 6, 6.5, alert("alertname", "test").active(5.3))
                    .run();
        }
    }

    @Test
    void resolveTimeout() throws Exception {
        try (Scenario s = new Scenario(service, "resolved", 1)) {
            s.config("""
                            global:
                              resolve_timeout: 10s
                            route:
                              receiver: default
                              group_by: [alertname]
                              group_wait: 1s
                              group_interval: 5s
                            receivers:
                              - name: default
                                webhook_configs:
                                  - url: '{w0}'
                            """)
                    .push(
                            1,
                            alert("alertname", "test", "lbl", "v1"),
                            alert("alertname", "test", "lbl", "v2"),
                            alert("alertname", "test", "lbl", "v3"))
                    .want(
                            0,
                            2,
                            2.5,
                            alert("alertname", "test", "lbl", "v1").active(1),
                            alert("alertname", "test", "lbl", "v2").active(1),
                            alert("alertname", "test", "lbl", "v3").active(1))
                    .want(
                            0,
                            12,
                            13,
                            alert("alertname", "test", "lbl", "v1").active(1, 11),
                            alert("alertname", "test", "lbl", "v2").active(1, 11),
                            alert("alertname", "test", "lbl", "v3").active(1, 11))
                    .run();
        }
    }

    @Test
    void sendResolvedFalse() throws Exception {
        try (Scenario s = new Scenario(service, "resolvedfilter", 2)) {
            s.config("""
                            global:
                              resolve_timeout: 10s
                            route:
                              receiver: default
                              group_by: [alertname]
                              group_wait: 1s
                              group_interval: 5s
                            receivers:
                              - name: default
                                webhook_configs:
                                  - url: '{w0}'
                                    send_resolved: true
                                  - url: '{w1}'
                                    send_resolved: false
                            """)
                    .push(1, alert("alertname", "test", "lbl", "v1"), alert("alertname", "test", "lbl", "v2"))
                    .push(
                            3,
                            alert("alertname", "test", "lbl", "v1").active(1, 4),
                            alert("alertname", "test", "lbl", "v3"))
                    .push(8, alert("alertname", "test", "lbl", "v3").active(3))
                    .want(
                            0,
                            2,
                            2.5,
                            alert("alertname", "test", "lbl", "v1").active(1),
                            alert("alertname", "test", "lbl", "v2").active(1))
                    .want(
                            0,
                            7,
                            7.5,
                            alert("alertname", "test", "lbl", "v1").active(1, 4),
                            alert("alertname", "test", "lbl", "v2").active(1),
                            alert("alertname", "test", "lbl", "v3").active(3))
                    .want(
                            0,
                            12,
                            12.5,
                            alert("alertname", "test", "lbl", "v2").active(1, 11),
                            alert("alertname", "test", "lbl", "v3").active(3))
                    .want(
                            1,
                            2,
                            2.5,
                            alert("alertname", "test", "lbl", "v1").active(1),
                            alert("alertname", "test", "lbl", "v2").active(1))
                    .want(
                            1,
                            7,
                            7.5,
                            alert("alertname", "test", "lbl", "v2").active(1),
                            alert("alertname", "test", "lbl", "v3").active(3))
                    .run();
        }
    }

    @Test
    void repeatRoundedUpToGroupInterval() throws Exception {
        try (Scenario s = new Scenario(service, "retry", 2)) {
            s.receivers.get(1).dropWhen(at -> s.seconds(at) < 4.5);
            s.config("""
                            route:
                              receiver: default
                              group_by: [alertname]
                              group_wait: 1s
                              group_interval: 2s
                              repeat_interval: 3s
                            receivers:
                              - name: default
                                webhook_configs:
                                  - url: '{w0}'
                                  - url: '{w1}'
                            """)
                    .push(1, alert("alertname", "test1"))
                    .want(0, 2, 2.5, alert("alertname", "test1").active(1))
                    .want(0, 6, 6.5, alert("alertname", "test1").active(1))
                    .want(1, 6, 6.5, alert("alertname", "test1").active(1))
                    .run();
        }
    }

    @Test
    void webhookTimeoutIsRetriedWithinTheFlush() throws Exception {
        try (Scenario s = new Scenario(service, "timeout", 1)) {
            s.receivers.get(0).slowWhen(at -> s.seconds(at) < 3);
            s.config("""
                            route:
                              receiver: default
                              group_by: [alertname]
                              group_wait: 1s
                              group_interval: 1m
                              repeat_interval: 1m
                            receivers:
                              - name: default
                                webhook_configs:
                                  - url: '{w0}'
                                    timeout: 500ms
                            """)
                    .push(1, alert("alertname", "test1"))
                    .want(0, 3, 4, alert("alertname", "test1").active(1))
                    .run();
        }
    }

    @Test
    void silences() throws Exception {
        try (Scenario s = new Scenario(service, "silencing", 1)) {
            s.config(ONE_SECOND.replace("[alertname]", "[]"))
                    .push(
                            1,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(1))
                    .at(
                            2.3,
                            () -> silence(
                                    s, "[{\"name\":\"alertname\",\"value\":\"test1\",\"isRegex\":false}]", 2.5, 4.5))
                    .want(
                            0,
                            2,
                            2.5,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(1))
                    .want(0, 3, 3.5, alert("alertname", "test2").active(1))
                    .want(0, 4, 4.5, alert("alertname", "test2").active(1))
                    .want(
                            0,
                            5,
                            5.5,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(1))
                    .run();
        }
    }

    @Test
    void silenceExpiredByDelete() throws Exception {
        try (Scenario s = new Scenario(service, "silencedelete", 1)) {
            String[] id = new String[1];
            s.config(ONE_SECOND.replace("[alertname]", "[]"))
                    .push(
                            1,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(1))
                    .at(
                            1.3,
                            () -> id[0] = silence(
                                    s, "[{\"name\":\"alertname\",\"value\":\".+\",\"isRegex\":true}]", 1.5, 100))
                    .at(3.5, () -> assertThat(service.send("DELETE", "/api/v2/silence/" + id[0], s.org(), null, null)
                                    .statusCode())
                            .isEqualTo(200))
                    .want(
                            0,
                            3.5,
                            4.5,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(1))
                    .run();
        }
    }

    @Test
    void inhibition() throws Exception {
        try (Scenario s = new Scenario(service, "inhibiting", 1)) {
            s.config("""
                            route:
                              receiver: default
                              group_by: []
                              group_wait: 1s
                              group_interval: 1s
                              repeat_interval: 1s
                            receivers:
                              - name: default
                                webhook_configs:
                                  - url: '{w0}'
                            inhibit_rules:
                              - source_matchers: [alertname="JobDown"]
                                target_matchers: [alertname="InstanceDown"]
                                equal: [job, zone]
                            """)
                    .push(
                            1,
                            alert("alertname", "test1", "job", "testjob", "zone", "aa"),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa"),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "ab"))
                    .push(2.2, alert("alertname", "JobDown", "job", "testjob", "zone", "aa"))
                    .push(
                            3.6,
                            alert("alertname", "JobDown", "job", "testjob", "zone", "aa")
                                    .active(2.2, 3.6))
                    .want(
                            0,
                            2,
                            2.5,
                            alert("alertname", "test1", "job", "testjob", "zone", "aa")
                                    .active(1),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa")
                                    .active(1),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "ab")
                                    .active(1))
                    .want(
                            0,
                            3,
                            3.5,
                            alert("alertname", "test1", "job", "testjob", "zone", "aa")
                                    .active(1),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "ab")
                                    .active(1),
                            alert("alertname", "JobDown", "job", "testjob", "zone", "aa")
                                    .active(2.2))
                    .want(
                            0,
                            4,
                            4.5,
                            alert("alertname", "test1", "job", "testjob", "zone", "aa")
                                    .active(1),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "aa")
                                    .active(1),
                            alert("alertname", "InstanceDown", "job", "testjob", "zone", "ab")
                                    .active(1),
                            alert("alertname", "JobDown", "job", "testjob", "zone", "aa")
                                    .active(2.2, 3.6))
                    .run();
        }
    }

    @Test
    void configReload() throws Exception {
        String yaml = """
                route:
                  receiver: default
                  group_by: []
                  group_wait: 1s
                  group_interval: 6s
                  repeat_interval: 10m
                receivers:
                  - name: default
                    webhook_configs:
                      - url: '{w0}'
                """;
        try (Scenario s = new Scenario(service, "reload", 1)) {
            String[] stored = new String[1];
            s.config(yaml);
            String url = s.receivers.get(0).url();
            s.push(1, alert("alertname", "test1"))
                    .at(3, () -> {
                        HttpResponse<String> r =
                                service.putYaml("/api/v1/alerts/config", s.org(), yaml.replace("{w0}", url));
                        stored[0] = r.body();
                    })
                    .push(4, alert("alertname", "test2"))
                    .want(0, 2, 2.5, alert("alertname", "test1").active(1))
                    .want(
                            0,
                            9,
                            9.5,
                            alert("alertname", "test1").active(1),
                            alert("alertname", "test2").active(4))
                    .run();
            assertThat(stored[0]).contains("\"version\":2");
        }
    }

    private static String silence(Scenario s, String matchers, double from, double to) throws Exception {
        String body = "{\"matchers\":" + matchers + ",\"startsAt\":\"" + s.t(from) + "\",\"endsAt\":\"" + s.t(to)
                + "\",\"createdBy\":\"admin@example.com\",\"comment\":\"some comment\"}";
        HttpResponse<String> r = service.postJson("/api/v2/silences", s.org(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body()).get("silenceID").asString();
    }
}
