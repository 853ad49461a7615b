package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.config.gray.GrayStore;
import io.shopwatch.config.gray.InstanceAck;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acknowledgements feed the rollout status, so only a service (the platform credentials, a service's API key) or an
 * admin may post one; a person with a viewer or operator token is refused and nothing is recorded.
 */
class AcknowledgementAccessTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-acks";
    private static final String ACKS = "/api/v1/config/acks-demo/acks";

    @Autowired
    GrayStore instances;

    private static String ack(String instance) {
        return "{\"instance\":\"" + instance + "\",\"profile\":\"prod\",\"version\":\"1\",\"releases\":[1]}";
    }

    @Test
    void acknowledge_byAPersonWithoutAdmin_isRefused_andNothingIsRecorded() {
        assertThat(api.post(ACKS, viewer(ORG), ack("by-viewer")).status()).isEqualTo(403);
        assertThat(api.post(ACKS, operator(ORG), ack("by-operator")).status()).isEqualTo(403);
        assertThat(api.post(ACKS, null, ack("anonymous")).status()).isEqualTo(401);
        assertThat(instances.acks(ORG, "acks-demo").stream()
                        .map(a -> a.instance().id()))
                .doesNotContain("by-viewer", "by-operator", "anonymous");
    }

    @Test
    void acknowledge_byAServiceTheAdminOrThePlatformCredentials_isRecorded() throws Exception {
        assertThat(api.post(ACKS, service(ORG), ack("by-service")).status()).isEqualTo(204);
        String admin = TestTokens.shared().token("admin@" + ORG, ORG, Role.ADMIN);
        assertThat(api.post(ACKS, admin, ack("by-admin")).status()).isEqualTo(204);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((PLATFORM_USER + ":" + PLATFORM_PASSWORD).getBytes());
        HttpResponse<String> platform = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ACKS + "?org=" + ORG))
                                .header("Authorization", basic)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(ack("by-platform")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(platform.statusCode()).isEqualTo(204);
        assertThat(instances.acks(ORG, "acks-demo").stream()
                        .map(InstanceAck::instance)
                        .map(i -> i.id()))
                .contains("by-service", "by-admin", "by-platform");
    }
}
