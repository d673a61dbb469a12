-- Split images (metadata tarball + rootfs blob, fingerprint = sha256 of both) and the lifecycle-event outbox.
ALTER TABLE images ADD COLUMN split BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE aliases DROP CONSTRAINT aliases_target_fkey;
ALTER TABLE aliases ADD CONSTRAINT aliases_target_fkey FOREIGN KEY (target) REFERENCES images (fingerprint)
    ON DELETE CASCADE;

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
