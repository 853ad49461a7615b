-- Folders of dashboards, per org. Every org has the folder 'default' (created on first use, never deleted).
CREATE TABLE folders (
    org         TEXT        NOT NULL,
    folder_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org, folder_id)
);

-- One row per dashboard: the OpenObserve v8 document exactly as given (unknown keys kept), and what the API lists.
-- hash changes on every write (optimistic concurrency); managed_by names what owns a read-only dashboard
-- ('file:<path>' for provisioning, 'pack:<id>' for an e-commerce pack), NULL for dashboards managed through the API.
CREATE TABLE dashboards (
    org          TEXT        NOT NULL,
    dashboard_id TEXT        NOT NULL,
    folder_id    TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    document     JSONB       NOT NULL,
    revision     BIGINT      NOT NULL,
    hash         TEXT        NOT NULL,
    managed_by   TEXT,
    managed_rev  TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org, dashboard_id),
    FOREIGN KEY (org, folder_id) REFERENCES folders (org, folder_id)
);

CREATE INDEX dashboards_by_folder ON dashboards (org, folder_id);
CREATE UNIQUE INDEX dashboards_by_manager ON dashboards (org, managed_by) WHERE managed_by IS NOT NULL;
