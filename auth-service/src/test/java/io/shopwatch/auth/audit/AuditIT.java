package io.shopwatch.auth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.support.TestDatabase;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;
import io.shopwatch.common.kafka.Topics;
import io.shopwatch.testkit.KafkaTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;

/** The audit log: the gateway's reports, who may read what, paging, and shipping to Kafka for OpenObserve. */
class AuditIT extends IntegrationTestBase {

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Test
    void gatewayReports_areStoredAndQueryable() {
        String org = unique("gw");
        String subject = "apikey:" + unique("k");
        Map<String, Object> identified = Map.of(
                "org", org,
                "subject", subject,
                "auth_kind", "api_key",
                "ip", "203.0.113.7",
                "method", "POST",
                "path", "/api/" + org + "/logs/_json",
                "status", 403,
                "reason", "role",
                "request_id", "req-1");
        Map<String, Object> anonymous =
                Map.of("method", "GET", "path", "/api/v1/logs/search", "status", 401, "reason", "no_credentials");

        Api.Response response = report(Map.of("events", List.of(identified, anonymous)), TestDatabase.INTERNAL_SECRET);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(audit("action=request.denied&actor=" + subject))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.path("org").asString()).isEqualTo(org);
                    assertThat(e.path("actor_kind").asString()).isEqualTo("api_key");
                    assertThat(e.path("outcome").asString()).isEqualTo("denied");
                    assertThat(e.path("ip").asString()).isEqualTo("203.0.113.7");
                    assertThat(e.path("target").asString()).isEqualTo("/api/" + org + "/logs/_json");
                    assertThat(e.path("details").path("source").asString()).isEqualTo("gateway");
                    assertThat(e.path("details").path("status").asInt()).isEqualTo(403);
                    assertThat(e.path("details").path("reason").asString()).isEqualTo("role");
                    assertThat(e.path("details").path("request_id").asString()).isEqualTo("req-1");
                });
    }

    @Test
    void gatewayReports_needTheSecret_andAreValidated() {
        Map<String, Object> event = Map.of("method", "GET", "path", "/x", "status", 401, "reason", "no_credentials");

        assertThat(report(Map.of("events", List.of(event)), "wrong").status()).isEqualTo(401);
        assertThat(report(Map.of("events", List.of()), TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(400);
        assertThat(report(Map.of("events", Collections.nCopies(501, event)), TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(400);
        assertThat(report(
                                Map.of("events", List.of(Map.of("method", "GET", "path", "/x", "status", 200))),
                                TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(400);
        assertThat(report(
                                Map.of(
                                        "events",
                                        List.of(Map.of(
                                                "org",
                                                "Not An Org",
                                                "method",
                                                "GET",
                                                "path",
                                                "/x",
                                                "status",
                                                403,
                                                "reason",
                                                "r"))),
                                TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void orgAdmins_readOnlyTheirOwnOrgsEvents() {
        String org = unique("audit-own");
        String other = unique("audit-other");
        createOrg(org);
        createOrg(other);
        String admin = unique("audit-admin");
        createUser(adminToken(), org, admin, "admin");
        createUser(adminToken(), other, unique("other-user"), "viewer");
        String token = login(admin, PASSWORD);

        Api.Response own = api.get("/api/v1/audit?limit=500").token(token).send();
        Api.Response foreign =
                api.get("/api/v1/audit?org=" + other).token(token).send();

        assertThat(own.status()).isEqualTo(200);
        List<String> orgs = new ArrayList<>();
        own.json().path("data").forEach(e -> orgs.add(e.path("org").asString()));
        assertThat(orgs).isNotEmpty().containsOnly(org);
        assertThat(foreign.status()).isEqualTo(403);
    }

    @Test
    void viewersAndOperators_cannotReadTheAuditLog() {
        String org = unique("audit-roles");
        createOrg(org);
        for (String role : List.of("operator", "viewer", "ingest")) {
            String user = unique("audit-" + role);
            createUser(adminToken(), org, user, role);
            assertThat(api.get("/api/v1/audit")
                            .token(login(user, PASSWORD))
                            .send()
                            .status())
                    .as(role)
                    .isEqualTo(403);
        }
    }

    @Test
    void filtersAndPaging() {
        String org = unique("audit-paging");
        createOrg(org);
        for (int i = 0; i < 3; i++) {
            createUser(adminToken(), org, unique("paged"), "viewer");
        }

        JsonNode first = api.get("/api/v1/audit?action=user.create&org=" + org + "&limit=2")
                .token(adminToken())
                .send()
                .json();
        JsonNode second = api.get("/api/v1/audit?action=user.create&org=" + org + "&limit=2&cursor="
                        + first.path("next_cursor").asString())
                .token(adminToken())
                .send()
                .json();

        assertThat(first.path("data").size()).isEqualTo(2);
        assertThat(second.path("data").size()).isEqualTo(1);
        assertThat(first.path("data").get(0).path("seq").asLong())
                .as("newest first")
                .isGreaterThan(first.path("data").get(1).path("seq").asLong());
        assertThat(second.path("data").get(0).path("seq").asLong())
                .isLessThan(first.path("data").get(1).path("seq").asLong());
        assertThat(api.get("/api/v1/audit?cursor=abc")
                        .token(adminToken())
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/audit?limit=501").token(adminToken()).send().status())
                .isEqualTo(400);
        String from = clock.instant().plusSeconds(1).toString();
        assertThat(api.get("/api/v1/audit?org=" + org + "&from=" + from)
                        .token(adminToken())
                        .send()
                        .json()
                        .path("data")
                        .size())
                .isZero();
    }

    @Test
    void events_areShippedToTheAuditTopic_asEnvelopesForOpenObserve() {
        String org = unique("shipped");
        createOrg(org);
        JsonNode event = audit("action=org.create&org=" + org).get(0);
        String id = event.path("id").asString();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> jdbc.sql("SELECT shipped_at IS NOT NULL FROM audit_events WHERE event_id = ?::uuid")
                        .param(id)
                        .query(Boolean.class)
                        .single());
        int shipped = jdbc.sql("SELECT count(*) FROM audit_events WHERE shipped_at IS NOT NULL")
                .query(Integer.class)
                .single();
        List<ConsumerRecord<String, byte[]>> records =
                KafkaTestSupport.read(kafka.getBrokersAsString(), Topics.AUDIT, shipped, Duration.ofSeconds(15));

        EnvelopeSerde.EnvelopeDeserializer deserializer = new EnvelopeSerde.EnvelopeDeserializer();
        List<Envelope> envelopes = records.stream()
                .map(r -> deserializer.deserialize(Topics.AUDIT, r.value()))
                .filter(e -> e.id().equals(id))
                .toList();
        assertThat(envelopes).singleElement().satisfies(envelope -> {
            assertThat(envelope.org()).isEqualTo(org);
            assertThat(envelope.stream()).isEqualTo("audit");
            assertThat(envelope.type().name()).isEqualTo("LOG");
            JsonNode payload = envelope.payload();
            assertThat(payload.path("service").asString()).isEqualTo("auth-service");
            assertThat(payload.path("level").asString()).isEqualTo("INFO");
            assertThat(payload.path("attributes").path("audit_action").asString())
                    .isEqualTo("org.create");
            assertThat(payload.path("attributes").path("actor").asString()).isEqualTo(ADMIN);
        });
        assertThat(records.stream().filter(r -> r.key().equals(org))).isNotEmpty();
    }

    private Api.Response report(Object body, String secret) {
        return api.post("/internal/v1/audit/denied")
                .header("X-ShopWatch-Internal-Secret", secret)
                .body(body)
                .send();
    }
}
