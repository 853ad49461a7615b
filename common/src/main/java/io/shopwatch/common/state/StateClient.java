package io.shopwatch.common.state;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Calls one service's state API: {@code GET <stateUrl>/export} and {@code POST <stateUrl>/import?conflicts=&dryRun=}.
 * Sends {@code Authorization: Bearer <token>} when a token is set (the service's token must be {@code admin} of the
 * org), otherwise the platform credentials when given, with the org as the {@code org} query parameter, and {@code X-ShopWatch-Org} (believed only by a service running without token checks). The export's org is
 * checked against the org asked for: a token of another org never yields that org's state under this one's name.
 */
public class StateClient {

    /** The service answered something other than success. */
    public static class StateApiException extends IOException {

        private final int status;

        public StateApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, 0 when the service did not answer. */
        public int status() {
            return status;
        }
    }

    private final URI stateUrl;
    private final String authorization;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param stateUrl the service's state API, e.g. {@code http://dashboard-service:8088/api/v1/dashboards/state}
     * @param token bearer token sent, or empty
     */
    public StateClient(URI stateUrl, String token, ObjectMapper json, Duration timeout) {
        this(stateUrl, token, null, json, timeout);
    }

    /**
     * @param stateUrl the service's state API
     * @param token bearer token sent, or empty
     * @param basicAuthorization sent when there is no token: the platform credentials as an HTTP Basic header, which
     *     the services accept on their state API as an admin of the {@code org} query parameter's org; or null
     */
    public StateClient(URI stateUrl, String token, String basicAuthorization, ObjectMapper json, Duration timeout) {
        this.stateUrl = stateUrl;
        this.authorization = token != null && !token.isBlank() ? "Bearer " + token.strip() : basicAuthorization;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI stateUrl() {
        return stateUrl;
    }

    /** The org's state. */
    public StateDocument export(String org) throws IOException {
        return export(org, false);
    }

    /**
     * The org's state; {@code full} asks for the secrets a service leaves out by default (auth-service's password and
     * API-key hashes, encrypted by the service), which services without such secrets ignore.
     */
    public StateDocument export(String org, boolean full) throws IOException {
        HttpResponse<String> response = send(request(
                        org,
                        URI.create(stateUrl + "/export?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8)
                                + (full ? "&full=true" : "")))
                .GET()
                .build());
        StateDocument document = json.readValue(response.body(), StateDocument.class);
        if (document.format() != StateDocument.FORMAT) {
            throw new StateApiException(
                    response.statusCode(), stateUrl + " answered state format " + document.format());
        }
        if (!org.equals(document.org())) {
            throw new StateApiException(
                    response.statusCode(),
                    stateUrl + " exported org " + document.org() + " when asked for " + org
                            + ": its token belongs to another org");
        }
        return document;
    }

    /**
     * Imports {@code document} into {@code org}; a refused import (policy {@code fail} with conflicts, not a dry
     * run) is a {@link StateApiException} with status 409.
     */
    public StateImportResult importState(String org, StateDocument document, ConflictPolicy policy, boolean dryRun)
            throws IOException {
        URI uri = URI.create(stateUrl + "/import?conflicts=" + URLEncoder.encode(policy.id(), StandardCharsets.UTF_8)
                + "&dryRun=" + dryRun + "&org=" + URLEncoder.encode(org, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(request(org, uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(document)))
                .build());
        return json.readValue(response.body(), StateImportResult.class);
    }

    private HttpRequest.Builder request(String org, URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("X-ShopWatch-Org", org);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + request.uri(), e);
        } catch (IOException e) {
            throw new StateApiException(0, request.uri() + " did not answer: " + e.getMessage());
        }
        if (response.statusCode() / 100 != 2) {
            throw new StateApiException(
                    response.statusCode(),
                    request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                            + detail(response.body()));
        }
        return response;
    }

    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (RuntimeException e) {
            // not JSON: the body itself, shortened
        }
        return body == null ? "" : body.substring(0, Math.min(200, body.length()));
    }
}
