-- Configuration of one (org, application, profile): an editable draft, immutable releases, and the pointer that
-- selects the release in force. Releases are never updated or deleted; a rollback moves the pointer.

CREATE TABLE config_draft (
    org          VARCHAR(64)  NOT NULL,
    application  VARCHAR(128) NOT NULL,
    profile      VARCHAR(64)  NOT NULL,
    -- JSON object of flat property keys to scalar values; secrets are stored encrypted ({cipher}...)
    properties   TEXT         NOT NULL,
    edited_by    VARCHAR(256) NOT NULL,
    edited_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (org, application, profile)
);

CREATE TABLE config_release (
    id           BIGSERIAL    PRIMARY KEY,
    org          VARCHAR(64)  NOT NULL,
    application  VARCHAR(128) NOT NULL,
    profile      VARCHAR(64)  NOT NULL,
    -- full snapshot, same form as the draft's
    properties   TEXT         NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    -- who published it, and who last edited the draft it was made from
    author       VARCHAR(256) NOT NULL,
    edited_by    VARCHAR(256) NOT NULL,
    reason       VARCHAR(1000) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    -- the release in force when this one was published
    parent_id    BIGINT       REFERENCES config_release (id)
);

CREATE INDEX config_release_by_target ON config_release (org, application, profile, id DESC);

CREATE TABLE config_pointer (
    org          VARCHAR(64)  NOT NULL,
    application  VARCHAR(128) NOT NULL,
    profile      VARCHAR(64)  NOT NULL,
    release_id   BIGINT       NOT NULL REFERENCES config_release (id),
    moved_by     VARCHAR(256) NOT NULL,
    moved_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (org, application, profile)
);

-- Every move of a pointer: PUBLISH or ROLLBACK, from which release to which, by whom and why.
CREATE TABLE config_history (
    id           BIGSERIAL    PRIMARY KEY,
    org          VARCHAR(64)  NOT NULL,
    application  VARCHAR(128) NOT NULL,
    profile      VARCHAR(64)  NOT NULL,
    operation    VARCHAR(16)  NOT NULL,
    from_release BIGINT       REFERENCES config_release (id),
    to_release   BIGINT       NOT NULL REFERENCES config_release (id),
    actor        VARCHAR(256) NOT NULL,
    reason       VARCHAR(1000) NOT NULL,
    at           TIMESTAMPTZ  NOT NULL
);
