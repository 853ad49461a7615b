-- Sent outbox rows are pruned by age (OutboxPruner): find the old ones without reading the table.
CREATE INDEX config_outbox_sent ON config_outbox (sent_at) WHERE sent_at IS NOT NULL;
