package io.shopwatch.pipeline.record;

import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.common.openobserve.OpenObserveNames;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a raw-topic envelope ({@code {"id","org","stream","type","timestamp","payload"}}) from its bytes in one pass
 * of a streaming parser, straight into the flat document the stages work on: the payload is flattened while it is
 * read, by {@link OpenObserveFlattening}'s rules (keys joined with {@code _} down to the flatten level and normalised
 * with {@link OpenObserveNames#key}, keys visited in sorted order so that the later one wins a clash, deeper objects
 * and every array kept as JSON text with sorted keys, nulls and empty values dropped). No tree of the payload is
 * built, except for the parts kept as JSON text.
 *
 * <p>{@code timestamp} is read in both forms of the contract: an integer (microseconds since the epoch) or an RFC 3339
 * string (records written before the integer form). Field order does not matter. Instances are thread-safe.
 */
public final class EnvelopeReader {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper SORTED =
            JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    /** Value markers of the deferred object entries. */
    private static final Object NULL = new Object();

    private static final Object EMPTY = new Object();

    private final int maxLevel;

    /** @param maxLevel levels of objects joined, like {@link OpenObserveFlattening}; 0 or less means no limit */
    public EnvelopeReader(int maxLevel) {
        this.maxLevel = Math.max(0, maxLevel);
    }

    /** The bytes are not a ShopWatch envelope; the message says why, without the payload. */
    public static final class NotAnEnvelopeException extends RuntimeException {
        NotAnEnvelopeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one envelope; throws {@link NotAnEnvelopeException} when the bytes are not one. */
    public PipelineRecord read(byte[] raw, PipelineRecord.Source source) {
        String id = null;
        String org = null;
        String stream = null;
        TelemetryType type = null;
        long micros = 0;
        boolean timestamp = false;
        boolean payload = false;
        boolean flattened = false;
        Map<String, Object> document = new LinkedHashMap<>(32);
        try (JsonParser parser = JSON.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnEnvelopeException("not a JSON object");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "id" -> id = text(parser, token, name);
                    case "org" -> org = text(parser, token, name);
                    case "stream" -> stream = text(parser, token, name);
                    case "type" -> type = type(text(parser, token, name));
                    case "timestamp" -> {
                        micros = micros(parser, token);
                        timestamp = true;
                    }
                    case "payload" -> {
                        if (token == JsonToken.VALUE_NULL) {
                            throw new NotAnEnvelopeException("payload is null");
                        }
                        payload = true;
                        if (token == JsonToken.START_OBJECT) {
                            Object entries = readObject(parser, 0);
                            if (entries instanceof Entries object) {
                                apply(object, "", 0, document);
                            }
                            flattened = true;
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new NotAnEnvelopeException("not JSON: " + e.getOriginalMessage());
        }
        require(id, "id");
        require(org, "org");
        require(stream, "stream");
        require(type, "type");
        require(timestamp ? Boolean.TRUE : null, "timestamp");
        require(payload ? Boolean.TRUE : null, "payload");
        return new PipelineRecord(id, org, stream, type, micros, source, raw, document, flattened);
    }

    /** The {@code payload} of an envelope's bytes as a tree (for the few stages that need one). */
    static JsonNode payloadTree(byte[] raw) {
        return JSON.readTree(raw).path("payload");
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new NotAnEnvelopeException("missing " + field);
        }
    }

    private static String text(JsonParser parser, JsonToken token, String field) {
        if (token == null || token.isStructStart() || token == JsonToken.VALUE_NULL) {
            throw new NotAnEnvelopeException(field + " must be a string");
        }
        return parser.getString();
    }

    private static TelemetryType type(String text) {
        try {
            return TelemetryType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new NotAnEnvelopeException("unknown type " + text);
        }
    }

    private static long micros(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new NotAnEnvelopeException("timestamp out of range");
            }
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(parser.getString()));
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new NotAnEnvelopeException("timestamp is not RFC 3339");
            }
        }
        throw new NotAnEnvelopeException("timestamp must be an integer (microseconds) or an RFC 3339 string");
    }

    // ---------------------------------------------------------------- flattening while reading

    /** The entries of one object as read, applied in sorted key order once the object is complete. */
    private record Entries(List<Entry> entries, boolean sorted) {}

    private record Entry(String key, Object value) {}

    private static final Comparator<Entry> BY_KEY = Comparator.comparing(Entry::key);

    /**
     * Reads the object the parser is at (its START_OBJECT): {@link #EMPTY}, its JSON text when it lies at or below the
     * flatten level, or its {@link Entries}.
     */
    private Object readObject(JsonParser parser, int depth) {
        if (maxLevel > 0 && depth >= maxLevel) {
            JsonNode node = parser.readValueAsTree();
            return node.isEmpty() ? EMPTY : SORTED.writeValueAsString(node);
        }
        List<Entry> entries = new ArrayList<>(16);
        boolean sorted = true;
        String previous = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            Object value = readValue(parser, parser.nextToken(), depth);
            if (previous != null && previous.compareTo(name) > 0) {
                sorted = false;
            }
            previous = name;
            entries.add(new Entry(name, value));
        }
        return entries.isEmpty() ? EMPTY : new Entries(entries, sorted);
    }

    private Object readValue(JsonParser parser, JsonToken token, int depth) {
        switch (token) {
            case START_OBJECT:
                return readObject(parser, depth + 1);
            case START_ARRAY: {
                JsonNode node = parser.readValueAsTree();
                return node.isEmpty() ? EMPTY : SORTED.writeValueAsString(node);
            }
            case VALUE_STRING:
                return parser.getString();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return parser.getLongValue();
                }
                BigInteger big = parser.getBigIntegerValue();
                return big.signum() > 0 && big.bitLength() <= 64 ? big : (Object) big.doubleValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            default:
                return parser.getString();
        }
    }

    /** {@link OpenObserveFlattening}'s walk over a read object: sorted keys, later clashing key wins. */
    private static void apply(Entries object, String parentKey, int depth, Map<String, Object> flat) {
        List<Entry> entries = object.entries();
        if (!object.sorted()) {
            entries.sort(BY_KEY);
        }
        for (Entry entry : entries) {
            String name = OpenObserveNames.key(entry.key());
            String path = depth > 0 ? parentKey + '_' + name : name;
            Object value = entry.value();
            if (value == NULL) {
                flat.remove(path);
            } else if (value instanceof Entries child) {
                apply(child, path, depth + 1, flat);
            } else if (value != EMPTY) {
                flat.put(path, value);
            }
        }
    }
}
