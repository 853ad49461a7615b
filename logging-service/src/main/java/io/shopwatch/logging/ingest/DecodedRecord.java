package io.shopwatch.logging.ingest;

import tools.jackson.databind.JsonNode;

/**
 * One record of a request as a wire format's decoder read it, before it is checked.
 *
 * @param node the record, when it could be read
 * @param stream the stream the wire format names for it (a path segment, a bulk action's {@code _index}, a header),
 *     or {@code null} when the record itself says or the mapper decides
 * @param error why it could not be read, else {@code null}
 */
public record DecodedRecord(JsonNode node, String stream, String error) {

    public static DecodedRecord of(JsonNode node, String stream) {
        return new DecodedRecord(node, stream, null);
    }

    public static DecodedRecord broken(String stream, String error) {
        return new DecodedRecord(null, stream, error);
    }
}
