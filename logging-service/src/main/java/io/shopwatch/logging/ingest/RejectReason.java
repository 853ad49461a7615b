package io.shopwatch.logging.ingest;

import java.util.Locale;

/** Why a record was rejected: a small fixed set, so that it can tag a metric. The answer adds the details. */
public enum RejectReason {
    /** An NDJSON line that is not JSON. */
    MALFORMED,
    /** A record that is not a JSON object. */
    NOT_AN_OBJECT,
    /** A field has the wrong JSON type or breaks a constraint (blank, too long, bad pattern). */
    INVALID_FIELD,
    /** A timestamp that is neither RFC 3339 nor epoch seconds/ms/µs/ns. */
    INVALID_TIMESTAMP,
    /** An event whose properties break its type's JSON schema. */
    SCHEMA,
    /** An event type without a schema while unknown types are rejected. */
    UNKNOWN_TYPE;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** The snake_case code used in answers and metric tags. */
    public String code() {
        return code;
    }
}
