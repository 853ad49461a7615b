package io.shopwatch.pipeline.transform;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Builds the stored document from the record's JSON payload the way OpenObserve does on ingestion: nested objects
 * joined with {@code _} down to a depth limit (deeper objects and every array become JSON text), nulls dropped, keys
 * lower-cased with every character outside {@code [a-z0-9_]} replaced by {@code _}. Doing it here means the later
 * stages see the field names that will be stored.
 */
public final class FlattenTransformer implements Stage {

    /** OpenObserve's default {@code ZO_INGEST_FLATTEN_LEVEL}. */
    public static final int DEFAULT_DEPTH = 3;

    private final int maxDepth;

    public FlattenTransformer(int maxDepth) {
        this.maxDepth = maxDepth <= 0 ? Integer.MAX_VALUE : maxDepth;
    }

    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public Phase phase() {
        return Phase.TRANSFORM;
    }

    @Override
    public void apply(PipelineRecord record) {
        JsonNode payload = record.envelope().payload();
        if (!payload.isObject()) {
            record.reject(name(), "payload must be a JSON object");
            return;
        }
        flatten(payload, "", 1, record.document());
    }

    private void flatten(JsonNode node, String prefix, int depth, Map<String, Object> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? normaliseKey(field.getKey()) : prefix + '_' + normaliseKey(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                continue;
            }
            if (value.isObject()) {
                if (depth < maxDepth) {
                    flatten(value, key, depth + 1, out);
                } else {
                    out.put(key, value.toString());
                }
            } else if (value.isArray()) {
                out.put(key, value.toString());
            } else if (value.isTextual()) {
                out.put(key, value.asString());
            } else if (value.isBoolean()) {
                out.put(key, value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                out.put(key, value.longValue());
            } else if (value.isNumber()) {
                out.put(key, value.doubleValue());
            } else {
                out.put(key, value.toString());
            }
        }
    }

    /** OpenObserve's {@code format_key}: ASCII lower case; anything but lower-case letters, digits and {@code _} → {@code _}. */
    public static String normaliseKey(String key) {
        boolean clean = true;
        for (int i = 0; i < key.length() && clean; i++) {
            char c = key.charAt(i);
            clean = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (clean) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                out.append((char) (c + 32));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                out.append(c);
            } else if (Character.isLetter(c) && c > 127) {
                out.append(Character.toLowerCase(c));
            } else {
                out.append('_');
            }
        }
        return out.toString();
    }
}
