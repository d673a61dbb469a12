-- Where a cached image was pulled from (LXD's images_source): a row makes the image "cached" with an update_source.
CREATE TABLE image_sources (
    fingerprint TEXT PRIMARY KEY REFERENCES images (fingerprint) ON DELETE CASCADE,
    server      TEXT NOT NULL,
    protocol    TEXT NOT NULL,
    alias       TEXT NOT NULL DEFAULT '',
    certificate TEXT NOT NULL DEFAULT '',
    image_type  TEXT NOT NULL DEFAULT 'container'
);
