package io.shopwatch.common.config;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code GET {uri}/{application}/{profile}} (the Spring Cloud Config protocol) from config-service, naming this
 * instance and its labels in headers (a gray release is served to the instances it chose). Property sources come
 * highest precedence first; the first value of a key wins. {@link #acknowledge} reports what was applied.
 */
public final class ConfigServerFetcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** config-service names its property sources {@code shopwatch:<application>-<profile>@<release id>}. */
    private static final Pattern RELEASE_SUFFIX = Pattern.compile("@(\\d+)$");

    private final ConfigClientSettings settings;
    private final HttpClient http;

    public ConfigServerFetcher(ConfigClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** The configuration in force, or an {@link IOException} when config-service cannot be reached or refuses. */
    public FetchedConfig fetch() throws IOException {
        URI uri = URI.create(base() + encode(settings.application()) + "/" + encode(settings.profile()) + orgQuery());
        HttpResponse<String> response =
                send(request(uri).header("Accept", "application/json").GET());
        if (response.statusCode() != 200) {
            throw new IOException("config-service answered " + response.statusCode() + " for " + uri);
        }
        return parse(response.body());
    }

    /**
     * Tells config-service which releases this instance applied ({@code POST /api/v1/config/{application}/acks}):
     * the source of its per-instance rollout status. An {@link IOException} when it cannot be told.
     */
    public void acknowledge(FetchedConfig applied) throws IOException {
        acknowledge(applied, null);
    }

    /**
     * The same, naming the base URL at which config-service reaches this instance's dry-run bind ({@code null}: none).
     */
    public void acknowledge(FetchedConfig applied, String url) throws IOException {
        URI uri = URI.create(base() + "api/v1/config/" + encode(settings.application()) + "/acks" + orgQuery());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", settings.instanceId());
        body.put("labels", settings.labels());
        body.put("profile", settings.profile());
        body.put("version", applied.version());
        body.put("releases", applied.releases());
        if (url != null && !url.isBlank()) {
            body.put("url", url);
        }
        HttpResponse<String> response = send(request(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("config-service answered " + response.statusCode() + " for " + uri);
        }
    }

    /** With the platform credentials, the org they act for (config-service reads it from the query). */
    private String orgQuery() {
        return usesPlatformCredentials() ? "?org=" + encode(settings.org()) : "";
    }

    private boolean usesPlatformCredentials() {
        return settings.token().isBlank() && !settings.platformAuthorization().isBlank();
    }

    private String base() {
        return settings.uri().endsWith("/") ? settings.uri() : settings.uri() + "/";
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header(ConfigClientSettings.INSTANCE_HEADER, settings.instanceId());
        if (!settings.labels().isEmpty()) {
            request.header(ConfigClientSettings.LABELS_HEADER, ConfigClientSettings.formatLabels(settings.labels()));
        }
        if (!settings.token().isBlank()) {
            request.header("Authorization", "Bearer " + settings.token());
        } else if (usesPlatformCredentials()) {
            request.header("Authorization", settings.platformAuthorization());
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling config-service", e);
        }
    }

    static FetchedConfig parse(String body) {
        JsonNode environment = JSON.readTree(body);
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Long> releases = new ArrayList<>();
        for (JsonNode source : environment.path("propertySources")) {
            Matcher release = RELEASE_SUFFIX.matcher(source.path("name").asString(""));
            if (release.find()) {
                releases.add(Long.parseLong(release.group(1)));
            }
            for (Map.Entry<String, JsonNode> entry : source.path("source").properties()) {
                properties.putIfAbsent(entry.getKey(), scalar(entry.getValue()));
            }
        }
        JsonNode version = environment.path("version");
        return new FetchedConfig(
                version.isNull() || version.isMissingNode() ? null : version.asString(), properties, releases);
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
