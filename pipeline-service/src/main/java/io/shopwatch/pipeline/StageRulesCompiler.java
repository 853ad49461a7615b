package io.shopwatch.pipeline;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.shopwatch.pipeline.flow.StageChain;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the complete stage chain from a {@link PipelineProperties} value: every stage configured by the per-stream
 * settings (required fields, JSON schema), the service metadata and the amount bands, the default chain and each
 * stream's own chain resolved by name. Everything is checked here, so a value that does not compile throws
 * {@link IllegalArgumentException} (naming the setting) and nothing of it is used.
 */
public final class StageRulesCompiler {

    /** Field names as the store keeps them (OpenObserve's format_key): lower-case letters, digits, underscores. */
    static final Pattern FIELD_NAME = Pattern.compile("[a-z0-9_]{1,128}");

    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final List<Stage> available;
    private final Function<String, InputStream> resources;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /**
     * @param available every stage, as built at start (found by name)
     * @param resources opens a schema location ({@code classpath:}, {@code file:}); throws when there is none
     */
    public StageRulesCompiler(List<Stage> available, Function<String, InputStream> resources) {
        this.available = List.copyOf(available);
        this.resources = resources;
    }

    /** The chain these properties describe. */
    public StageChain compile(PipelineProperties properties) {
        StageSettings settings = settings(properties);
        List<Stage> configured = new ArrayList<>(available.size());
        for (Stage stage : available) {
            configured.add(stage.configuredBy(settings));
        }
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        properties.streams().forEach((stream, own) -> {
            if (!own.stages().isEmpty()) {
                byStream.put(stream, own.stages());
            }
        });
        requireDocumentStages("the default chain (shopwatch.pipeline.stages)", properties.stages());
        byStream.forEach(
                (stream, names) -> requireDocumentStages("shopwatch.pipeline.streams." + stream + ".stages", names));
        return new StageChain(configured, properties.stages(), byStream);
    }

    private StageSettings settings(PipelineProperties properties) {
        Map<String, List<String>> required = new LinkedHashMap<>();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        properties.streams().forEach((stream, own) -> {
            String where = "shopwatch.pipeline.streams." + stream;
            for (String field : own.requiredFields()) {
                if (field == null || !FIELD_NAME.matcher(field).matches()) {
                    throw new IllegalArgumentException(where + ".required-fields: '" + field
                            + "' is not a stored field name (lower-case letters, digits, underscores)");
                }
            }
            required.put(stream, own.requiredFields());
            Schema schema = schema(where, own);
            if (schema != null) {
                schemas.put(stream, schema);
            }
        });
        return new StageSettings(required, schemas, properties.serviceMetadata(), properties.amountBands());
    }

    private Schema schema(String where, PipelineProperties.StreamSettings own) {
        boolean located = own.schema() != null && !own.schema().isBlank();
        boolean inline = own.jsonSchema() != null && !own.jsonSchema().isBlank();
        if (located && inline) {
            throw new IllegalArgumentException(
                    where + ": set schema (a location) or json-schema (a document), not both");
        }
        if (located) {
            String text;
            try (InputStream in = resources.apply(own.schema())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(where + ".schema: cannot read " + own.schema() + ": " + e, e);
            }
            return document(where + ".schema", text);
        }
        return inline ? document(where + ".json-schema", own.jsonSchema()) : null;
    }

    /** A JSON Schema (draft 2020-12) document, checked against the draft's meta-schema. */
    private Schema document(String where, String json) {
        try {
            Schema meta = registry.getSchema(SchemaLocation.of(META_SCHEMA));
            List<com.networknt.schema.Error> errors = meta.validate(json, InputFormat.JSON);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(where + " is not a valid JSON Schema: "
                        + errors.stream().limit(3).map(Object::toString).collect(Collectors.joining("; ")));
            }
            return registry.getSchema(json);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " is not a valid JSON Schema: " + e.getMessage(), e);
        }
    }

    private static void requireDocumentStages(String where, List<String> names) {
        if (!names.containsAll(PipelineProperties.REQUIRED_STAGES)) {
            throw new IllegalArgumentException(where + " must contain the stages " + PipelineProperties.REQUIRED_STAGES
                    + ", which build the stored document; it has " + names);
        }
    }
}
