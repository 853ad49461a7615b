package io.shopwatch.dashboard.query;

import io.shopwatch.dashboard.model.Dashboards;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@link PrometheusApi} over HTTP: {@code POST /api/{org}/prometheus/api/v1/query_range} (form) with the caller's
 * {@code Authorization}, read in Prometheus' answer shape ({@code {"status":"success","data":{"resultType":"matrix",
 * "result":[{"metric":{...},"values":[[<unix s>,"<value>"],...]}]}}}, errors {@code {"status":"error","errorType",
 * "error"}}).
 */
public class HttpPrometheusApi implements PrometheusApi {

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    public HttpPrometheusApi(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public List<Series> queryRange(
            String org, String authorization, String query, long startMillis, long endMillis, long stepMillis) {
        String form = "query=" + enc(query)
                + "&start=" + seconds(startMillis)
                + "&end=" + seconds(endMillis)
                + "&step=" + seconds(stepMillis);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/api/" + enc(org) + "/prometheus/api/v1/query_range"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PrometheusApiException(0, "the Prometheus API at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusApiException(0, "interrupted while querying " + baseUrl, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asString(""))) {
            String error = body.path("error").asString("");
            if (error.isEmpty()) {
                error = body.path("detail").asString("HTTP " + response.statusCode());
            }
            throw new PrometheusApiException(response.statusCode() == 200 ? 502 : response.statusCode(), error, null);
        }
        JsonNode data = body.path("data");
        if (!"matrix".equals(data.path("resultType").asString(""))) {
            throw new PrometheusApiException(
                    502, "query_range answered resultType " + data.path("resultType") + ", not matrix", null);
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode item : data.path("result")) {
            Map<String, String> metric = new LinkedHashMap<>();
            item.path("metric")
                    .properties()
                    .forEach(e -> metric.put(e.getKey(), e.getValue().asString("")));
            List<Sample> samples = new ArrayList<>();
            for (JsonNode point : item.path("values")) {
                long millis = new BigDecimal(point.get(0).asString())
                        .movePointRight(3)
                        .longValue();
                samples.add(new Sample(millis, value(point.get(1).asString(""))));
            }
            series.add(new Series(metric, samples));
        }
        return series;
    }

    /** Prometheus writes values as strings; NaN and ±Inf become null. */
    static Double value(String text) {
        try {
            double v = Double.parseDouble(text);
            return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Dashboards.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return Dashboards.JSON.createObjectNode();
        }
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
