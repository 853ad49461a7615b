-- Metric definitions per org: the current one, and every version (CustomMetricsRegistry).
CREATE TABLE metric_definition (
    org         TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    unit        TEXT        NOT NULL DEFAULT '',
    help        TEXT        NOT NULL DEFAULT '',
    -- JSON array of the label names samples may carry; empty: any
    labels      TEXT        NOT NULL DEFAULT '[]',
    -- JSON array of histogram bucket bounds, or NULL
    buckets     TEXT,
    -- series limit of this metric; NULL: the service's METRICS_MAX_SERIES_PER_METRIC
    max_series  INTEGER,
    version     INTEGER     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL,
    PRIMARY KEY (org, name)
);

CREATE TABLE metric_definition_version (
    org         TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    version     INTEGER     NOT NULL,
    -- the definition as JSON; NULL for a deletion
    definition  TEXT,
    changed_at  TIMESTAMPTZ NOT NULL,
    changed_by  TEXT        NOT NULL,
    PRIMARY KEY (org, name, version)
);

-- Orgs whose metric pack was installed once (a deleted pack definition is not installed again).
CREATE TABLE metric_pack_install (
    org          TEXT        NOT NULL,
    pack         TEXT        NOT NULL,
    installed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org, pack)
);
