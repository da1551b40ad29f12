-- Which key material each key id of CODES_ENCRYPTION_KEYS stood for when this database first saw it
-- (EncryptionKey.fingerprint: a truncated HMAC under the key, never the key). At start the catalog refuses to
-- serve when its keyring names a recorded id with other material, or lacks a key that stored codes use
-- (docs/catalog.md «Keys are checked at start»).
CREATE TABLE code_keys (
    key_id        text PRIMARY KEY,
    fingerprint   text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
