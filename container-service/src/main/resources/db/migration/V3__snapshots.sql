-- Stateless snapshots: the settings the instance had when taken (restored with its disk).
CREATE TABLE instance_snapshots (
    project    TEXT        NOT NULL,
    instance   TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    settings   JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project, instance, name),
    FOREIGN KEY (project, instance) REFERENCES instances (project, name) ON DELETE CASCADE ON UPDATE CASCADE
);
