package io.shopwatch.config;

import io.shopwatch.common.kafka.Topics;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running config-service for every HTTP test class (same properties, so one Spring context): a fresh embedded
 * PostgreSQL database, an embedded Kafka broker, tokens from {@link TestTokens}; the four-eyes rule on profile
 * {@code four-eyes}. Each test uses its own application name or org.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
        partitions = 1,
        topics = {Topics.CONFIG_CHANGES, Topics.AUDIT},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class ConfigServiceIntegrationTest {

    /** The platform credentials (the OpenObserve user and password the services share). */
    static final String PLATFORM_USER = "root@platform.test";

    static final String PLATFORM_PASSWORD = "platform-password";

    @LocalServerPort
    int port;

    ConfigApi api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        String url = EmbeddedPostgresSupport.newDatabase("config");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("shopwatch.dev-mode", () -> "true");
        registry.add("shopwatch.config.approvals.profiles", () -> "four-eyes");
        registry.add("shopwatch.openobserve.user", () -> PLATFORM_USER);
        registry.add("shopwatch.openobserve.password", () -> PLATFORM_PASSWORD);
        // stream retention (profile default of stream-retention) is applied to an embedded store, again every second
        registry.add("shopwatch.config.retention.enabled", () -> "true");
        registry.add("shopwatch.config.retention.reapply-interval", () -> "1s");
        registry.add("shopwatch.openobserve.url", TestStore::url);
    }

    @BeforeEach
    void client() {
        api = new ConfigApi(port);
    }

    static String operator(String org) {
        return TestTokens.shared().token("operator@" + org, org, Role.OPERATOR);
    }

    static String otherOperator(String org) {
        return TestTokens.shared().token("second-operator@" + org, org, Role.OPERATOR);
    }

    static String viewer(String org) {
        return TestTokens.shared().token("viewer@" + org, org, Role.VIEWER);
    }

    /** A machine caller: an API key of a service, exchanged for a token by the gateway. */
    static String service(String org) {
        return TestTokens.shared()
                .builder("apikey:" + org + "-service", org, Role.VIEWER)
                .kind(AuthKind.API_KEY)
                .sign();
    }
}
