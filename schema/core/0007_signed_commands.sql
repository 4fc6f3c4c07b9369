-- Signed commands (issue 11). Each staff user's Ed25519 public keys, newest
-- last, kept after a password change so older commands stay verifiable; the
-- secret key only sealed under a key derived from the user's password
-- (core/include/fascia/signing.h). A synced table: every desk can unseal the
-- key of whoever signs in there, and the authority verifies against it.
CREATE TABLE staff_keys (
    public_key    TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL REFERENCES staff(id),
    sealed_secret TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX staff_keys_staff ON staff_keys(staff_id);

-- On a desk: the signature each command was sent with (NULL when unsigned).
ALTER TABLE outbox ADD COLUMN signature TEXT;
