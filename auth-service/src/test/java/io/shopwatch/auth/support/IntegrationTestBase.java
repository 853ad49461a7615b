package io.shopwatch.auth.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context every integration test shares: auth-service on a random port, a real PostgreSQL database, an
 * embedded Kafka broker for the audit topic, and a clock the tests move. Tests use names of their own (orgs, users),
 * so that they do not depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, topics = Topics.AUDIT, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = TestDatabase.class)
@Import(TestClockConfiguration.class)
public abstract class IntegrationTestBase {

    protected static final String ADMIN = TestDatabase.ADMIN;
    protected static final String ADMIN_PASSWORD = TestDatabase.ADMIN_PASSWORD;
    protected static final String PASSWORD = "Correct-Horse-Battery-9";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A name no other test uses. */
    protected static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    /** A client address no other call used, so that per-address limits of one test never hit another. */
    protected static String freshIp() {
        int n = COUNTER.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    protected Api.Response loginResponse(String username, String password, String org) {
        Map<String, Object> body = org == null
                ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "org", org);
        return api.post("/api/v1/auth/login").from(freshIp()).body(body).send();
    }

    /** Logs in and returns the whole token answer. */
    protected JsonNode tokens(String username, String password) {
        Api.Response response = loginResponse(username, password, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    protected String login(String username, String password) {
        return tokens(username, password).path("access_token").asString();
    }

    private static String adminToken;

    /** A token of the bootstrap administrator, reused while the test clock says it has more than a minute left. */
    protected String adminToken() {
        String cached = adminToken;
        if (cached == null
                || claims(cached).path("exp").asLong() - 60 < clock.instant().getEpochSecond()) {
            cached = login(ADMIN, ADMIN_PASSWORD);
            adminToken = cached;
        }
        return cached;
    }

    protected void createOrg(String name) {
        Api.Response response = api.post("/api/v1/orgs")
                .token(adminToken())
                .body(Map.of("name", name))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    protected void createUser(String token, String org, String username, String role) {
        Api.Response response = api.post("/api/v1/orgs/" + org + "/users")
                .token(token)
                .body(Map.of("username", username, "password", PASSWORD, "role", role))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** Creates an API key and returns the key itself. */
    protected String createApiKey(String token, String org, String name, String role) {
        Api.Response response = api.post("/api/v1/orgs/" + org + "/api-keys")
                .token(token)
                .body(Map.of("name", name, "role", role))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("key").asString();
    }

    /** Audit events matching a query string, as the platform administrator reads them. */
    protected List<JsonNode> audit(String query) {
        Api.Response response =
                api.get("/api/v1/audit?limit=500&" + query).token(adminToken()).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        response.json().path("data").forEach(events::add);
        return events;
    }

    /** The payload of a JWT, decoded without verification. */
    protected static JsonNode claims(String jwt) {
        return Api.JSON.readTree(decode(jwt.split("\\.")[1]));
    }

    /** The header of a JWT. */
    protected static JsonNode jwtHeader(String jwt) {
        return Api.JSON.readTree(decode(jwt.split("\\.")[0]));
    }

    protected static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
