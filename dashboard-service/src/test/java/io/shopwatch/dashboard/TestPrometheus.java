package io.shopwatch.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Prometheus HTTP API on a real port for the test JVM, answering {@code /api/{org}/prometheus/api/v1/query_range}
 * in Prometheus' exact shapes as metrics-service writes them: {@code {"status":"success","data":{"resultType":
 * "matrix","result":[{"metric":{...},"values":[[1764979200,"1.5"],[1764979215.5,"NaN"]]}]}}} (times as Unix seconds,
 * whole ones as integers; values as strings), and {@code 400 {"status":"error","errorType":"bad_data","error":...}}
 * for a query containing {@code syntax error}. Each request is kept in {@link #requests()}.
 */
public final class TestPrometheus {

    /** A request as received: the org of the path, the Authorization header and the form's parameters. */
    public record Received(String org, String authorization, Map<String, String> form) {}

    private static HttpServer server;
    private static final List<Received> REQUESTS = new CopyOnWriteArrayList<>();

    private TestPrometheus() {}

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/", TestPrometheus::handle);
            server.start();
            HttpServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(0)));
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static List<Received> requests() {
        return REQUESTS;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        // /api/{org}/prometheus/api/v1/query_range
        if (parts.length != 7 || !path.endsWith("/prometheus/api/v1/query_range")) {
            answer(exchange, 404, "404 page not found");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        REQUESTS.add(new Received(parts[2], exchange.getRequestHeaders().getFirst("Authorization"), form));
        String query = form.getOrDefault("query", "");
        if (query.contains("syntax error")) {
            answer(
                    exchange,
                    400,
                    "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:1: parse error: "
                            + "unexpected identifier \\\"syntax\\\"\"}");
            return;
        }
        BigDecimal start = new BigDecimal(form.get("start"));
        BigDecimal end = new BigDecimal(form.get("end"));
        BigDecimal step = new BigDecimal(form.get("step"));
        StringBuilder checkout = new StringBuilder();
        StringBuilder cart = new StringBuilder();
        int i = 0;
        for (BigDecimal t = start; t.compareTo(end) <= 0 && i < 50; t = t.add(step), i++) {
            String time = t.stripTrailingZeros().toPlainString();
            checkout.append(i == 0 ? "" : ",")
                    .append("[")
                    .append(time)
                    .append(",\"")
                    .append(0.25 * (i + 1))
                    .append("\"]");
            cart.append(i == 0 ? "" : ",")
                    .append("[")
                    .append(time)
                    .append(",\"")
                    .append(i == 1 ? "NaN" : "2")
                    .append("\"]");
        }
        answer(
                exchange,
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                        + "{\"metric\":{\"operation\":\"checkout\",\"service\":\"order-service\"},\"values\":["
                        + checkout
                        + "]},{\"metric\":{\"operation\":\"cart\",\"service\":\"order-service\"},\"values\":[" + cart
                        + "]}]}}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
