-- Gray releases: a release served only to chosen instances of a target (by instance id or labels) until it is
-- promoted (the pointer moves to it) or abandoned (those instances return to the release in force).
CREATE TABLE config_gray (
    id           BIGSERIAL     PRIMARY KEY,
    org          VARCHAR(64)   NOT NULL,
    application  VARCHAR(128)  NOT NULL,
    profile      VARCHAR(64)   NOT NULL,
    -- the candidate (an ordinary immutable release, not in force) and the release in force when it started
    release_id   BIGINT        NOT NULL REFERENCES config_release (id),
    base_release_id BIGINT     NOT NULL REFERENCES config_release (id),
    -- JSON array of instance ids and JSON object of labels; an instance matching either gets the candidate
    instances    TEXT          NOT NULL,
    labels       TEXT          NOT NULL,
    -- ACTIVE, PROMOTED or ABANDONED (GrayState)
    state        VARCHAR(16)   NOT NULL,
    reason       VARCHAR(1000) NOT NULL,
    created_by   VARCHAR(256)  NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    ended_by     VARCHAR(256),
    ended_at     TIMESTAMPTZ
);

-- At most one gray release in progress per target.
CREATE UNIQUE INDEX config_gray_active ON config_gray (org, application, profile) WHERE state = 'ACTIVE';

-- The last acknowledgement of every instance of an application: which releases it applied.
CREATE TABLE config_instance (
    org          VARCHAR(64)   NOT NULL,
    application  VARCHAR(128)  NOT NULL,
    instance_id  VARCHAR(256)  NOT NULL,
    -- the profiles it follows (comma list), its labels (JSON object), the version and release ids (JSON array)
    profiles     VARCHAR(256)  NOT NULL,
    labels       TEXT          NOT NULL,
    version      VARCHAR(64),
    releases     TEXT          NOT NULL,
    acked_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (org, application, instance_id)
);
