-- Networks get a status (LXD's Created/Pending/Errored), IPAM allocations, the outbox of host commands, and a
-- record of one-time bootstrap steps (the default network), so a deleted default network stays deleted.
ALTER TABLE networks ADD COLUMN status TEXT NOT NULL DEFAULT 'CREATED';

-- One row per NIC on a managed network. The unique keys are the IPAM guarantee: two NICs never hold the same
-- address or MAC on one network, and a NIC holds one address, even when launches race.
CREATE TABLE allocations (
    network    TEXT        NOT NULL REFERENCES networks (name) ON UPDATE CASCADE,
    project    TEXT        NOT NULL,
    instance   TEXT        NOT NULL,
    device     TEXT        NOT NULL,
    hwaddr     TEXT        NOT NULL,
    ipv4       INET        NOT NULL,
    static     BOOLEAN     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT allocations_address UNIQUE (network, ipv4),
    CONSTRAINT allocations_nic UNIQUE (network, project, instance, device),
    CONSTRAINT allocations_hwaddr UNIQUE (network, hwaddr)
);
CREATE INDEX allocations_instance ON allocations (project, instance);

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

CREATE TABLE bootstrap (
    step    TEXT        PRIMARY KEY,
    done_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
