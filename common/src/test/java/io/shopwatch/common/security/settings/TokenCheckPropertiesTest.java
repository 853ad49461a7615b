package io.shopwatch.common.security.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class TokenCheckPropertiesTest {

    @Test
    void bind_withNothingSet_isTheDefaults() {
        TokenCheckProperties settings = TokenCheckProperties.bind(new MockEnvironment(), "shopwatch.security");

        assertThat(settings)
                .isEqualTo(new TokenCheckProperties(
                        URI.create("http://localhost:8081/.well-known/jwks.json"),
                        "shopwatch-auth",
                        "shopwatch",
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)));
    }

    @Test
    void bind_readsTheKeysUnderTheGivenPrefixOnly() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("shopwatch.security.jwks-url", "http://auth:8081/.well-known/jwks.json")
                .withProperty("shopwatch.security.clock-skew", "5s")
                .withProperty("shopwatch.gateway.auth.issuer", "gateway-only");

        TokenCheckProperties services = TokenCheckProperties.bind(environment, "shopwatch.security");
        TokenCheckProperties gateway = TokenCheckProperties.bind(environment, "shopwatch.gateway.auth");

        assertThat(services.jwksUrl()).isEqualTo(URI.create("http://auth:8081/.well-known/jwks.json"));
        assertThat(services.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(services.issuer()).isEqualTo("shopwatch-auth");
        assertThat(gateway.issuer()).isEqualTo("gateway-only");
        assertThat(gateway.jwksUrl()).isEqualTo(URI.create("http://localhost:8081/.well-known/jwks.json"));
    }

    @Test
    void bind_readsTheEnvironmentVariablesOfEachPrefix() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(
                                "SHOPWATCH_SECURITY_JWKS_URL", "http://auth:8081/jwks",
                                "SHOPWATCH_GATEWAY_AUTH_JWKS_TIMEOUT", "7s")));

        assertThat(TokenCheckProperties.bind(environment, "shopwatch.security").jwksUrl())
                .isEqualTo(URI.create("http://auth:8081/jwks"));
        assertThat(TokenCheckProperties.bind(environment, "shopwatch.gateway.auth")
                        .jwksTimeout())
                .isEqualTo(Duration.ofSeconds(7));
    }
}
