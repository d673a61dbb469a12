-- Storage pools (LXD's /1.0/storage-pools). "default" is every node's built-in overlay pool; others (dir, btrfs)
-- are made on the node by its executor: status CREATING until it answers, then CREATED (or ERRORED with its
-- refusal, which the waiting request reports before removing the row); DELETING until the node has removed it.
CREATE TABLE storage_pools (
    name        TEXT        PRIMARY KEY,
    driver      TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    config      JSONB       NOT NULL DEFAULT '{}',
    status      TEXT        NOT NULL,
    error       TEXT,
    error_code  INT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO storage_pools (name, driver, description, status)
VALUES ('default', 'overlay', 'The node''s built-in overlay pool', 'CREATED');
