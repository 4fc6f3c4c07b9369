-- Reporting reads other modules' tables and writes none of them. Two things of
-- its own: the roles the owner lets read reports, and an index on the period
-- column of the one table whose period column had none (payments are reported
-- by when they were received), so a report's cost grows with the rows in the
-- period asked, not with the clinic's whole history. The index is named for
-- this module; scheduling's own migrations never see it.
CREATE TABLE reporting_grants (
    role       TEXT PRIMARY KEY CHECK (role IN ('admin', 'front_desk', 'therapist')),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
) STRICT;

CREATE INDEX reporting_payments_by_recorded ON sched_payments(recorded_at);
