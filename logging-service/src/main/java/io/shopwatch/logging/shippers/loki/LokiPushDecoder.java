package io.shopwatch.logging.shippers.loki;

import com.google.protobuf.CodedInputStream;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchDecoder;
import io.shopwatch.logging.ingest.DecodedRecord;
import io.shopwatch.logging.ingest.RequestBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Loki push request ({@code POST /loki/api/v1/push}) as one record per log line: the stream's labels (and an entry's
 * structured metadata) become fields, the line is {@code message}, its time {@code _timestamp} (nanoseconds).
 *
 * <p>Two encodings, as Promtail, Grafana Alloy, Fluent Bit's {@code loki} output and Vector's {@code loki} sink send
 * them:
 *
 * <ul>
 *   <li>protobuf ({@code application/x-protobuf}), snappy-compressed in the block format, {@code logproto.PushRequest}
 *       of Loki's {@code push.proto}: {@code streams = 1} ({@code labels = 1} in Prometheus' text form
 *       {@code {app="cart", env="prod"}}, {@code entries = 2}), an entry {@code timestamp = 1}
 *       ({@code google.protobuf.Timestamp}), {@code line = 2}, {@code structuredMetadata = 3} (name 1, value 2).
 *       Read with protobuf's {@link CodedInputStream}: four messages do not justify generated classes;
 *   <li>JSON: {@code {"streams":[{"stream":{"app":"cart"},"values":[["<ns>","<line>",{metadata}?]]}]}}.
 * </ul>
 *
 * The snappy block's declared length is checked against the body limit before it is expanded
 * ({@link RequestBodies#unsnappy}).
 */
public final class LokiPushDecoder implements BatchDecoder {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean json;
    private final String stream;
    private final long maxBytes;

    /**
     * @param json whether the body is JSON rather than snappy protobuf
     * @param stream the stream of every record ({@code null}: the default)
     * @param maxBytes largest body once decompressed
     */
    public LokiPushDecoder(boolean json, String stream, long maxBytes) {
        this.json = json;
        this.stream = stream;
        this.maxBytes = maxBytes;
    }

    @Override
    public List<DecodedRecord> decode(byte[] body, int maxRecords) {
        List<DecodedRecord> records = new ArrayList<>();
        if (json) {
            decodeJson(body, records, maxRecords);
        } else {
            decodeProtobuf(RequestBodies.unsnappy(body, maxBytes), records, maxRecords);
        }
        return records;
    }

    private void decodeJson(byte[] body, List<DecodedRecord> records, int maxRecords) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw malformed("body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode streams = root.path("streams");
        if (!streams.isArray()) {
            throw malformed("a Loki push body has a \"streams\" array");
        }
        for (JsonNode s : streams) {
            ObjectNode labels = NODES.objectNode();
            for (Map.Entry<String, JsonNode> label : s.path("stream").properties()) {
                labels.put(label.getKey(), label.getValue().asString());
            }
            for (JsonNode value : s.path("values")) {
                if (records.size() == maxRecords) {
                    throw tooMany(maxRecords);
                }
                if (!value.isArray() || value.size() < 2 || !value.get(1).isString()) {
                    records.add(DecodedRecord.broken(stream, "a value must be [\"<unix ns>\", \"<line>\"]"));
                    continue;
                }
                ObjectNode record = labels.deepCopy();
                if (value.size() > 2) {
                    for (Map.Entry<String, JsonNode> metadata : value.get(2).properties()) {
                        record.put(metadata.getKey(), metadata.getValue().asString());
                    }
                }
                record.put("_timestamp", value.get(0).asString());
                record.put("message", value.get(1).stringValue());
                records.add(DecodedRecord.of(record, stream));
            }
        }
    }

    private void decodeProtobuf(byte[] body, List<DecodedRecord> records, int maxRecords) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == field(1, 2)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readStream(in, records, maxRecords);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw malformed("body is not a snappy-compressed Loki PushRequest: " + e.getMessage());
        }
    }

    private void readStream(CodedInputStream in, List<DecodedRecord> records, int maxRecords) throws IOException {
        ObjectNode labels = null;
        List<ObjectNode> entries = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == field(1, 2)) {
                labels = LokiLabels.parse(in.readStringRequireUtf8());
            } else if (tag == field(2, 2)) {
                if (records.size() + entries.size() == maxRecords) {
                    throw tooMany(maxRecords);
                }
                int limit = in.pushLimit(in.readRawVarint32());
                entries.add(readEntry(in));
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        for (ObjectNode entry : entries) {
            ObjectNode record = labels == null ? NODES.objectNode() : labels.deepCopy();
            record.setAll(entry);
            records.add(DecodedRecord.of(record, stream));
        }
    }

    private static ObjectNode readEntry(CodedInputStream in) throws IOException {
        ObjectNode entry = NODES.objectNode();
        long seconds = 0;
        int nanos = 0;
        String line = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag >>> 3) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        if (t == field(1, 0)) {
                            seconds = in.readInt64();
                        } else if (t == field(2, 0)) {
                            nanos = in.readInt32();
                        } else {
                            in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                }
                case 2 -> line = in.readStringRequireUtf8();
                case 3 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String name = null;
                    String value = null;
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        if (t == field(1, 2)) {
                            name = in.readStringRequireUtf8();
                        } else if (t == field(2, 2)) {
                            value = in.readStringRequireUtf8();
                        } else {
                            in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    if (name != null) {
                        entry.put(name, value);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        if (seconds != 0 || nanos != 0) {
            entry.put("_timestamp", seconds * 1_000_000_000L + nanos);
        }
        entry.put("message", line == null ? "" : line);
        return entry;
    }

    private static int field(int number, int wireType) {
        return (number << 3) | wireType;
    }

    private static ShopWatchException malformed(String detail) {
        return new ShopWatchException(ProblemType.MALFORMED, detail);
    }

    private static ShopWatchException tooMany(int maxRecords) {
        return new ShopWatchException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "push request has more than " + maxRecords + " lines (INGEST_MAX_RECORDS_PER_BATCH); split it");
    }
}
