-- Resolved alerts kept for the resolved-groups view after they leave the alert table (removed after their retention,
-- or replaced by a new firing of the same label set); pruned after shopwatch.alert.resolved-history.
CREATE TABLE resolved_alert (
    org         text        NOT NULL,
    fingerprint bigint      NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    labels      text        NOT NULL,
    annotations text        NOT NULL,
    PRIMARY KEY (org, fingerprint, starts_at)
);
CREATE INDEX resolved_alert_ends ON resolved_alert (org, ends_at);
