package io.shopwatch.common.config;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code GET {uri}/{application}/{profile}} (the Spring Cloud Config protocol) from config-service. Property
 * sources come highest precedence first; the first value of a key wins.
 */
public final class ConfigServerFetcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigClientSettings settings;
    private final HttpClient http;

    public ConfigServerFetcher(ConfigClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** The configuration in force, or an {@link IOException} when config-service cannot be reached or refuses. */
    public FetchedConfig fetch() throws IOException {
        String base = settings.uri().endsWith("/") ? settings.uri() : settings.uri() + "/";
        URI uri = URI.create(base + encode(settings.application()) + "/" + encode(settings.profile()));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", "application/json");
        if (!settings.token().isBlank()) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching configuration", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("config-service answered " + response.statusCode() + " for " + uri);
        }
        return parse(response.body());
    }

    static FetchedConfig parse(String body) {
        JsonNode environment = JSON.readTree(body);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (JsonNode source : environment.path("propertySources")) {
            for (Map.Entry<String, JsonNode> entry : source.path("source").properties()) {
                properties.putIfAbsent(entry.getKey(), scalar(entry.getValue()));
            }
        }
        JsonNode version = environment.path("version");
        return new FetchedConfig(version.isNull() || version.isMissingNode() ? null : version.asString(), properties);
    }

    private static Object scalar(JsonNode node) {
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2C", ",");
    }
}
