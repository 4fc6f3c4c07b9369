-- A session stopped by the pre-session check: a yes to a red-flag question
-- (or one needing medical clearance) means no hands-on work that day, and the
-- referral made is recorded here, once per appointment, and never changed.
-- The flags are copied from the screening the check recorded (intake's), so
-- the letter to the client's doctor names the reason as it stood that day.
CREATE TABLE notes_referrals (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL UNIQUE REFERENCES sched_appointments(id),
    client_id      TEXT NOT NULL REFERENCES clients(id),
    screening_id   TEXT NOT NULL,          -- intake's screening the check recorded
    disposition    TEXT NOT NULL,          -- "urgent_referral" or "clearance_required"
    flags          TEXT NOT NULL,          -- [{"code", "severity", "message"}] from that screening
    note           TEXT NOT NULL DEFAULT '', -- what the therapist or desk adds (who to, what was said)
    referred_by    TEXT NOT NULL,
    referred_at    TEXT NOT NULL
) STRICT;
CREATE INDEX notes_referrals_by_client ON notes_referrals(client_id);

CREATE TRIGGER notes_referrals_no_update BEFORE UPDATE OF id, appointment_id, screening_id, disposition, flags, note,
                                                         referred_by, referred_at ON notes_referrals BEGIN
    SELECT RAISE(ABORT, 'a recorded referral is kept as it was');
END;

CREATE TRIGGER notes_referrals_no_delete BEFORE DELETE ON notes_referrals BEGIN
    SELECT RAISE(ABORT, 'a recorded referral cannot be deleted');
END;
