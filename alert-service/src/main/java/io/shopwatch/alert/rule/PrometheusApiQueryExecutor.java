package io.shopwatch.alert.rule;

import io.shopwatch.alert.core.LabelSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * PromQL instant queries through the Prometheus HTTP API at OpenObserve's paths,
 * {@code GET {baseUrl}/api/{org}/prometheus/api/v1/query?query=&time=}: metrics-service (the default), the gateway in
 * front of it, or OpenObserve itself. Sends {@code Authorization: Bearer <token>} when a token is set, otherwise the
 * OpenObserve credentials as HTTP Basic. A
 * {@code "status":"error"} answer, another HTTP status or an unreachable server throws, so the rule's evaluation is
 * counted as failed and its instances keep their state.
 */
public final class PrometheusApiQueryExecutor implements PromQlQueryExecutor {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI baseUrl;
    private final String authorization;
    private final Supplier<Duration> timeout;

    /** Sends {@code Authorization: Bearer <token>} when a token is set, nothing otherwise. */
    public PrometheusApiQueryExecutor(HttpClient http, String baseUrl, String token, Duration timeout) {
        this(http, baseUrl, token, null, timeout);
    }

    /**
     * Sends the token when one is set; otherwise {@code basicAuthorization} (the OpenObserve credentials as an HTTP
     * Basic header, which metrics-service and OpenObserve both accept on their PromQL API) when given.
     */
    public PrometheusApiQueryExecutor(
            HttpClient http, String baseUrl, String token, String basicAuthorization, Duration timeout) {
        this(http, baseUrl, token, basicAuthorization, () -> timeout);
    }

    /** As above, with the timeout of one query read on every query. */
    public PrometheusApiQueryExecutor(
            HttpClient http, String baseUrl, String token, String basicAuthorization, Supplier<Duration> timeout) {
        this.http = http;
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.authorization = token != null && !token.isBlank() ? "Bearer " + token.strip() : basicAuthorization;
        this.timeout = timeout;
    }

    @Override
    public List<Sample> query(String org, String promql, Instant at) {
        URI uri = baseUrl.resolve(
                "api/" + encode(org) + "/prometheus/api/v1/query?query=" + encode(promql) + "&time=" + seconds(at));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout.get())
                .header("Accept", "application/json")
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the Prometheus API at " + baseUrl + " is not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying " + baseUrl, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the Prometheus API answered " + response.statusCode() + " without JSON: " + abbreviate(response));
        }
        if (response.statusCode() / 100 != 2
                || !"success".equals(body.path("status").asString(""))) {
            throw new IllegalStateException("PromQL query failed (" + response.statusCode() + ", "
                    + body.path("errorType").asString("?") + "): "
                    + body.path("error").asString(abbreviate(response)));
        }
        return samples(body.path("data"));
    }

    /** The samples of a query answer's {@code data}: one per vector series, or one without labels for a scalar. */
    static List<Sample> samples(JsonNode data) {
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        List<Sample> out = new ArrayList<>();
        switch (type) {
            case "vector" -> {
                for (JsonNode series : result) {
                    Map<String, String> labels = new TreeMap<>();
                    for (Map.Entry<String, JsonNode> label :
                            series.path("metric").properties()) {
                        if (!label.getKey().equals("__name__")) {
                            labels.put(label.getKey(), label.getValue().asString());
                        }
                    }
                    out.add(new Sample(
                            LabelSet.of(labels), value(series.path("value").path(1))));
                }
            }
            case "scalar" -> out.add(new Sample(LabelSet.EMPTY, value(result.path(1))));
            default ->
                throw new IllegalStateException(
                        "a PromQL rule needs an instant vector or a scalar, the query gave " + type);
        }
        return out;
    }

    /** Prometheus writes values as text: {@code "0.97"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}. */
    static double value(JsonNode node) {
        String text = node.asString("");
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String seconds(Instant at) {
        return java.math.BigDecimal.valueOf(at.toEpochMilli(), 3).toPlainString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(HttpResponse<String> response) {
        String b = String.valueOf(response.body());
        return b.length() <= 300 ? b : b.substring(0, 300) + "...";
    }
}
