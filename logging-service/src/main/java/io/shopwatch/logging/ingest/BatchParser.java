package io.shopwatch.logging.ingest;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Splits a request body into its records in one pass: a JSON array (or a single JSON object) read as a token stream,
 * one tree per element; or NDJSON, one tree per non-blank line. Only the JSON structure is checked here; what a
 * record must contain is the {@link RecordMapper}'s business.
 */
public final class BatchParser {

    /** How the body is laid out. */
    public enum Format {
        /** {@code application/json}: an array of records, or one record. */
        JSON,
        /** {@code application/x-ndjson}: one record per line. */
        NDJSON
    }

    /**
     * One record as parsed.
     *
     * @param node the record, when it is valid JSON
     * @param error why it could not be parsed (NDJSON lines only), else {@code null}
     */
    public record Item(JsonNode node, String error) {

        static Item of(JsonNode node) {
            return new Item(node, null);
        }

        static Item broken(String error) {
            return new Item(null, error);
        }
    }

    private final ObjectMapper mapper;
    private final ObjectReader lineReader;
    private final ObjectReader treeReader;

    public BatchParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.lineReader = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.treeReader = mapper.readerFor(JsonNode.class);
    }

    /**
     * The records of a body.
     *
     * @throws ShopWatchException 400 when the body cannot be parsed at all, 413 over {@code maxRecords}
     */
    public List<Item> parse(byte[] body, Format format, int maxRecords) {
        return format == Format.NDJSON ? parseLines(body, maxRecords) : parseJson(body, maxRecords);
    }

    private List<Item> parseJson(byte[] body, int maxRecords) {
        return readJson(body, maxRecords, parser -> Item.of(parser.readValueAsTree()));
    }

    /** How {@link #mapJson} turns the records of a JSON body into their outcomes. */
    public interface Mapping {

        /**
         * Reads one record from the parser (at its {@code START_OBJECT}, over the body's UTF-8 bytes) and leaves the
         * parser at its {@code END_OBJECT}; {@code null} when it is to be mapped from its tree instead.
         */
        MappedRecord read(JsonParser parser, byte[] body);

        /** Maps one record's tree (any JSON value: an element of the array that is not an object too). */
        MappedRecord map(JsonNode record);
    }

    /**
     * The records of a JSON body (an array of records, or one record) mapped one by one as the parser reaches them,
     * without a tree where {@code mapping} reads them itself. The body is refused as a whole for the same reasons,
     * with the same answers, as {@link #parse}.
     *
     * @throws ShopWatchException 400 when the body cannot be parsed at all, 413 over {@code maxRecords}
     */
    public List<MappedRecord> mapJson(byte[] body, int maxRecords, Mapping mapping) {
        return readJson(body, maxRecords, parser -> {
            long start = parser.currentTokenLocation().getByteOffset();
            // not an object, or not a UTF-8 body (no byte offsets to read the record's bytes by): its tree
            if (parser.currentToken() != JsonToken.START_OBJECT || start < 0) {
                return mapping.map(parser.readValueAsTree());
            }
            MappedRecord record = mapping.read(parser, body);
            if (record != null) {
                return record;
            }
            long end = parser.currentTokenLocation().getByteOffset() + 1;
            return mapping.map(treeReader.readTree(body, (int) start, (int) (end - start)));
        });
    }

    /** One element of a JSON body, read by the parser positioned at its first token. */
    private interface Element<T> {
        T read(JsonParser parser);
    }

    private <T> List<T> readJson(byte[] body, int maxRecords, Element<T> element) {
        List<T> items = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw malformed("request body is empty; send a JSON array of records");
            }
            if (token == JsonToken.START_OBJECT) {
                items.add(element.read(parser));
            } else if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (items.size() == maxRecords) {
                        throw tooMany(maxRecords);
                    }
                    items.add(element.read(parser));
                }
            } else {
                throw malformed("request body must be a JSON array of records (or one record), not "
                        + parser.currentToken().asString());
            }
            if (parser.nextToken() != null) {
                throw malformed("request body has content after the JSON value at " + where(parser.currentLocation()));
            }
        } catch (ShopWatchException e) {
            throw e;
        } catch (JacksonException e) {
            throw malformed(
                    "request body is not valid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
        return items;
    }

    private List<Item> parseLines(byte[] body, int maxRecords) {
        List<Item> items = new ArrayList<>();
        int valid = 0;
        int line = 0;
        int start = 0;
        while (start < body.length) {
            int end = indexOf(body, (byte) '\n', start);
            line++;
            if (!isBlank(body, start, end)) {
                if (items.size() == maxRecords) {
                    throw tooMany(maxRecords);
                }
                try {
                    items.add(Item.of(lineReader.readTree(body, start, end - start)));
                    valid++;
                } catch (JacksonException e) {
                    items.add(Item.broken(
                            "line " + line + " is not valid JSON: " + withoutSource(e.getOriginalMessage())));
                }
            }
            start = end + 1;
        }
        if (valid == 0 && !items.isEmpty()) {
            throw malformed("no line of the NDJSON body is valid JSON; first problem: "
                    + items.get(0).error());
        }
        if (items.isEmpty() && body.length == 0) {
            throw malformed("request body is empty; send one JSON record per line");
        }
        return items;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Jackson's message without its "(start marker at [Source: ...])" tail, which says nothing to a caller. */
    private static String withoutSource(String message) {
        int source = message.indexOf(" (start marker at ");
        return source < 0 ? message : message.substring(0, source);
    }

    private static String where(TokenStreamLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ShopWatchException malformed(String detail) {
        return new ShopWatchException(ProblemType.MALFORMED, detail);
    }

    private static ShopWatchException tooMany(int maxRecords) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "batch has more than " + maxRecords + " records (INGEST_MAX_RECORDS_PER_BATCH); split it");
    }
}
