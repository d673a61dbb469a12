-- The trust store: client certificates allowed over HTTPS, keyed by LXD's fingerprint (SHA-256 of the DER).
CREATE TABLE certificates (
    fingerprint  TEXT        PRIMARY KEY,
    type         TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    certificate  TEXT        NOT NULL,   -- PEM
    restricted   BOOLEAN     NOT NULL DEFAULT false,
    projects     JSONB       NOT NULL DEFAULT '[]',
    description  TEXT        NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Trust tokens are operations of class 'token', found by their secret.
CREATE INDEX operations_token_secret ON operations ((metadata->>'secret')) WHERE class = 'token';
