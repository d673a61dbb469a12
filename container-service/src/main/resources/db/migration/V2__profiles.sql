-- Profiles (LXD's): named config and devices that instances apply in order, then their own.
-- They live in the default project, as in an LXD project without features.profiles.
CREATE TABLE profiles (
    project     TEXT  NOT NULL,
    name        TEXT  NOT NULL,
    description TEXT  NOT NULL DEFAULT '',
    config      JSONB NOT NULL DEFAULT '{}',
    devices     JSONB NOT NULL DEFAULT '{}',
    PRIMARY KEY (project, name)
);

INSERT INTO profiles (project, name, description, config, devices)
VALUES ('default', 'default', 'Default Berth profile', '{}',
        '{"root": {"type": "disk", "path": "/", "pool": "default"}}');

-- An instance's profiles (in order) and local devices; pending_update holds a PUT/PATCH until the executor has it.
ALTER TABLE instances
    ADD COLUMN profiles       JSONB NOT NULL DEFAULT '["default"]',
    ADD COLUMN devices        JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN pending_update JSONB;
