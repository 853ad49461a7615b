package io.shopwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.ServiceSmokeTest;
import io.shopwatch.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.server.PathContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's one API document at the gateway, built from the services' real springdoc documents (captured by each
 * service's {@link ServiceSmokeTest} into {@value ServiceSmokeTest#SERVICE_DOCS}, which also checks that they are still
 * true), served by real HTTP servers standing in for the services. The routes checked are the gateway's own route
 * definitions as loaded from application.yml, never a list written here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayOpenApiTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** The gateway's service key → the application whose document that service serves. */
    private static final Map<String, String> APPLICATIONS = Map.ofEntries(
            Map.entry("auth", "auth-service"),
            Map.entry("config", "config-service"),
            Map.entry("logging", "logging-service"),
            Map.entry("metrics", "metrics-service"),
            Map.entry("tracing", "tracing-service"),
            Map.entry("pipeline", "pipeline-service"),
            Map.entry("alert", "alert-service"),
            Map.entry("dashboard", "dashboard-service"),
            Map.entry("backup", "backup-service"),
            Map.entry("performance", "performance-service"),
            Map.entry("openobserve", "embedded-store"));

    /** Services that answer 503 to a request for their document, for the test that needs one down. */
    private static final Set<String> DOWN = ConcurrentHashMap.newKeySet();

    private static final Map<String, RecordingServer> SERVICES = startServices();

    @Autowired
    private RouteDefinitionLocator routeDefinitions;

    @LocalServerPort
    private int port;

    private static Map<String, RecordingServer> startServices() {
        Map<String, RecordingServer> services = new LinkedHashMap<>();
        APPLICATIONS.forEach((service, application) -> {
            String document = captured(application);
            services.put(service, RecordingServer.start(service).respondWith((exchange, request) -> {
                if (!request.uri().equals("/v3/api-docs")) {
                    RecordingServer.send(exchange, 404, "application/problem+json", "{\"status\":404}");
                } else if (DOWN.contains(service)) {
                    RecordingServer.send(exchange, 503, "application/problem+json", "{\"status\":503}");
                } else {
                    RecordingServer.send(exchange, 200, "application/json", document);
                }
            }));
        });
        return Map.copyOf(services);
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        SERVICES.forEach((id, server) -> registry.add("shopwatch.gateway.services." + id, server::url));
        registry.add(
                "shopwatch.gateway.auth.jwks-url", () -> TestTokens.shared().jwksUrl());
        registry.add("shopwatch.gateway.auth.denied-reports.enabled", () -> "false");
        // a cold JVM on a busy machine is slow at its first fetches; the timeout itself: ServiceDocumentsTest
        registry.add("shopwatch.gateway.openapi.fetch-timeout", () -> "20s");
        // every request for the document asks the services again (caching: ServiceDocumentsTest)
        registry.add("shopwatch.gateway.openapi.cache-ttl", () -> "0s");
        registry.add("shopwatch.gateway.openapi.missing-ttl", () -> "0s");
    }

    @AfterAll
    static void stopServices() {
        SERVICES.values().forEach(RecordingServer::close);
    }

    @BeforeEach
    void everyServiceUp() {
        DOWN.clear();
    }

    @Test
    void document_listsEveryRouteTheGatewayExposes() throws Exception {
        JsonNode document = document();
        Map<String, List<String>> operations = operations(document);
        List<RouteDefinition> routes =
                routeDefinitions.getRouteDefinitions().collectList().block();
        assertThat(routes).hasSizeGreaterThan(10);
        List<String> documentedRoutes = new ArrayList<>();

        for (RouteDefinition route : routes) {
            List<String> patterns = arguments(route, "Path");
            Set<String> methods = arguments(route, "Method").stream()
                    .map(method -> method.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            assertThat(patterns)
                    .as("route %s has a Path predicate", route.getId())
                    .isNotEmpty();
            JsonNode entry = routeEntry(document, route.getId());
            assertThat(entry.path("document").asString()).as(route.getId()).isEqualTo("available");
            int undocumented = 0;
            for (String pattern : patterns) {
                PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
                List<String> listed = matching(operations, parsed, methods);
                if (!listed.isEmpty()) {
                    documentedRoutes.add(route.getId());
                    continue;
                }
                // Nothing listed: true only of a route that forwards paths unchanged to a service whose own
                // document has nothing under the pattern (a service whose API is not built yet).
                assertThat(route.getFilters())
                        .as("route %s sets its own path, so the gateway describes %s itself", route.getId(), pattern)
                        .noneMatch(filter -> filter.getName().equals("SetPath"));
                String application = APPLICATIONS.get(service(route.getUri()));
                List<String> own = matching(operations(JSON.readTree(captured(application))), parsed, methods);
                assertThat(own)
                        .as(
                                "route %s (%s): %s documents these, the gateway's document lists none",
                                route.getId(), pattern, application)
                        .isEmpty();
                undocumented++;
            }
            if (undocumented == patterns.size()) {
                assertThat(entry.path("operations").asInt())
                        .as("route %s is listed as having no operations", route.getId())
                        .isZero();
            }
        }
        assertThat(documentedRoutes).contains("auth", "logging", "pipeline", "alert", "openobserve", "health-logging");
    }

    @Test
    void document_showsTheGatewaysPaths_notTheServicesOwn() throws Exception {
        JsonNode document = document();
        Map<String, List<String>> operations = operations(document);

        assertThat(operations).containsKeys("/api/v1/auth/login", "/api/v1/logs/search", "/api/v1/pipeline/stats");
        assertThat(operations.get("/health/logging")).containsExactlyInAnyOrder("get", "head");
        assertThat(operations.get("/health/store")).contains("get");
        assertThat(operations.keySet())
                .as("paths no route reaches, and the services' own actuator paths")
                .noneMatch(path -> path.startsWith("/internal/") || path.startsWith("/actuator"));
        assertThat(document.path("components").path("schemas").propertyNames())
                .as("components only paths no route reaches use (auth-service's internal API) are left out")
                .doesNotContain("VerifyRequest", "DeniedRequests")
                .contains("Problem", "Login", "SearchPage");
        assertThat(document.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
    }

    @Test
    void document_describesCredentialsAndProblems() throws Exception {
        JsonNode document = document();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path("bearerAuth").path("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(schemes.path("apiKey").path("in").asString()).isEqualTo("header");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(document.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .propertyNames())
                .contains("type", "title", "status", "detail", "instance");

        JsonNode login = document.path("paths").path("/api/v1/auth/login").path("post");
        assertThat(login.path("security").isArray()).isTrue();
        assertThat(login.path("security")).as("login needs no credentials").isEmpty();
        JsonNode search = document.path("paths").path("/api/v1/logs/search").path("get");
        assertThat(search.path("security").toString()).contains("bearerAuth", "apiKey");
        assertThat(search.path("responses").path("401").path("$ref").asString())
                .isEqualTo("#/components/responses/Unauthorized");

        int errors = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String where = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().has("security")).as(where).isTrue();
                for (Map.Entry<String, JsonNode> response :
                        operation.getValue().path("responses").properties()) {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        errors++;
                        assertThat(problemSchema(document, response.getValue()))
                                .as("%s answers %s as problem+json", where, response.getKey())
                                .isEqualTo("#/components/schemas/Problem");
                    }
                }
            }
        }
        assertThat(errors).isGreaterThan(100);
    }

    @Test
    void document_leavesOutAServiceThatIsDown_andSaysSo() throws Exception {
        DOWN.add("alert");

        JsonNode document = document();

        assertThat(operations(document).keySet()).noneMatch(path -> path.startsWith("/api/v1/alerts"));
        assertThat(operations(document)).containsKey("/api/v1/logs/search");
        assertThat(document.path("x-shopwatch-missing").toString())
                .contains("\"route\":\"alert\"", "answered 503")
                .doesNotContain("\"route\":\"logging\"");
        assertThat(document.path("info").path("description").asString()).contains("alert", "answered 503");
        assertThat(routeEntry(document, "alert").path("document").asString()).isEqualTo("missing");

        DOWN.clear();
        assertThat(operations(document()).keySet()).anyMatch(path -> path.startsWith("/api/v1/alerts"));
    }

    @Test
    void swaggerUi_showsThePlatformsDocument() throws Exception {
        HttpResponse<String> page = get("/swagger-ui.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("swagger-ui");

        HttpResponse<String> config = get("/v3/gateway-api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("url").asString()).isEqualTo("/v3/api-docs");
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The schema reference of a response's problem+json content, following a shared response. */
    private static String problemSchema(JsonNode document, JsonNode response) {
        JsonNode resolved = response;
        if (response.has("$ref")) {
            String name = response.path("$ref").asString().substring("#/components/responses/".length());
            resolved = document.path("components").path("responses").path(name);
        }
        return resolved.path("content")
                .path("application/problem+json")
                .path("schema")
                .path("$ref")
                .asString();
    }

    private static JsonNode routeEntry(JsonNode document, String id) {
        for (JsonNode entry : document.path("x-shopwatch-routes")) {
            if (entry.path("id").asString().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("route " + id + " is not in x-shopwatch-routes");
    }

    /** Path → its methods (lower case). */
    private static Map<String, List<String>> operations(JsonNode document) {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            List<String> methods = path.getValue().propertyNames().stream()
                    .filter(METHODS::contains)
                    .toList();
            if (!methods.isEmpty()) {
                operations.put(path.getKey(), methods);
            }
        }
        return operations;
    }

    /** {@code "get /path"} of every operation the pattern matches, with one of the methods (any when empty). */
    private static List<String> matching(
            Map<String, List<String>> operations, PathPattern pattern, Set<String> methods) {
        List<String> matching = new ArrayList<>();
        operations.forEach((path, pathMethods) -> {
            if (pattern.matches(PathContainer.parsePath(path))) {
                pathMethods.stream()
                        .filter(method -> methods.isEmpty() || methods.contains(method))
                        .forEach(method -> matching.add(method + " " + path));
            }
        });
        return matching;
    }

    private static List<String> arguments(RouteDefinition route, String predicate) {
        return route.getPredicates().stream()
                .filter(definition -> definition.getName().equals(predicate))
                .map(PredicateDefinition::getArgs)
                .flatMap(args -> args.values().stream())
                .toList();
    }

    private static String service(URI uri) {
        return SERVICES.entrySet().stream()
                .filter(entry -> URI.create(entry.getValue().url()).equals(uri))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test service at " + uri));
    }

    private static String captured(String application) {
        try {
            return Files.readString(Path.of("src/test/resources/service-docs", application + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
