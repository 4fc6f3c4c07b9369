-- The write path's own records: the command log (idempotency), the outbox
-- (what a desk still has to send to the sync daemon) and the audit log.

CREATE TABLE command_log (
    sequence        INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL,
    actor           TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    payload_hash    TEXT NOT NULL,
    result          TEXT NOT NULL,
    executed_at     TEXT NOT NULL
) STRICT;

CREATE INDEX command_log_hlc ON command_log(hlc);

-- The payload is kept here (not in the audit log) because sync replays it on
-- the clinic's authoritative database.
CREATE TABLE outbox (
    sequence        INTEGER PRIMARY KEY REFERENCES command_log(sequence),
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    actor           TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'accepted', 'refused')),
    refusal         TEXT
) STRICT;

CREATE TABLE audit_log (
    sequence        INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    command         TEXT NOT NULL,
    record_type     TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    previous_hash   TEXT NOT NULL,
    hash            TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END;

-- This database's own identity for hybrid logical clock stamps. Per desk,
-- never synced: every copy of a clinic gets its own when it is created.
CREATE TABLE node_identity (
    node_id TEXT NOT NULL
) STRICT;
INSERT INTO node_identity(node_id) VALUES (lower(hex(randomblob(8))));
