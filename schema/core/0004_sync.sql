-- Sync. On a desk, the outbox keeps each command's row changes (an SQLite
-- session changeset) so a rebase can undo them, whether they are still applied
-- here, and what the authority said. On the authority, the outbox of its own
-- database is the feed of accepted changes desks pull, by sequence.
ALTER TABLE outbox ADD COLUMN changeset BLOB;
ALTER TABLE outbox ADD COLUMN local_effect INTEGER NOT NULL DEFAULT 1 CHECK (local_effect IN (0, 1));
ALTER TABLE outbox ADD COLUMN server_sequence INTEGER;
ALTER TABLE outbox ADD COLUMN dismissed_at TEXT;

-- A desk's enrollment: server address, device id, token, the pinned clinic CA, cursor.
CREATE TABLE sync_replica (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The authority's enrolled desks. Tokens and codes are kept as SHA-256 hashes only.
CREATE TABLE sync_devices (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT,
    last_seen   TEXT,
    cursor      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sync_enroll_codes (
    code_hash  TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    device_id  TEXT
) STRICT;
