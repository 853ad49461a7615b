package io.shopwatch.common.security.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@code shopwatch.security.enabled=false} lets every request through, without Spring Boot's generated user. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ServiceSecurityAutoConfigurationTest.App.class,
        properties = "shopwatch.security.enabled=false")
class ServiceSecurityDisabledTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void disabled_letsRequestsThroughWithoutCredentials() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/platform/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(context.containsBean("shopwatchServiceSecurityFilterChain")).isFalse();
        assertThat(context.getBeanNamesForType(org.springframework.security.core.userdetails.UserDetailsService.class))
                .isEmpty();
    }

    @Test
    void disabled_takesTheOrgFromTheHeader() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/resolved-org");
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> named = http.send(
                HttpRequest.newBuilder(uri).header("X-ShopWatch-Org", "shop-b").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unnamed =
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> impossible = http.send(
                HttpRequest.newBuilder(uri).header("X-ShopWatch-Org", "no/such").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(named.body()).isEqualTo("{\"org\":\"shop-b\"}");
        assertThat(unnamed.body()).isEqualTo("{\"org\":\"default\"}");
        assertThat(impossible.statusCode()).isEqualTo(400);
    }
}
