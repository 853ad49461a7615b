-- Counters derived from the stored behaviour events (derived/), kept with the position they were computed up to, so
-- that a restart or a redelivery never counts an event twice.

-- Next offset to read per partition of the stored topic; written in the same transaction as the counters.
CREATE TABLE derived_offset (
    topic           TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    next_offset     BIGINT  NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

-- The current value of every derived counter series, per source partition (the partition is the series' instance).
CREATE TABLE derived_counter (
    topic           TEXT             NOT NULL,
    kafka_partition INTEGER          NOT NULL,
    org             TEXT             NOT NULL,
    name            TEXT             NOT NULL,
    -- JSON object of the series' labels, keys sorted
    labels          TEXT             NOT NULL,
    value           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (topic, kafka_partition, org, name, labels)
);

-- Events already counted (org/event id), against a record stored twice by the pipeline; kept for a retention period.
CREATE TABLE derived_event (
    event_key TEXT        NOT NULL PRIMARY KEY,
    seen_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX derived_event_seen_at ON derived_event (seen_at);
