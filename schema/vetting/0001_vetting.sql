-- Therapist vetting: credentials, registrations, insurance, CPD, the vetting
-- checklist, owner concerns and suspensions, plus the clinic's own rules.
-- Dates are calendar dates YYYY-MM-DD in the clinic's time zone; an expiry
-- date is the last day a thing is good for. Nothing is deleted: an entry made
-- in error is withdrawn (with who, when and why), so the history stays whole.

-- The numbers a clinic may change: registered module settings, changed
-- through settings.update (the desk's settings page, `fascia vetting rules set`).
INSERT OR IGNORE INTO clinic_settings(key, value) VALUES
    ('vetting.cpd_hours_required', '30'),
    ('vetting.cpd_window_months', '12'),
    ('vetting.references_required', '2');

-- The credential kinds the clinic recognises. Qualifying kinds qualify the
-- holder to treat sciatica and other nerve-related pain.
CREATE TABLE vetting_credential_kinds (
    kind       TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    qualifying INTEGER NOT NULL CHECK (qualifying IN (0, 1))
) STRICT;

INSERT INTO vetting_credential_kinds(kind, label, qualifying) VALUES
    ('clinical_myotherapist', 'Clinical Myotherapist (BHSc)', 1),
    ('remedial_massage_therapist', 'Remedial Massage Therapist (DipRM)', 1),
    ('clinical_massage_level5', 'Level 5 Clinical Massage certificate', 1),
    ('massage_licence_nmt', 'State massage licence with neuromuscular therapy training', 1),
    ('dry_needling_certificate', 'Dry needling certificate', 0),
    ('prenatal_certificate', 'Prenatal massage certificate', 0);

-- What each modality needs beyond an approved status: every row must be met,
-- either by a current credential of that kind or, for 'qualifying', by any
-- current qualifying credential. A modality without rows (Swedish) needs none.
CREATE TABLE vetting_privilege_requirements (
    modality    TEXT NOT NULL,
    requirement TEXT NOT NULL,
    PRIMARY KEY (modality, requirement)
) STRICT;

INSERT INTO vetting_privilege_requirements(modality, requirement) VALUES
    ('remedial', 'qualifying'),
    ('deep_tissue', 'qualifying'),
    ('myofascial_release', 'qualifying'),
    ('trigger_point', 'qualifying'),
    ('dry_needling', 'dry_needling_certificate'),
    ('prenatal', 'prenatal_certificate');

-- Expiry warnings, days ahead (vetting.set_warnings).
CREATE TABLE vetting_warning_thresholds (
    days INTEGER PRIMARY KEY CHECK (days BETWEEN 1 AND 365)
) STRICT;

INSERT INTO vetting_warning_thresholds(days) VALUES (60), (30), (7);

CREATE TABLE vetting_credentials (
    id               TEXT PRIMARY KEY,
    therapist_id     TEXT NOT NULL REFERENCES staff(id),
    kind             TEXT NOT NULL REFERENCES vetting_credential_kinds(kind),
    number           TEXT NOT NULL,
    issuer           TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    expires_on       TEXT,
    document         TEXT NOT NULL DEFAULT '', -- where the clinic keeps the copy (not an upload)
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdrawn_by     TEXT,
    withdrawn_reason TEXT,
    CHECK (expires_on IS NULL OR expires_on >= issued_on)
) STRICT;

CREATE INDEX vetting_credentials_therapist ON vetting_credentials(therapist_id);

CREATE TABLE vetting_registrations (
    id               TEXT PRIMARY KEY,
    therapist_id     TEXT NOT NULL REFERENCES staff(id),
    body             TEXT NOT NULL,            -- "GCMT", "HCPC", a state board
    number           TEXT NOT NULL,
    registered_on    TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    document         TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdrawn_by     TEXT,
    withdrawn_reason TEXT,
    CHECK (expires_on >= registered_on)
) STRICT;

CREATE INDEX vetting_registrations_therapist ON vetting_registrations(therapist_id);

CREATE TABLE vetting_insurance (
    id               TEXT PRIMARY KEY,
    therapist_id     TEXT NOT NULL REFERENCES staff(id),
    insurer          TEXT NOT NULL,
    policy_number    TEXT NOT NULL,
    cover_minor      INTEGER NOT NULL CHECK (cover_minor > 0),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    starts_on        TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    document         TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdrawn_by     TEXT,
    withdrawn_reason TEXT,
    CHECK (expires_on >= starts_on)
) STRICT;

CREATE INDEX vetting_insurance_therapist ON vetting_insurance(therapist_id);

CREATE TABLE vetting_cpd (
    id               TEXT PRIMARY KEY,
    therapist_id     TEXT NOT NULL REFERENCES staff(id),
    hours_hundredths INTEGER NOT NULL CHECK (hours_hundredths > 0), -- 7.5 hours is 750: exact
    completed_on     TEXT NOT NULL,
    topic            TEXT NOT NULL,
    provider         TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdrawn_by     TEXT,
    withdrawn_reason TEXT
) STRICT;

CREATE INDEX vetting_cpd_therapist ON vetting_cpd(therapist_id, completed_on);

-- The vetting checklist: who checked what, and when.
CREATE TABLE vetting_checks (
    id               TEXT PRIMARY KEY,
    therapist_id     TEXT NOT NULL REFERENCES staff(id),
    item             TEXT NOT NULL CHECK (item IN ('identity', 'reference', 'documents')),
    checked_on       TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',  -- "referee: J. Brown, Bodyworks Clinic"
    document         TEXT NOT NULL DEFAULT '',
    checked_by       TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdrawn_by     TEXT,
    withdrawn_reason TEXT
) STRICT;

CREATE INDEX vetting_checks_therapist ON vetting_checks(therapist_id);

-- Concerns the owner records ("miracle cure" claims, pressure to book
-- unnecessary sessions). Read by owners and admins only.
CREATE TABLE vetting_concerns (
    id           TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES staff(id),
    concern      TEXT NOT NULL,
    raised_on    TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT,
    resolution   TEXT,
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
) STRICT;

CREATE INDEX vetting_concerns_therapist ON vetting_concerns(therapist_id);

-- Suspensions and reinstatements, append-only: the latest in effect on a date decides.
CREATE TABLE vetting_standing (
    id            TEXT PRIMARY KEY,
    therapist_id  TEXT NOT NULL REFERENCES staff(id),
    action        TEXT NOT NULL CHECK (action IN ('suspend', 'reinstate')),
    reason        TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
) STRICT;

CREATE INDEX vetting_standing_therapist ON vetting_standing(therapist_id);

CREATE TRIGGER vetting_standing_no_update BEFORE UPDATE ON vetting_standing BEGIN
    SELECT RAISE(ABORT, 'suspensions and reinstatements are permanent: record a new one instead');
END;

CREATE TRIGGER vetting_standing_no_delete BEFORE DELETE ON vetting_standing BEGIN
    SELECT RAISE(ABORT, 'suspensions and reinstatements cannot be deleted');
END;

CREATE TRIGGER vetting_credentials_no_delete BEFORE DELETE ON vetting_credentials BEGIN
    SELECT RAISE(ABORT, 'credentials are never deleted: withdraw one recorded in error');
END;

CREATE TRIGGER vetting_registrations_no_delete BEFORE DELETE ON vetting_registrations BEGIN
    SELECT RAISE(ABORT, 'registrations are never deleted: withdraw one recorded in error');
END;

CREATE TRIGGER vetting_insurance_no_delete BEFORE DELETE ON vetting_insurance BEGIN
    SELECT RAISE(ABORT, 'insurance policies are never deleted: withdraw one recorded in error');
END;

CREATE TRIGGER vetting_cpd_no_delete BEFORE DELETE ON vetting_cpd BEGIN
    SELECT RAISE(ABORT, 'CPD entries are never deleted: withdraw one recorded in error');
END;

CREATE TRIGGER vetting_checks_no_delete BEFORE DELETE ON vetting_checks BEGIN
    SELECT RAISE(ABORT, 'checks are never deleted: withdraw one recorded in error');
END;

CREATE TRIGGER vetting_concerns_no_delete BEFORE DELETE ON vetting_concerns BEGIN
    SELECT RAISE(ABORT, 'concerns are never deleted: resolve them instead');
END;
