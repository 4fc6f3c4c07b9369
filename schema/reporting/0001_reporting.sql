-- Reporting reads other modules' tables and writes none of them. Its own: the
-- roles the owner lets read reports, and indexes on the period columns that
-- had none (payments are reported by when they were received, screenings by
-- the clinic day they were taken), so a report's cost grows with the rows in
-- the period asked, not with the clinic's whole history. The indexes are named
-- for this module; the other modules' migrations never see them.
CREATE TABLE reporting_grants (
    role       TEXT PRIMARY KEY CHECK (role IN ('admin', 'front_desk', 'therapist')),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
) STRICT;

CREATE INDEX reporting_payments_by_recorded ON sched_payments(recorded_at);
CREATE INDEX reporting_screenings_by_assessed ON intake_screenings(assessed_on);
