-- Which OpenObserve dashboard each ShopWatch dashboard was synced to, and at which local hash (the sync writes a
-- dashboard again only when its hash changed).
CREATE TABLE sync_state (
    org           TEXT        NOT NULL,
    dashboard_id  TEXT        NOT NULL,
    remote_id     TEXT        NOT NULL,
    remote_folder TEXT        NOT NULL,
    local_hash    TEXT        NOT NULL,
    synced_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org, dashboard_id)
);
