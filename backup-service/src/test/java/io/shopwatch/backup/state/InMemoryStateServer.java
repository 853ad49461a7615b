package io.shopwatch.backup.state;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportPlan;
import io.shopwatch.common.state.StateImportResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's state API over real HTTP in the test JVM, holding its state in memory per org ({@code X-ShopWatch-Org})
 * and importing with common's {@link StateImportPlan}, as the services do. It passes the same {@code StateApiContract}
 * as dashboard-service's real controller ({@link InMemoryStateServerContractTest}), so that backup-service's tests can
 * back up, wipe and restore several services' state without starting them.
 */
public final class InMemoryStateServer implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String service;
    private final HttpServer server;
    /** org → section → id → item. */
    private final Map<String, Map<String, TreeMap<String, JsonNode>>> state = new ConcurrentHashMap<>();

    private final List<String> exportQueries = new java.util.concurrent.CopyOnWriteArrayList<>();

    public InMemoryStateServer(String service) {
        this.service = service;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/state/export", this::export);
        server.createContext("/state/import", this::importState);
        server.start();
    }

    /** The state API's URL, for {@code shopwatch.backup.state.services.<name>}. */
    public URI stateUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/state");
    }

    /** Puts an item ({@code id} and {@code value}) into a section of the org. */
    public void put(String org, String section, String id, String value) {
        sections(org)
                .computeIfAbsent(section, s -> new TreeMap<>())
                .put(id, JSON.createObjectNode().put("id", id).put("value", value));
    }

    /** Forgets everything of the org, as a lost database would. */
    public void wipe(String org) {
        state.remove(org);
    }

    /** The org's state as its export shows it. */
    public synchronized Map<String, List<JsonNode>> sectionsOf(String org) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        new TreeMap<>(sections(org)).forEach((name, items) -> out.put(name, new ArrayList<>(items.values())));
        return out;
    }

    private Map<String, TreeMap<String, JsonNode>> sections(String org) {
        return state.computeIfAbsent(org, o -> new ConcurrentHashMap<>());
    }

    /** The query string of every export call, oldest first. */
    public List<String> exportQueries() {
        return List.copyOf(exportQueries);
    }

    private void export(HttpExchange exchange) throws IOException {
        exportQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
        String org = exchange.getRequestHeaders().getFirst("X-ShopWatch-Org");
        StateDocument document = new StateDocument(StateDocument.FORMAT, service, org, Instant.now(), sectionsOf(org));
        answer(exchange, 200, JSON.writeValueAsBytes(document));
    }

    private synchronized void importState(HttpExchange exchange) throws IOException {
        String org = exchange.getRequestHeaders().getFirst("X-ShopWatch-Org");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        StateDocument document = JSON.readValue(exchange.getRequestBody().readAllBytes(), StateDocument.class);
        if (!service.equals(document.service())) {
            answer(exchange, 400, problem("not a " + service + " state document"));
            return;
        }
        Map<String, Map<String, JsonNode>> existing = new LinkedHashMap<>();
        sections(org).forEach((name, items) -> existing.put(name, new LinkedHashMap<>(items)));
        StateImportPlan plan = StateImportPlan.of(document, existing, ConflictPolicy.parse(query.get("conflicts")));
        boolean dryRun = Boolean.parseBoolean(query.get("dryRun"));
        if (!dryRun && plan.refused()) {
            answer(exchange, 409, problem(plan.conflicts().size() + " conflict(s)"));
            return;
        }
        if (!dryRun) {
            for (StateImportPlan.Action action : plan.writes()) {
                sections(org)
                        .computeIfAbsent(action.section(), s -> new TreeMap<>())
                        .put(action.id(), action.item());
            }
        }
        StateImportResult result = plan.result(dryRun);
        answer(exchange, 200, JSON.writeValueAsBytes(result));
    }

    private static byte[] problem(String detail) {
        return JSON.writeValueAsBytes(Map.of("title", "Conflict", "detail", detail));
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
