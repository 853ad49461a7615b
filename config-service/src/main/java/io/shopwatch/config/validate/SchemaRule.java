package io.shopwatch.config.validate;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft 2020-12) of an application, shipped as {@code config-schemas/<application>.schema.json} on
 * the class path: it describes the flat properties object ({@code {"pipeline.sampling-rate": 0.5}}), so each error
 * names the property key. Applications without a schema pass.
 */
public final class SchemaRule implements ConfigRule {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Optional<Schema>> schemas = new ConcurrentHashMap<>();
    private final Function<String, InputStream> source;

    /** Schemas from the class path under {@code config-schemas/}. */
    public SchemaRule() {
        this(application -> SchemaRule.class
                .getClassLoader()
                .getResourceAsStream("config-schemas/" + application + ".schema.json"));
    }

    /** Schemas from {@code source} (the schema of an application, or {@code null}). */
    public SchemaRule(Function<String, InputStream> source) {
        this.source = source;
    }

    @Override
    public List<FieldError> check(String application, SortedMap<String, Object> properties) {
        Optional<Schema> schema = schemas.computeIfAbsent(application, this::load);
        if (schema.isEmpty()) {
            return List.of();
        }
        ObjectNode document = JSON.valueToTree(properties);
        return schema.get().validate(document).stream()
                .map(e -> new FieldError(field(e), e.getMessage(), "schema:" + e.getKeyword()))
                .toList();
    }

    private static String field(com.networknt.schema.Error error) {
        if (error.getProperty() != null) {
            return error.getProperty();
        }
        var location = error.getInstanceLocation();
        return location == null || location.getNameCount() == 0 ? "" : location.getName(0);
    }

    private Optional<Schema> load(String application) {
        try (InputStream in = source.apply(application)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(registry.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of " + application, e);
        }
    }
}
