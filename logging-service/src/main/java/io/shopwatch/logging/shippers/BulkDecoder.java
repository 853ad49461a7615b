package io.shopwatch.logging.shippers;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchDecoder;
import io.shopwatch.logging.ingest.BatchParser;
import io.shopwatch.logging.ingest.DecodedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Elasticsearch bulk body as OpenObserve takes it: NDJSON pairs of an action line ({@code index}, {@code create}
 * or {@code update}, the last stored as a new record too, with {@code _index} as the stream and an optional {@code
 * _id}) and a document line. {@code delete} actions have no document line and are skipped, as OpenObserve does. A
 * broken or unknown action line refuses the whole body (400): after it, document and action lines cannot be told
 * apart. One decoder per request: it keeps the actions for the answer ({@link #actions()}).
 */
final class BulkDecoder implements BatchDecoder {

    /** One document's action: its name ({@code index}, {@code create}), {@code _index} as given, {@code _id}. */
    record Action(String name, String index, String id) {}

    private final BatchParser parser;
    private final List<Action> actions = new ArrayList<>();
    private final List<DecodedRecord> records = new ArrayList<>();

    BulkDecoder(BatchParser parser) {
        this.parser = parser;
    }

    @Override
    public List<DecodedRecord> decode(byte[] body, int maxRecords) {
        List<BatchParser.Item> lines = parser.parse(body, BatchParser.Format.NDJSON, 2 * maxRecords + 1);
        int i = 0;
        while (i < lines.size()) {
            BatchParser.Item line = lines.get(i++);
            if (line.error() != null) {
                throw malformed("an action line is not JSON: " + line.error());
            }
            if (!(line.node() instanceof ObjectNode action) || action.size() != 1) {
                throw malformed("action line " + (i) + " must be an object with one action");
            }
            Map.Entry<String, JsonNode> entry = action.properties().iterator().next();
            String name = entry.getKey();
            JsonNode meta = entry.getValue();
            if (name.equals("delete")) {
                continue;
            }
            if (!name.equals("index") && !name.equals("create") && !name.equals("update")) {
                throw malformed("unknown bulk action '" + name + "'; index, create, update and delete are understood");
            }
            if (i == lines.size()) {
                throw malformed("the " + name + " action of line " + i + " has no document line");
            }
            if (records.size() == maxRecords) {
                throw new ShopWatchException(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        "bulk body has more than " + maxRecords + " documents (INGEST_MAX_RECORDS_PER_BATCH); split"
                                + " it");
            }
            String index = meta.path("_index").isString() ? meta.get("_index").stringValue() : "";
            String id = meta.path("_id").isString() ? meta.get("_id").stringValue() : null;
            actions.add(new Action(name, index, id));
            BatchParser.Item document = lines.get(i++);
            if (index.isBlank()) {
                records.add(DecodedRecord.broken(index, "the action has no _index (the stream)"));
            } else if (document.error() != null) {
                records.add(DecodedRecord.broken(index, document.error()));
            } else if (id != null && document.node() instanceof ObjectNode doc && !doc.has("_id")) {
                ObjectNode withId = doc.deepCopy();
                withId.put("_id", id);
                records.add(DecodedRecord.of(withId, index));
            } else {
                records.add(DecodedRecord.of(document.node(), index));
            }
        }
        return records;
    }

    /** The documents as decoded, in order. */
    List<DecodedRecord> records() {
        return records;
    }

    /** The action of every document, in the order of {@link #decode}'s records. */
    List<Action> actions() {
        return actions;
    }

    private static ShopWatchException malformed(String detail) {
        return new ShopWatchException(ProblemType.MALFORMED, detail);
    }
}
