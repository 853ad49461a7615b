-- Messages to Kafka (change events, audit entries) written in the same transaction as the release or pointer move
-- they announce, and sent by the relay afterwards; a failed send is retried with backoff, never lost.
CREATE TABLE config_outbox (
    id              BIGSERIAL     PRIMARY KEY,
    topic           VARCHAR(256)  NOT NULL,
    message_key     VARCHAR(256)  NOT NULL,
    payload         BYTEA         NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    -- failed sends so far, when the next one is due, and why the last one failed
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      VARCHAR(1000),
    sent_at         TIMESTAMPTZ
);

CREATE INDEX config_outbox_unsent ON config_outbox (id) WHERE sent_at IS NULL;
