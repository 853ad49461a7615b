package io.shopwatch.logging.events;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.RejectReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The behaviour-event vocabulary: one JSON schema (draft 2020-12) per event type, describing the event's
 * {@code properties}. A file {@code <type>.json} defines the type {@code <type>}; adding a type is adding a file.
 * Files whose name starts with {@code _} are not types: {@code _generic.json} checks events of unknown types (when
 * they are accepted), every other one holds shared definitions and is reachable by its {@code $id}
 * ({@value #SCHEMA_BASE}{@code <file>}). Every schema is compiled when the catalog is built, so a broken file stops
 * the service at start-up rather than at the first event.
 */
public final class EventSchemaCatalog {

    public static final String SCHEMA_BASE = "https://shopwatch.io/schemas/events/";
    static final String GENERIC = "_generic.json";
    static final String OTHER = "other";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_ERRORS = 5;

    private final Map<String, Schema> schemas;
    private final Map<String, JsonNode> documents;
    private final Schema generic;
    private final UnknownEventTypes unknownTypes;

    private EventSchemaCatalog(
            Map<String, Schema> schemas,
            Map<String, JsonNode> documents,
            Schema generic,
            UnknownEventTypes unknownTypes) {
        this.schemas = Map.copyOf(schemas);
        this.documents = Map.copyOf(documents);
        this.generic = generic;
        this.unknownTypes = unknownTypes;
    }

    /**
     * Builds the catalog from schema files.
     *
     * @param files file name ({@code order_placed.json}) to content; later entries of the same name replace earlier
     *     ones
     * @throws IllegalArgumentException when a file name is not a valid type or a schema does not compile
     */
    public static EventSchemaCatalog of(Map<String, String> files, UnknownEventTypes unknownTypes) {
        ObjectMapper mapper = JsonMapper.builder().build();
        Map<String, String> shared = new HashMap<>();
        files.forEach((name, content) -> {
            if (name.startsWith("_") && !name.equals(GENERIC)) {
                shared.put(SCHEMA_BASE + name, content);
            }
        });
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(shared));
        Map<String, Schema> schemas = new TreeMap<>();
        Map<String, JsonNode> documents = new TreeMap<>();
        Schema generic = null;
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            if (!name.endsWith(".json")) {
                throw new IllegalArgumentException("event schema " + name + " must be a .json file");
            }
            if (name.startsWith("_") && !name.equals(GENERIC)) {
                continue;
            }
            Schema schema = compile(registry, mapper, name, file.getValue());
            if (name.equals(GENERIC)) {
                generic = schema;
                continue;
            }
            String type = name.substring(0, name.length() - ".json".length());
            if (!TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("event schema " + name + ": the type must match " + TYPE.pattern());
            }
            schemas.put(type, schema);
            documents.put(type, schema.getSchemaNode());
        }
        if (generic == null && unknownTypes == UnknownEventTypes.ACCEPT) {
            throw new IllegalArgumentException(GENERIC + " is needed to accept events of unknown types");
        }
        return new EventSchemaCatalog(schemas, documents, generic, unknownTypes);
    }

    private static Schema compile(SchemaRegistry registry, ObjectMapper mapper, String name, String content) {
        try {
            Schema schema = registry.getSchema(mapper.readTree(content));
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("event schema " + name + " does not compile: " + e.getMessage(), e);
        }
    }

    /** The types that have a schema, sorted. */
    public Set<String> types() {
        return new java.util.TreeSet<>(schemas.keySet());
    }

    /** The schema document of a type, empty when the type has none. */
    public java.util.Optional<JsonNode> schema(String type) {
        return java.util.Optional.ofNullable(documents.get(type));
    }

    public UnknownEventTypes unknownTypes() {
        return unknownTypes;
    }

    public boolean isKnown(String type) {
        return schemas.containsKey(type);
    }

    /** The type as counted in metrics: itself when known, {@value #OTHER} otherwise (keeps the tag set bounded). */
    public String metricType(String type) {
        return schemas.containsKey(type) ? type : OTHER;
    }

    /**
     * Checks an event's properties against its type's schema.
     *
     * @throws InvalidRecordException with {@link RejectReason#SCHEMA} naming the failing properties, or
     *     {@link RejectReason#UNKNOWN_TYPE}
     */
    public void check(String type, JsonNode properties) {
        Schema schema = schemas.get(type);
        if (schema == null) {
            if (unknownTypes == UnknownEventTypes.REJECT) {
                throw new InvalidRecordException(
                        RejectReason.UNKNOWN_TYPE,
                        "/type: unknown event type '" + type + "'; known types: " + String.join(", ", types()));
            }
            schema = generic;
        }
        List<Error> errors = schema.validate(properties);
        if (!errors.isEmpty()) {
            String reason = errors.stream()
                    .limit(MAX_ERRORS)
                    .map(e -> "/properties" + e.getInstanceLocation() + ": " + e.getMessage())
                    .collect(Collectors.joining("; "));
            if (errors.size() > MAX_ERRORS) {
                reason += "; and " + (errors.size() - MAX_ERRORS) + " more";
            }
            throw new InvalidRecordException(RejectReason.SCHEMA, type + ": " + reason);
        }
    }
}
