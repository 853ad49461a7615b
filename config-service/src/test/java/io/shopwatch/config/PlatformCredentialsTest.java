package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.config.ConfigClientSettings;
import io.shopwatch.common.config.ConfigServerFetcher;
import io.shopwatch.common.config.FetchedConfig;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** A service without a token of its own reads its configuration with the platform credentials, for one org. */
class PlatformCredentialsTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "platform-creds";

    private ConfigServerFetcher fetcher(String password) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("shopwatch.config.client.uri", "http://127.0.0.1:" + port)
                .withProperty("shopwatch.config.client.application", "platform-demo")
                .withProperty("shopwatch.config.client.profile", "default")
                .withProperty("shopwatch.config.client.org", ORG)
                .withProperty("shopwatch.config.client.instance-id", "platform-demo-1")
                .withProperty("shopwatch.openobserve.user", PLATFORM_USER)
                .withProperty("shopwatch.openobserve.password", password);
        return new ConfigServerFetcher(ConfigClientSettings.from(environment));
    }

    @Test
    void fetchAndAcknowledge_withThePlatformCredentials_readTheOrgOfTheClient() throws Exception {
        ConfigApi.Answer published = api.draftAndPublish(
                "platform-demo", "default", operator(ORG), "{\"demo.greeting\":\"hello\"}", "platform");
        assertThat(published.status()).as(published.body()).isEqualTo(201);

        FetchedConfig fetched = fetcher(PLATFORM_PASSWORD).fetch();
        assertThat(fetched.properties()).containsEntry("demo.greeting", "hello");
        fetcher(PLATFORM_PASSWORD).acknowledge(fetched);

        assertThatThrownBy(() -> fetcher("wrong").fetch())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("401");
    }
}
