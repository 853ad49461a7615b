package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.security.Role;
import io.shopwatch.config.gray.GrayStore;
import io.shopwatch.config.gray.InstanceAck;
import io.shopwatch.democlient.DemoService.DemoProperties;
import io.shopwatch.democlient.WebDemoService.LimitProperties;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The dry-run bind: a publish is bound against the {@code @ConfigurationProperties} of a running instance of the
 * application (a real service with common's config client) before a release is made; a value of the wrong type or one
 * breaking a {@code @Validated} constraint is refused with 422 field errors and nothing is applied. The instance's
 * endpoint answers only the platform credentials or an admin.
 */
class DryRunBindTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-bind";
    private static final String APP = "bind-demo";
    private static final String BASE = "/api/v1/config/" + APP + "/prod";

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @Autowired
    GrayStore instances;

    @TempDir
    Path dir;

    @Test
    void publish_boundAgainstTheRunningInstance_refusesWrongTypeAndBrokenConstraint_appliesNothing() throws Exception {
        String token = operator(ORG);
        ConfigApi.Answer base = api.draftAndPublish(
                APP, "prod", token, "{\"demo\":{\"rate\":0.25,\"limits\":{\"max-batch\":100}}}", "base");
        assertThat(base.status()).as(base.body()).isEqualTo(201);
        try (ConfigurableApplicationContext service = DemoClients.startWeb(
                APP, port, ORG, TestTokens.shared().jwksUrl(), brokers, dir.resolve("cache.json"), "bind-1")) {
            DemoProperties demo = service.getBean(DemoProperties.class);
            LimitProperties limits = service.getBean(LimitProperties.class);
            assertThat(demo.getRate()).isEqualTo(0.25);
            await().atMost(Duration.ofSeconds(30)).until(() -> liveUrl().isPresent());

            // a value of the wrong type
            assertThat(api.put(BASE + "/draft", token, "{\"demo\":{\"rate\":\"fast\",\"limits\":{\"max-batch\":100}}}")
                            .status())
                    .isEqualTo(200);
            ConfigApi.Answer wrongType = api.post(BASE + "/publish", token, "{\"reason\":\"wrong type\"}");
            assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(422);
            JsonNode error = wrongType.json().path("errors").get(0);
            assertThat(error.path("field").asString()).isEqualTo("demo.rate");
            assertThat(error.path("rule").asString()).isEqualTo("bind");
            assertThat(error.path("message").asString()).contains("fast").contains("bind-1");

            // a value breaking a @Validated constraint
            assertThat(api.put(BASE + "/draft", token, "{\"demo\":{\"rate\":0.5,\"limits\":{\"max-batch\":5000}}}")
                            .status())
                    .isEqualTo(200);
            ConfigApi.Answer tooLarge = api.post(BASE + "/publish", token, "{\"reason\":\"too large\"}");
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(422);
            assertThat(tooLarge.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("demo.limits.max-batch");
            assertThat(tooLarge.json().path("errors").get(0).path("message").asString())
                    .contains("1000");

            // nothing was published, nothing applied
            assertThat(api.get(BASE + "/releases", token).json().size()).isEqualTo(1);
            assertThat(demo.getRate()).isEqualTo(0.25);
            assertThat(limits.getMaxBatch()).isEqualTo(100);

            // a candidate that binds is published, and the answer names the instance that bound it
            assertThat(api.put(BASE + "/draft", token, "{\"demo\":{\"rate\":0.5,\"limits\":{\"max-batch\":500}}}")
                            .status())
                    .isEqualTo(200);
            ConfigApi.Answer good = api.post(BASE + "/publish", token, "{\"reason\":\"good\"}");
            assertThat(good.status()).as(good.body()).isEqualTo(201);
            assertThat(good.json()
                            .path("dry_run")
                            .path("checked_instances")
                            .get(0)
                            .asString())
                    .isEqualTo("bind-1");

            // the instance's endpoint: platform credentials or admin only
            String url = liveUrl().orElseThrow() + "/config-client/bind-check";
            String body = "{\"properties\":{\"demo.rate\":\"x\"}}";
            assertThat(call(url, null, body).statusCode()).isEqualTo(401);
            assertThat(call(url, "Bearer " + viewer(ORG), body).statusCode()).isEqualTo(403);
            assertThat(call(url, "Bearer " + operator(ORG), body).statusCode()).isEqualTo(403);
            assertThat(call(url + "?org=" + ORG, basic("wrong"), body).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> admin =
                    call(url, "Bearer " + TestTokens.shared().token("admin@" + ORG, ORG, Role.ADMIN), body);
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("demo.rate");
            HttpResponse<String> platform = call(
                    url + "?org=" + ORG, basic(PLATFORM_PASSWORD), "{\"properties\":{\"demo.limits.max-batch\":7}}");
            assertThat(platform.statusCode()).isEqualTo(200);
            assertThat(platform.body()).contains("\"problems\":[]");
            assertThat(limits.getMaxBatch()).isNotEqualTo(7); // checked, never applied
        }
    }

    @Test
    void publish_withoutLiveInstance_saysSoAndPublishes() {
        ConfigApi.Answer published =
                api.draftAndPublish("bind-nobody", "prod", operator(ORG), "{\"demo.rate\":0.3}", "alone");
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().path("dry_run").path("note").asString()).contains("no live instance");
    }

    private Optional<String> liveUrl() {
        return instances.acks(ORG, APP).stream()
                .map(InstanceAck::url)
                .filter(u -> u != null)
                .findFirst();
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((PLATFORM_USER + ":" + password).getBytes());
    }

    private static HttpResponse<String> call(String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
