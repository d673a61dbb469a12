-- container-service owns the instance records, the dedupe ledger and the outbox.
CREATE TABLE instances (
    project            TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    node               TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    image_fingerprint  TEXT        NOT NULL,
    image_properties   JSONB       NOT NULL DEFAULT '{}',
    config             JSONB       NOT NULL DEFAULT '{}',
    pid                BIGINT,
    last_exit_code     INTEGER,
    pending_operation  TEXT,
    pending_action     TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    last_used_at       TIMESTAMPTZ,
    PRIMARY KEY (project, name)
);

CREATE TABLE processed_messages (
    message_id   TEXT        PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    value        TEXT        NOT NULL,
    content_type TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
