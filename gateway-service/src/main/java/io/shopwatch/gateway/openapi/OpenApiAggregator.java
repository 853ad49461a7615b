package io.shopwatch.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shopwatch.gateway.auth.RouteAccessPolicy;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the platform's one API document from the services' own documents and the gateway's routes. Plain Java: the
 * routes, the documents and the access policy go in, a swagger-core {@link OpenAPI} model comes out.
 *
 * <ul>
 *   <li><b>The gateway's paths.</b> A service's path is listed under the public path that reaches it through the
 *       route (its Path and Method predicates, its path filters), and only if that route is the first one the gateway
 *       would pick for it; paths no route reaches (auth-service's {@code /internal/**}) are left out. A route that
 *       sets a fixed path ({@code SetPath}, e.g. {@code /health/logging} → {@code /actuator/health}) is described by
 *       the gateway itself when the service does not document the target.
 *   <li><b>Credentials.</b> Two security schemes, {@code bearerAuth} (access token, a JWT) and {@code apiKey}
 *       ({@code X-API-Key}); each operation requires either, or nothing where the gateway's {@link RouteAccessPolicy}
 *       lets the request through without credentials.
 *   <li><b>Errors.</b> One {@code Problem} schema (RFC 9457); every 4xx and 5xx answer is
 *       {@code application/problem+json} with it, and every operation lists the answers the gateway gives itself
 *       (401, 403, 413, 429, 503, 504) as shared responses.
 *   <li><b>Components</b> of different services with the same name and different content are renamed
 *       {@code <route>_<name>}, their references with them; equal ones are kept once.
 *   <li><b>What is missing is said.</b> {@code x-shopwatch-routes} lists every route with the number of operations
 *       documented through it; {@code x-shopwatch-missing} and the description name the services whose document
 *       could not be fetched.
 * </ul>
 */
public final class OpenApiAggregator {

    /** The shared problem schema. */
    public static final String PROBLEM = "Problem";

    public static final String BEARER = "bearerAuth";
    public static final String API_KEY = "apiKey";

    private static final ObjectMapper JSON = Json31.mapper();

    private static final String PROBLEM_JSON = "application/problem+json";

    /** The gateway's own components: the problem schema, its answers, the two ways to authenticate. */
    private static final String GATEWAY_COMPONENTS = """
            {
              "schemas": {
                "Problem": {
                  "type": "object",
                  "description": "An RFC 9457 problem document; clients switch on type, which never changes meaning.",
                  "required": ["type", "title", "status"],
                  "properties": {
                    "type": {"type": "string", "format": "uri",
                             "examples": ["https://shopwatch.io/problems/unauthorized"]},
                    "title": {"type": "string"},
                    "status": {"type": "integer", "format": "int32"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string", "description": "the path asked for"},
                    "requestId": {"type": "string", "description": "the request id (X-Request-Id)"},
                    "route": {"type": "string", "description": "the gateway route, on 503 and 504"},
                    "limit": {"type": "integer", "format": "int64", "description": "the limit, on 413"}
                  },
                  "additionalProperties": true
                }
              },
              "responses": {
                "Unauthorized": {"description": "No credentials, or a token or API key that is not valid",
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "Forbidden": {"description": "The caller's role or org does not allow the request",
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "PayloadTooLarge": {"description": "The body is larger than the gateway accepts",
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "RateLimited": {"description": "The client spent its rate limit; see Retry-After",
                  "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "Unavailable": {"description": "The service is unreachable or its circuit breaker is open",
                  "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "GatewayTimeout": {"description": "The service did not start answering in time",
                  "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
              },
              "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                  "description": "An access token from POST /api/v1/auth/login or /api/v1/auth/refresh"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                  "description": "An API key (swk_...); also accepted as Authorization: Bearer swk_..."}
              }
            }
            """;

    private final RouteAccessPolicy policy;
    private final String title;
    private final String version;

    public OpenApiAggregator(RouteAccessPolicy policy, String title, String version) {
        this.policy = policy;
        this.title = title;
        this.version = version;
    }

    /**
     * The document of the whole platform.
     *
     * @param routes the gateway's routes, in the order the gateway tries them
     * @param documents each route's service document by route id (routes without one are treated as missing)
     */
    public OpenAPI aggregate(List<GatewayRoute> routes, Map<String, ServiceDocument> documents) {
        ObjectNode components = (ObjectNode) read(GATEWAY_COMPONENTS);
        Map<ObjectNode, OpenAPI> prepared = new IdentityHashMap<>();
        Map<String, PathItem> paths = new LinkedHashMap<>();
        Map<String, Tag> tags = new LinkedHashMap<>();
        Set<String> operationIds = new HashSet<>();
        List<Map<String, Object>> report = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();

        for (GatewayRoute route : routes) {
            ServiceDocument document = documents.getOrDefault(route.id(), new ServiceDocument.Missing("not fetched"));
            int operations = 0;
            String status;
            if (document instanceof ServiceDocument.Available available) {
                OpenAPI service =
                        prepared.computeIfAbsent(available.document(), tree -> prepare(tree, route.id(), components));
                if (service.getTags() != null) {
                    service.getTags().forEach(tag -> tags.putIfAbsent(tag.getName(), tag));
                }
                operations += addOperations(route, routes, service, paths, operationIds);
                status = "available";
            } else {
                missing.put(route.id(), ((ServiceDocument.Missing) document).reason());
                status = "missing";
            }
            operations += addGatewayDescribed(route, document, paths, operationIds);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", route.id());
            entry.put("paths", route.patterns());
            if (!route.methods().isEmpty()) {
                entry.put("methods", route.methods().stream().sorted().toList());
            }
            entry.put("document", status);
            entry.put("operations", operations);
            report.add(entry);
        }

        prune(components, JSON.valueToTree(paths));
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi("3.1.0");
        api.info(new Info().title(title).version(version).description(description(missing)));
        api.servers(List.of(new Server().url("/").description("this gateway")));
        Paths merged = new Paths();
        paths.forEach(merged::addPathItem);
        api.paths(merged);
        api.components(convert(components, Components.class));
        if (!tags.isEmpty()) {
            api.tags(new ArrayList<>(tags.values()));
        }
        api.addExtension("x-shopwatch-routes", report);
        if (!missing.isEmpty()) {
            List<Map<String, String>> absent = new ArrayList<>();
            missing.forEach((id, reason) -> absent.add(Map.of("route", id, "reason", reason)));
            api.addExtension("x-shopwatch-missing", absent);
        }
        return api;
    }

    /** The document as JSON. */
    public static String json(OpenAPI api) {
        try {
            return JSON.writeValueAsString(api);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String description(Map<String, String> missing) {
        StringBuilder text =
                new StringBuilder("Every operation of the ShopWatch platform, as reached through its gateway.");
        if (!missing.isEmpty()) {
            text.append("\n\nNot described now, because the service's own document could not be fetched: ");
            List<String> parts = new ArrayList<>();
            missing.forEach((route, reason) -> parts.add("route `" + route + "` (" + reason + ")"));
            text.append(String.join(", ", parts)).append(". Ask again later.");
        }
        return text.toString();
    }

    /** The service's operations under the route's public paths; the number added. */
    private int addOperations(
            GatewayRoute route,
            List<GatewayRoute> routes,
            OpenAPI service,
            Map<String, PathItem> paths,
            Set<String> operationIds) {
        if (service.getPaths() == null) {
            return 0;
        }
        int added = 0;
        for (Map.Entry<String, PathItem> entry : service.getPaths().entrySet()) {
            String publicPath = route.publicPath(entry.getKey()).orElse(null);
            if (publicPath == null) {
                continue;
            }
            PathItem source = entry.getValue();
            for (Map.Entry<PathItem.HttpMethod, Operation> operation :
                    source.readOperationsMap().entrySet()) {
                String method = operation.getKey().name();
                if (!firstMatch(routes, method, publicPath).equals(route.id())) {
                    continue;
                }
                PathItem target = paths.computeIfAbsent(publicPath, path -> new PathItem()
                        .summary(source.getSummary())
                        .description(source.getDescription())
                        .parameters(source.getParameters()));
                if (target.readOperationsMap().containsKey(operation.getKey())) {
                    continue;
                }
                target.operation(
                        operation.getKey(), decorate(operation.getValue(), route, method, publicPath, operationIds));
                added++;
            }
        }
        return added;
    }

    /**
     * Operations the gateway describes itself: a route that sends literal public paths to one fixed path of the
     * service ({@code SetPath}) when the service does not document that path.
     */
    private int addGatewayDescribed(
            GatewayRoute route, ServiceDocument document, Map<String, PathItem> paths, Set<String> operationIds) {
        if (route.rewrites().stream().noneMatch(rewrite -> rewrite instanceof GatewayRoute.SetPath)) {
            return 0;
        }
        int added = 0;
        for (String publicPath : route.literalPatterns()) {
            String target = route.servicePath(publicPath);
            if (document instanceof ServiceDocument.Available available
                    && available.document().path("paths").has(target)) {
                continue;
            }
            List<String> methods = route.methods().isEmpty()
                    ? List.of("GET")
                    : route.methods().stream().sorted().toList();
            for (String method : methods) {
                PathItem.HttpMethod httpMethod = PathItem.HttpMethod.valueOf(method);
                PathItem item = paths.computeIfAbsent(publicPath, path -> new PathItem());
                if (item.readOperationsMap().containsKey(httpMethod)) {
                    continue;
                }
                Operation operation = new Operation()
                        .operationId(route.id() + "-" + method.toLowerCase(Locale.ROOT))
                        .summary("The answer of " + target + " of the service behind route " + route.id())
                        .description("Forwarded by the gateway to the service's " + target + "; described by the "
                                + "gateway's route, not by the service's own document.")
                        .addTagsItem("gateway")
                        .responses(new ApiResponses()
                                .addApiResponse(
                                        "200",
                                        new ApiResponse()
                                                .description("The service's answer")
                                                .content(new Content()
                                                        .addMediaType(
                                                                "application/json",
                                                                new MediaType()
                                                                        .schema(schema("{\"type\": \"object\"}"))))));
                item.operation(httpMethod, decorate(operation, route, method, publicPath, operationIds));
                added++;
            }
        }
        return added;
    }

    /** The route the gateway picks for a request: the first whose predicates match. */
    private static String firstMatch(List<GatewayRoute> routes, String method, String path) {
        return routes.stream()
                .filter(route -> route.matches(method, path))
                .map(GatewayRoute::id)
                .findFirst()
                .orElse("");
    }

    /** The gateway's credentials, errors and route on one operation. */
    private Operation decorate(
            Operation operation, GatewayRoute route, String method, String publicPath, Set<String> operationIds) {
        String id = operation.getOperationId() == null
                ? route.id() + "-" + method.toLowerCase(Locale.ROOT) + publicPath.replaceAll("[^A-Za-z0-9]+", "-")
                : operation.getOperationId();
        if (!operationIds.add(id)) {
            id = route.id() + "_" + id;
            for (int n = 2; !operationIds.add(id); n++) {
                id = route.id() + "_" + operation.getOperationId() + "_" + n;
            }
        }
        operation.setOperationId(id);
        operation.addExtension("x-shopwatch-route", route.id());

        boolean open = policy.requirement(method, examplePath(publicPath)).isPublic();
        operation.setSecurity(
                open
                        ? List.of()
                        : List.of(
                                new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(API_KEY)));

        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        for (Map.Entry<String, ApiResponse> response : responses.entrySet()) {
            if (isError(response.getKey()) && response.getValue().get$ref() == null) {
                response.getValue()
                        .content(new Content()
                                .addMediaType(
                                        PROBLEM_JSON,
                                        new MediaType()
                                                .schema(schema(
                                                        "{\"$ref\": \"#/components/schemas/" + PROBLEM + "\"}"))));
            }
        }
        if (!open) {
            responses.putIfAbsent("401", shared("Unauthorized"));
            responses.putIfAbsent("403", shared("Forbidden"));
        }
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("413", shared("PayloadTooLarge"));
        }
        responses.putIfAbsent("429", shared("RateLimited"));
        responses.putIfAbsent("503", shared("Unavailable"));
        responses.putIfAbsent("504", shared("GatewayTimeout"));
        operation.setResponses(responses);
        return operation;
    }

    /** A concrete path for a templated one ({@code {org}} becomes {@code org}), to ask the access policy about. */
    private static String examplePath(String path) {
        return path.replaceAll("\\{([^}/]+)}", "$1");
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static ApiResponse shared(String name) {
        return new ApiResponse().$ref("#/components/responses/" + name);
    }

    /**
     * A service's document as a model, its components merged into {@code components}: a name already taken by a
     * different definition is renamed {@code <route>_<name>} here and in every reference. Security schemes are the
     * gateway's alone.
     */
    private static OpenAPI prepare(ObjectNode original, String routeId, ObjectNode components) {
        Map<String, String> renames = new LinkedHashMap<>();
        ObjectNode document;
        boolean more = true;
        do {
            document = original.deepCopy();
            rewriteReferences(document, renames);
            more = false;
            for (Map.Entry<String, JsonNode> section : ownSections(document)) {
                for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                    String reference = "#/components/" + section.getKey() + "/" + component.getKey();
                    JsonNode existing = components.path(section.getKey()).get(component.getKey());
                    if (!renames.containsKey(reference) && existing != null && !existing.equals(component.getValue())) {
                        String name = routeId + "_" + component.getKey();
                        for (int n = 2; components.path(section.getKey()).has(name); n++) {
                            name = routeId + "_" + component.getKey() + "_" + n;
                        }
                        renames.put(reference, "#/components/" + section.getKey() + "/" + name);
                        more = true;
                    }
                }
            }
        } while (more);
        for (Map.Entry<String, JsonNode> section : ownSections(document)) {
            ObjectNode target = components.withObject("/" + section.getKey());
            for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                String reference = "#/components/" + section.getKey() + "/" + component.getKey();
                String name = renames.getOrDefault(reference, reference);
                name = name.substring(name.lastIndexOf('/') + 1);
                if (!target.has(name)) {
                    target.set(name, component.getValue());
                }
            }
        }
        document.remove("components");
        document.remove("security");
        document.remove("servers");
        return convert(document, OpenAPI.class);
    }

    /** The component sections of a service's document, without its security schemes (the gateway's alone). */
    private static List<Map.Entry<String, JsonNode>> ownSections(ObjectNode document) {
        List<Map.Entry<String, JsonNode>> sections = new ArrayList<>();
        if (document.get("components") instanceof ObjectNode own) {
            for (Map.Entry<String, JsonNode> section : own.properties()) {
                if (!section.getKey().equals("securitySchemes") && section.getValue() instanceof ObjectNode) {
                    sections.add(section);
                }
            }
        }
        return sections;
    }

    /**
     * Removes the components nothing listed refers to (directly or through other components): those of paths no route
     * reaches, such as auth-service's internal API, are not part of the platform's API.
     */
    private static void prune(ObjectNode components, JsonNode paths) {
        Set<String> reached = new HashSet<>();
        List<String> pending = new ArrayList<>();
        collectReferences(paths, pending);
        collectReferences(components.path("responses"), pending);
        while (!pending.isEmpty()) {
            String reference = pending.remove(pending.size() - 1);
            if (reference.startsWith("#/components/") && reached.add(reference)) {
                String[] parts = reference.substring("#/components/".length()).split("/", 2);
                if (parts.length == 2) {
                    collectReferences(components.path(parts[0]).path(parts[1]), pending);
                }
            }
        }
        for (Map.Entry<String, JsonNode> section : components.properties()) {
            if (section.getKey().equals("securitySchemes") || section.getKey().equals("responses")) {
                continue;
            }
            if (section.getValue() instanceof ObjectNode entries) {
                entries.properties()
                        .removeIf(
                                entry -> !reached.contains("#/components/" + section.getKey() + "/" + entry.getKey()));
            }
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                references.add(ref.asText());
            }
            object.elements().forEachRemaining(child -> collectReferences(child, references));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collectReferences(child, references));
        }
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && renames.containsKey(ref.asText())) {
                object.set("$ref", TextNode.valueOf(renames.get(ref.asText())));
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                rewriteReferences(children.next(), renames);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteReferences(child, renames));
        }
    }

    private static Schema<?> schema(String json) {
        return convert(read(json), Schema.class);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
