-- network-service owns managed networks; the networks issue fills this in.
CREATE TABLE networks (
    name        TEXT        PRIMARY KEY,
    type        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    config      JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
