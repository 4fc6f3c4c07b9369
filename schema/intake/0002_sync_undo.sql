-- Append-only tables stay append-only, except that a desk may take back its own
-- tentative rows while sync rebases it onto the authority (fascia_sync_applying()
-- is true only then, and only on that connection; the sqlite3 shell has no such
-- function, so its changes are still refused).

DROP TRIGGER intake_screenings_no_update;
CREATE TRIGGER intake_screenings_no_update BEFORE UPDATE ON intake_screenings
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'screenings are immutable: record a new screening instead');
END;

DROP TRIGGER intake_screenings_no_delete;
CREATE TRIGGER intake_screenings_no_delete BEFORE DELETE ON intake_screenings
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'screenings are immutable: they cannot be deleted');
END;

DROP TRIGGER intake_clearances_no_update;
CREATE TRIGGER intake_clearances_no_update BEFORE UPDATE ON intake_clearances
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'clearances are immutable');
END;

DROP TRIGGER intake_clearances_no_delete;
CREATE TRIGGER intake_clearances_no_delete BEFORE DELETE ON intake_clearances
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'clearances are immutable: they cannot be deleted');
END;

DROP TRIGGER intake_prechecks_no_update;
CREATE TRIGGER intake_prechecks_no_update BEFORE UPDATE ON intake_prechecks
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'pre-session checks are immutable');
END;

DROP TRIGGER intake_prechecks_no_delete;
CREATE TRIGGER intake_prechecks_no_delete BEFORE DELETE ON intake_prechecks
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'pre-session checks are immutable: they cannot be deleted');
END;

DROP TRIGGER intake_outcome_measures_no_update;
CREATE TRIGGER intake_outcome_measures_no_update BEFORE UPDATE ON intake_outcome_measures
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'outcome measures are immutable');
END;

DROP TRIGGER intake_outcome_measures_no_delete;
CREATE TRIGGER intake_outcome_measures_no_delete BEFORE DELETE ON intake_outcome_measures
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'outcome measures are immutable: they cannot be deleted');
END;
