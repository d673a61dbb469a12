-- OCI imports are fingerprinted from their layer and config digests (Incus' formula), not from the stored files:
-- content_sha256 is then the sha256 the executors verify their download against. NULL means "the fingerprint".
ALTER TABLE images ADD COLUMN content_sha256 TEXT CHECK (content_sha256 ~ '^[0-9a-f]{64}$');
