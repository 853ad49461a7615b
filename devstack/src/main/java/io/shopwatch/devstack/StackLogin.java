package io.shopwatch.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;

/**
 * An access token of the stack's development admin for the commands that drive a running stack, logged in again
 * before it expires.
 */
final class StackLogin {

    private static final Duration REUSE = Duration.ofMinutes(4);

    private final StackSettings settings;
    private final HttpClient http;
    private String token;
    private Instant obtained = Instant.EPOCH;

    StackLogin(StackSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    synchronized String token() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(obtained.plus(REUSE))) {
            String body = JsonMapper.builder()
                    .build()
                    .writeValueAsString(
                            java.util.Map.of("username", settings.adminUser(), "password", settings.adminPassword()));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/api/v1/auth/login"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("login as " + settings.adminUser() + " failed: " + response.statusCode() + " "
                        + response.body());
            }
            token = JsonMapper.builder()
                    .build()
                    .readTree(response.body())
                    .path("access_token")
                    .asString();
            obtained = Instant.now();
        }
        return token;
    }
}
