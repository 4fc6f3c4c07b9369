-- Intake screening: screenings, medical clearances, pre-session checks and
-- outcome measures. Health data lives only here (and in the command payloads
-- sync replays), never in the audit log. Every table is append-only: a
-- correction is a new screening, never an edit.

-- How long a screening stays current for booking (days). Owners and admins
-- change it with `fascia intake settings --valid-days N`.
INSERT OR IGNORE INTO clinic_settings(key, value) VALUES ('intake.screening_valid_days', '90');

CREATE TABLE intake_screenings (
    id                TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL REFERENCES clients(id),
    form              TEXT NOT NULL,                -- "sciatica-intake/1": re-read with this version
    rules_sha256      TEXT NOT NULL,                -- the rules file it was evaluated with
    source            TEXT NOT NULL CHECK (source IN ('intake', 'precheck')),
    based_on          TEXT REFERENCES intake_screenings(id),
    assessed_on       TEXT NOT NULL,                -- YYYY-MM-DD
    full_screening_on TEXT NOT NULL,                -- validity counts from the last full screening
    input             TEXT NOT NULL,                -- {"form", dates, "answers"} as checked
    result            TEXT NOT NULL,                -- the evaluation under this form version
    disposition       TEXT NOT NULL,
    condition_type    TEXT NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    CHECK ((source = 'precheck') = (based_on IS NOT NULL))
) STRICT;

-- The newest screening of a client is the one with the highest rowid (insertion order).
CREATE INDEX intake_screenings_client ON intake_screenings(client_id);

CREATE TRIGGER intake_screenings_no_update BEFORE UPDATE ON intake_screenings BEGIN
    SELECT RAISE(ABORT, 'screenings are immutable: record a new screening instead');
END;

CREATE TRIGGER intake_screenings_no_delete BEFORE DELETE ON intake_screenings BEGIN
    SELECT RAISE(ABORT, 'screenings are immutable: they cannot be deleted');
END;

-- A medical clearance lifts clearance_required for one screening.
CREATE TABLE intake_clearances (
    id            TEXT PRIMARY KEY,
    screening_id  TEXT NOT NULL UNIQUE REFERENCES intake_screenings(id),
    client_id     TEXT NOT NULL REFERENCES clients(id),
    clinician     TEXT NOT NULL,
    note          TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
) STRICT;

CREATE TRIGGER intake_clearances_no_update BEFORE UPDATE ON intake_clearances BEGIN
    SELECT RAISE(ABORT, 'clearances are immutable');
END;

CREATE TRIGGER intake_clearances_no_delete BEFORE DELETE ON intake_clearances BEGIN
    SELECT RAISE(ABORT, 'clearances are immutable: they cannot be deleted');
END;

-- The red-flag questions asked again before a session.
CREATE TABLE intake_prechecks (
    id               TEXT PRIMARY KEY,
    client_id        TEXT NOT NULL REFERENCES clients(id),
    screening_id     TEXT NOT NULL REFERENCES intake_screenings(id), -- checked against
    form             TEXT NOT NULL,
    checked_on       TEXT NOT NULL,
    answers          TEXT NOT NULL,
    flagged          INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    new_screening_id TEXT REFERENCES intake_screenings(id),
    checked_by       TEXT NOT NULL,
    checked_at       TEXT NOT NULL,
    CHECK (flagged = (new_screening_id IS NOT NULL))
) STRICT;

CREATE INDEX intake_prechecks_client ON intake_prechecks(client_id);

CREATE TRIGGER intake_prechecks_no_update BEFORE UPDATE ON intake_prechecks BEGIN
    SELECT RAISE(ABORT, 'pre-session checks are immutable');
END;

CREATE TRIGGER intake_prechecks_no_delete BEFORE DELETE ON intake_prechecks BEGIN
    SELECT RAISE(ABORT, 'pre-session checks are immutable: they cannot be deleted');
END;

-- Outcome measures over a course of treatment. The intake's pain_score is the
-- first (the baseline); session notes add later ones.
CREATE TABLE intake_outcome_measures (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id),
    measure      TEXT NOT NULL,            -- "pain_score"
    value        INTEGER NOT NULL,
    measured_on  TEXT NOT NULL,            -- YYYY-MM-DD
    source       TEXT NOT NULL,            -- "intake_screening"
    source_id    TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX intake_outcome_measures_client ON intake_outcome_measures(client_id, measure, measured_on);

CREATE TRIGGER intake_outcome_measures_no_update BEFORE UPDATE ON intake_outcome_measures BEGIN
    SELECT RAISE(ABORT, 'outcome measures are immutable');
END;

CREATE TRIGGER intake_outcome_measures_no_delete BEFORE DELETE ON intake_outcome_measures BEGIN
    SELECT RAISE(ABORT, 'outcome measures are immutable: they cannot be deleted');
END;
