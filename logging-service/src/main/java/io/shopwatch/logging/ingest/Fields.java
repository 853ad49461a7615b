package io.shopwatch.logging.ingest;

import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading the well-known fields of a record tree, with a precise reason when one has the wrong JSON type. */
public final class Fields {

    private Fields() {}

    /** The value of a string field, {@code null} when it is JSON null. */
    public static String string(String name, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_FIELD, "/" + name + ": must be a string, not " + typeOf(node));
        }
        return node.stringValue();
    }

    /** The value of an object field, {@code null} when it is JSON null. */
    public static ObjectNode object(String name, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new InvalidRecordException(
                RejectReason.INVALID_FIELD, "/" + name + ": must be an object, not " + typeOf(node));
    }

    /**
     * Moves the named top-level fields of {@code record} into its object field {@code into} (created when missing);
     * a field already there of the same name wins, the top-level one is dropped.
     */
    public static void moveInto(ObjectNode record, List<String> names, String into, ObjectNode existing) {
        ObjectNode target = existing != null ? existing : record.objectNode();
        for (String name : names) {
            JsonNode value = record.remove(name);
            if (!target.has(name)) {
                target.set(name, value);
            }
        }
        record.set(into, target);
    }

    /**
     * Writes the object field {@code into}: the fields of {@code existing} (may be {@code null}), then the named
     * top-level fields of {@code record} that {@code existing} does not have (a field already there of the same name
     * wins, the top-level one is dropped). The streaming counterpart of {@link #moveInto}; the tree is not edited.
     */
    public static void writeMerged(
            JsonGenerator out, String into, ObjectNode existing, ObjectNode record, List<String> names) {
        out.writeName(into);
        out.writeStartObject();
        if (existing != null) {
            for (Map.Entry<String, JsonNode> field : existing.properties()) {
                EnvelopeWriter.writeProperty(out, field.getKey(), field.getValue());
            }
        }
        if (names != null) {
            for (String name : names) {
                if (existing == null || !existing.has(name)) {
                    EnvelopeWriter.writeProperty(out, name, record.get(name));
                }
            }
        }
        out.writeEndObject();
    }

    /**
     * The Bean Validation violations as one reason, {@code /json_name: message} each, in field order.
     *
     * @param jsonNames Java property name to JSON field name, for the names that differ
     */
    public static String describe(Set<? extends ConstraintViolation<?>> violations, Map<String, String> jsonNames) {
        return violations.stream()
                .map(v -> {
                    String property = v.getPropertyPath().toString();
                    return "/" + jsonNames.getOrDefault(property, property) + ": " + v.getMessage();
                })
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("; "));
    }

    /** "an object", "a number" ...: how a reason names a JSON value's type. */
    public static String typeOf(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isString()) {
            return "a string";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
