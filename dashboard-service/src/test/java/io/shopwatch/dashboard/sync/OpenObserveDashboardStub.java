package io.shopwatch.dashboard.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shopwatch.dashboard.model.Dashboards;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenObserve's dashboards and folders API as its handlers behave (reference §1.13), in memory on a loopback port:
 * create answers the wrapper with a generated id and hash; an update needs the current hash (409 otherwise) and the
 * dashboard's folder; every write gets a new hash. It records each write for the test to count.
 */
final class OpenObserveDashboardStub implements AutoCloseable {

    record Stored(String folder, JsonNode v8, String hash) {}

    final Map<String, Stored> dashboards = new ConcurrentHashMap<>();
    final Map<String, String> folders = new ConcurrentHashMap<>(); // id -> name
    final List<String> writes = new ArrayList<>();
    /**
     * Every request as {@code METHOD path?query} (parameters in the order sent), then its {@code Content-Type} and
     * {@code Authorization}, and for a dashboard body its {@code version} and {@code dashboardId}.
     */
    final List<String> requests = new ArrayList<>();

    private final AtomicLong ids = new AtomicLong(7_300_000_000_000_000_000L);
    private final HttpServer server;

    OpenObserveDashboardStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        folders.put("default", "default");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = bytes.length == 0 ? null : Dashboards.JSON.readTree(bytes);
        String raw = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (raw == null ? "" : "?" + raw) + " | "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " | "
                + exchange.getRequestHeaders().getFirst("Authorization")
                + (body != null && body.has("tabs")
                        ? " | version=" + body.path("version").asString("?") + " dashboardId="
                                + body.path("dashboardId").asString("?")
                        : body == null ? "" : " | " + Dashboards.JSON.writeValueAsString(body)));
        String[] parts = path.split("/");
        if (path.matches("/api/v2/[^/]+/folders/dashboards")) {
            if (method.equals("GET")) {
                ObjectNode list = Dashboards.JSON.createObjectNode();
                tools.jackson.databind.node.ArrayNode items = list.putArray("list");
                folders.forEach(
                        (id, name) -> items.addObject().put("folderId", id).put("name", name));
                answer(exchange, 200, list);
            } else {
                String id = Long.toString(ids.incrementAndGet());
                folders.put(id, body.path("name").asString());
                writes.add("folder " + body.path("name").asString());
                answer(
                        exchange,
                        200,
                        Dashboards.JSON
                                .createObjectNode()
                                .put("folderId", id)
                                .put("name", body.path("name").asString()));
            }
            return;
        }
        if (path.matches("/api/[^/]+/dashboards") && method.equals("POST")) {
            String folder = query.getOrDefault("folder", "default");
            if (!folders.containsKey(folder)) {
                answer(exchange, 404, Dashboards.JSON.createObjectNode().put("message", "Folder not found"));
                return;
            }
            String id = Long.toString(ids.incrementAndGet());
            store(id, folder, body);
            writes.add("create " + id);
            answer(exchange, 200, wrapper(id));
            return;
        }
        if (path.matches("/api/[^/]+/dashboards/[^/]+")) {
            String id = parts[4];
            Stored stored = dashboards.get(id);
            if (stored == null) {
                answer(exchange, 404, Dashboards.JSON.createObjectNode().put("message", "Dashboard not found"));
                return;
            }
            switch (method) {
                case "GET" -> answer(exchange, 200, wrapper(id));
                case "PUT" -> {
                    if (!stored.hash().equals(query.get("hash"))) {
                        answer(exchange, 409, Dashboards.JSON.createObjectNode().put("message", "Conflict"));
                        return;
                    }
                    store(id, query.getOrDefault("folder", stored.folder()), body);
                    writes.add("update " + id);
                    answer(exchange, 200, wrapper(id));
                }
                case "DELETE" -> {
                    dashboards.remove(id);
                    writes.add("delete " + id);
                    answer(exchange, 200, Dashboards.JSON.createObjectNode().put("message", "Dashboard deleted"));
                }
                default -> answer(exchange, 405, Dashboards.JSON.createObjectNode());
            }
            return;
        }
        answer(exchange, 404, Dashboards.JSON.createObjectNode().put("message", "no route"));
    }

    /** A change made in OpenObserve's own UI: a new hash. */
    synchronized void touch(String id) {
        Stored stored = dashboards.get(id);
        dashboards.put(id, new Stored(stored.folder(), stored.v8(), Long.toString(ids.incrementAndGet())));
    }

    private void store(String id, String folder, JsonNode body) {
        ObjectNode v8 = (ObjectNode) body.deepCopy();
        v8.put("dashboardId", id);
        dashboards.put(id, new Stored(folder, v8, Long.toString(ids.incrementAndGet())));
    }

    private ObjectNode wrapper(String id) {
        Stored stored = dashboards.get(id);
        ObjectNode wrapper = Dashboards.JSON.createObjectNode();
        wrapper.set("v8", stored.v8());
        wrapper.put("version", 8);
        wrapper.put("hash", stored.hash());
        return wrapper;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Dashboards.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
