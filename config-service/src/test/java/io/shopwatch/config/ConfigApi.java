package io.shopwatch.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls to a running config-service, as a client would make them. */
final class ConfigApi {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    ConfigApi(int port) {
        this.port = port;
    }

    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    /** A config protocol read by an instance carrying these labels ({@code k=v,k2=v2}). */
    Answer get(String path, String token, String instanceLabels) {
        return send(request(path, token)
                .header(io.shopwatch.common.config.ConfigClientSettings.LABELS_HEADER, instanceLabels)
                .GET());
    }

    Answer put(String path, String token, String body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer post(String path, String token, String body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Puts a draft and publishes it; returns the publish answer. */
    Answer draftAndPublish(String app, String profile, String token, String properties, String reason) {
        Answer draft = put("/api/v1/config/" + app + "/" + profile + "/draft", token, properties);
        if (draft.status() != 200) {
            throw new AssertionError("draft refused: " + draft);
        }
        return post("/api/v1/config/" + app + "/" + profile + "/publish", token, "{\"reason\":\"" + reason + "\"}");
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
