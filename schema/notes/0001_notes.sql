-- Session notes: one per appointment, SOAP text, what was done and the outcome
-- measures, as JSON the module checks. A signed note is locked (the triggers);
-- a later change is an amendment row, the original kept beside it. Health
-- data lives only here and in the command payloads sync replays; the audit
-- log names who read or changed which client's note, never what it says.

-- The clinic-editable lists a note picks from.
CREATE TABLE notes_choices (
    kind   TEXT NOT NULL CHECK (kind IN ('technique', 'advice')),
    name   TEXT NOT NULL COLLATE NOCASE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    PRIMARY KEY (kind, name)
) STRICT;

INSERT INTO notes_choices(kind, name) VALUES
    ('technique', 'trigger point therapy'),
    ('technique', 'myofascial release'),
    ('technique', 'deep tissue'),
    ('technique', 'Swedish'),
    ('technique', 'cross-fibre friction'),
    ('technique', 'muscle energy technique'),
    ('technique', 'PNF stretching'),
    ('technique', 'active isolated stretching'),
    ('technique', 'dry needling'),
    ('advice', 'piriformis release with a tennis ball, at most five minutes a side'),
    ('advice', 'spinal stretches 15 minutes twice daily'),
    ('advice', 'stop if numbness or weakness increases'),
    ('advice', 'heat pack 15 minutes before stretching'),
    ('advice', 'walk 20 minutes daily at an easy pace');

CREATE TABLE notes (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL UNIQUE REFERENCES sched_appointments(id),
    client_id      TEXT NOT NULL REFERENCES clients(id),
    therapist_id   TEXT NOT NULL REFERENCES staff(id),
    content        TEXT NOT NULL, -- {"soap", "techniques", "areas", "advice"}
    measures       TEXT NOT NULL, -- {"nprs_now": {"value", "version", ...}, ...} as scored
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    written_by     TEXT NOT NULL,
    written_at     TEXT NOT NULL,
    signed_by      TEXT,
    signed_at      TEXT,
    CHECK ((status = 'signed') = (signed_at IS NOT NULL))
) STRICT;
CREATE INDEX notes_by_client ON notes(client_id);

-- Everything but the client it belongs to (which clients.merge moves).
CREATE TRIGGER notes_signed_locked
BEFORE UPDATE OF id, appointment_id, therapist_id, content, measures, status, written_by, written_at,
                 signed_by, signed_at ON notes
WHEN OLD.status = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note is locked: amend it instead');
END;

CREATE TRIGGER notes_signed_kept BEFORE DELETE ON notes WHEN OLD.status = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be deleted');
END;

-- A change to a signed note: the whole new version, who, when and why.
CREATE TABLE notes_amendments (
    id         TEXT PRIMARY KEY,
    note_id    TEXT NOT NULL REFERENCES notes(id),
    content    TEXT NOT NULL,
    measures   TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(reason) > 0),
    amended_by TEXT NOT NULL,
    amended_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_amendments_by_note ON notes_amendments(note_id);

CREATE TRIGGER notes_amendments_no_update BEFORE UPDATE ON notes_amendments BEGIN
    SELECT RAISE(ABORT, 'amendments are immutable: amend again instead');
END;

CREATE TRIGGER notes_amendments_no_delete BEFORE DELETE ON notes_amendments BEGIN
    SELECT RAISE(ABORT, 'amendments cannot be deleted');
END;

-- Roles the owner lets read every note (the treating therapist and the owner
-- always may; the front desk never).
CREATE TABLE notes_read_grants (
    role       TEXT PRIMARY KEY CHECK (role IN ('admin', 'therapist')),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
) STRICT;
