package io.shopwatch.dashboard.sync;

import io.shopwatch.dashboard.model.Dashboards;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * OpenObserve's dashboards API over HTTP ({@code /api/{org}/dashboards}, {@code /api/v2/{org}/folders/dashboards}),
 * with Basic credentials.
 */
public class HttpRemoteDashboards implements RemoteDashboards {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;

    public HttpRemoteDashboards(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String folderId(String org, String name) {
        if (name.equals("default")) {
            return "default";
        }
        JsonNode list = send("GET", "/api/v2/" + enc(org) + "/folders/dashboards", null, 200);
        for (JsonNode folder : list.path("list")) {
            if (name.equals(folder.path("name").asString(""))) {
                return folder.path("folderId").asString();
            }
        }
        JsonNode created = send(
                "POST",
                "/api/v2/" + enc(org) + "/folders/dashboards",
                Dashboards.JSON.createObjectNode().put("name", name).put("description", "ShopWatch"),
                200);
        return created.path("folderId").asString();
    }

    @Override
    public Remote create(String org, String folderId, JsonNode dashboard) {
        return remote(send("POST", "/api/" + enc(org) + "/dashboards?folder=" + enc(folderId), dashboard, 200));
    }

    @Override
    public Optional<Remote> get(String org, String id) {
        JsonNode answer = send("GET", "/api/" + enc(org) + "/dashboards/" + enc(id), null, 200, 404);
        return answer == null ? Optional.empty() : Optional.of(remote(answer));
    }

    @Override
    public Remote update(String org, String id, String folderId, String hash, JsonNode dashboard) {
        JsonNode answer = send(
                "PUT",
                "/api/" + enc(org) + "/dashboards/" + enc(id) + "?folder=" + enc(folderId) + "&hash=" + enc(hash),
                dashboard,
                200,
                409);
        if (answer == null) {
            throw new StaleException("OpenObserve dashboard " + id + " changed since hash " + hash);
        }
        return remote(answer);
    }

    @Override
    public void delete(String org, String id, String folderId) {
        send("DELETE", "/api/" + enc(org) + "/dashboards/" + enc(id) + "?folder=" + enc(folderId), null, 200, 404);
    }

    private static Remote remote(JsonNode wrapper) {
        return new Remote(
                wrapper.path("v8").path("dashboardId").asString(""),
                wrapper.path("hash").asString(""));
    }

    /** The answer's JSON for the first expected status, null for the others; anything else throws. */
    private JsonNode send(String method, String path, JsonNode body, int ok, int... nullFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Dashboards.JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            for (int n : nullFor) {
                if (status == n) {
                    return null;
                }
            }
            if (status != ok && !(status >= 200 && status < 300)) {
                throw new IllegalStateException(method + " " + path + " answered " + status + ": " + response.body());
            }
            return response.body().isBlank()
                    ? Dashboards.JSON.createObjectNode()
                    : Dashboards.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
