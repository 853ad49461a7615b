package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code OPENAPI_ACCESS=authenticated}: the API document only for callers the gateway accepts. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shopwatch.gateway.openapi.access=authenticated",
            "shopwatch.gateway.openapi.fetch-timeout=200ms",
            "shopwatch.gateway.auth.denied-reports.enabled=false"
        })
class GatewayOpenApiAccessTest {

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add(
                "shopwatch.gateway.auth.jwks-url", () -> TestTokens.shared().jwksUrl());
    }

    @Test
    void document_withoutCredentials_isRefused() throws Exception {
        HttpResponse<String> response = get(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://shopwatch.io/problems/unauthorized");
    }

    @Test
    void document_withAViewersToken_isServed() throws Exception {
        HttpResponse<String> response = get(TestTokens.shared().token("shop-a", Role.VIEWER));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"", "x-shopwatch-routes");
    }

    private HttpResponse<String> get(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
