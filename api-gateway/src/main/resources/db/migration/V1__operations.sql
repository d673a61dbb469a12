-- The gateway owns LXD operations: what was asked, and how it ended.
CREATE TABLE operations (
    id           TEXT        PRIMARY KEY,
    class        TEXT        NOT NULL,
    description  TEXT        NOT NULL,
    status_code  INTEGER     NOT NULL,
    resources    JSONB       NOT NULL DEFAULT '{}',
    metadata     JSON,        -- json, not jsonb: berth_trace keeps its key order
    err          TEXT        NOT NULL DEFAULT '',
    project      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX operations_running ON operations (status_code) WHERE status_code < 200;
