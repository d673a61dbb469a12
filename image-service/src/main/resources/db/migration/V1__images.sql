CREATE TABLE images (
    fingerprint   TEXT PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    filename      TEXT        NOT NULL,
    size          BIGINT      NOT NULL CHECK (size >= 0),
    architecture  TEXT        NOT NULL,
    type          TEXT        NOT NULL DEFAULT 'container' CHECK (type = 'container'),
    properties    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    public        BOOLEAN     NOT NULL DEFAULT FALSE,
    auto_update   BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ
);

CREATE TABLE aliases (
    name        TEXT PRIMARY KEY,
    target      TEXT NOT NULL REFERENCES images (fingerprint),
    description TEXT NOT NULL DEFAULT ''
);

CREATE INDEX aliases_target_idx ON aliases (target);
