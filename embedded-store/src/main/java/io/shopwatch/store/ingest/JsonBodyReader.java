package io.shopwatch.store.ingest;

import io.shopwatch.common.openobserve.OpenObserveFlattening;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.store.error.StoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@code _json} request body — an array of records or one record — with Jackson's streaming parser, straight
 * into a {@link RowBatch}, applying OpenObserve's rules exactly as {@link RecordNormaliser#normalise} does for a parsed
 * tree: no tree is built for a record's scalar fields; a nested object or array (which {@link OpenObserveFlattening}
 * flattens or keeps as JSON text) is read as a tree and flattened by it.
 *
 * <p>A record that is not an object, or that the rules refuse, is counted with the reason and skipped; the rest of the
 * body is read on. A body that is not JSON is refused whole (400 {@code Invalid json: ...}), as before any row is
 * stored.
 */
public final class JsonBodyReader {

    /** What was read: the accepted rows, the refused count and the last refusal's reason (null when none). */
    public record Result(RowBatch rows, long failed, String error, long bytes) {}

    /** A JSON null, kept apart from an absent field while a record's fields are sorted. */
    private static final Object NULL = new Object();

    private static final String NOT_AN_OBJECT = "flatten value must be an object";

    private final ObjectMapper json;
    private final RecordNormaliser normaliser;

    public JsonBodyReader(ObjectMapper json, RecordNormaliser normaliser) {
        this.json = json;
        this.normaliser = normaliser;
    }

    /**
     * Reads the whole body.
     *
     * @throws StoreException 400 when the body is empty or not JSON
     * @throws UncheckedIOException when the body cannot be read (its cause is the {@link IOException})
     */
    public Result read(InputStream body, OpenObserveFlattening flattener, String streamLabel, long nowMicros) {
        Counting counted = new Counting(body);
        RowBatch rows = new RowBatch();
        Fields fields = new Fields();
        long failed = 0;
        String error = null;
        try (JsonParser parser = json.createParser(counted)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                if (counted.count == 0) {
                    throw StoreException.badRequest("Invalid json: the request body is empty");
                }
                // blank: a tree reader would answer one missing node, which is not an object
                return new Result(rows, 1, NOT_AN_OBJECT, counted.count);
            }
            boolean array = token == JsonToken.START_ARRAY;
            if (array) {
                token = parser.nextToken();
            }
            while (token != null && token != JsonToken.END_ARRAY) {
                String refusal = record(parser, token, fields, rows, flattener, streamLabel, nowMicros);
                if (refusal != null) {
                    failed++;
                    error = refusal;
                }
                if (!array) {
                    break;
                }
                token = parser.nextToken();
            }
            JsonToken trailing =
                    json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) ? parser.nextToken() : null;
            if (trailing != null) {
                throw StoreException.badRequest("Invalid json: Trailing token (of type " + trailing
                        + ") found after value (bound as `JsonNode`): not allowed as per"
                        + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
            }
        } catch (JacksonIOException e) {
            throw new UncheckedIOException(e.getCause());
        } catch (JacksonException e) {
            throw StoreException.badRequest("Invalid json: " + e.getOriginalMessage());
        }
        return new Result(rows, failed, error, counted.count);
    }

    /** Reads one record; null when it was kept, else why it was refused. */
    private String record(
            JsonParser parser,
            JsonToken token,
            Fields fields,
            RowBatch rows,
            OpenObserveFlattening flattener,
            String streamLabel,
            long nowMicros) {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return NOT_AN_OBJECT;
        }
        fields.clear();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            fields.add(key, value(parser, parser.nextToken()));
        }
        fields.sortAndDropRepeats();
        // as OpenObserveFlattening visits a record: keys in sorted order, a later colliding key wins
        for (int i = 0; i < fields.size; i++) {
            Object value = fields.values[i];
            if (value instanceof JsonNode nested) {
                ObjectNode one = JsonNodeFactory.instance.objectNode();
                one.set(fields.keys[i], nested);
                flattener.flattenInto(one, rows.row());
            } else if (value == NULL) {
                rows.remove(OpenObserveNames.key(fields.keys[i]));
            } else {
                rows.put(OpenObserveNames.key(fields.keys[i]), value);
            }
        }
        String refusal = normaliser.finish(rows.row(), streamLabel, nowMicros);
        if (refusal == null) {
            rows.keepRow();
        } else {
            rows.dropRow();
        }
        return refusal;
    }

    /** A scalar as {@code OpenObserveFlattening.scalar} gives it, {@link #NULL}, or a nested object or array as a tree. */
    private Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            case START_OBJECT, START_ARRAY -> (JsonNode) parser.readValueAsTree();
            default -> parser.getText();
        };
    }

    private static Object integer(JsonParser parser) {
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        BigInteger big = parser.getBigIntegerValue();
        if (big.bitLength() <= 63) {
            return big.longValue();
        }
        if (big.signum() > 0 && big.bitLength() <= 64) {
            return big;
        }
        return big.doubleValue();
    }

    /** One record's top-level fields in the order read, reused from record to record. */
    private static final class Fields {
        String[] keys = new String[16];
        Object[] values = new Object[16];
        int size;
        boolean ordered;

        void clear() {
            Arrays.fill(values, 0, size, null);
            size = 0;
            ordered = true;
        }

        void add(String key, Object value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && keys[size - 1].compareTo(key) >= 0) {
                ordered = false;
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        /**
         * Sorted by key (as OpenObserve's serde_json map), and a repeated key keeps its last value (as a tree does). In
         * place: an insertion sort, stable, for the handful of keys of a log record.
         */
        void sortAndDropRepeats() {
            if (ordered) {
                return;
            }
            for (int i = 1; i < size; i++) {
                String key = keys[i];
                Object value = values[i];
                int j = i;
                while (j > 0 && keys[j - 1].compareTo(key) > 0) {
                    keys[j] = keys[j - 1];
                    values[j] = values[j - 1];
                    j--;
                }
                keys[j] = key;
                values[j] = value;
            }
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (n > 0 && keys[n - 1].equals(keys[i])) {
                    n--; // the later of two equal keys wins
                }
                keys[n] = keys[i];
                values[n] = values[i];
                n++;
            }
            Arrays.fill(values, n, size, null);
            size = n;
        }
    }

    /** Counts the bytes read, for the stream's ingested size. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
