-- Which version of each e-commerce pack an org has had installed: a pack is installed once per org and upgraded when
-- a newer version ships; a pack dashboard the org detached or deleted is not brought back.
CREATE TABLE pack_installs (
    org          TEXT        NOT NULL,
    pack_id      TEXT        NOT NULL,
    version      INT         NOT NULL,
    installed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org, pack_id)
);
