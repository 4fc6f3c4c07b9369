-- Merging two records of one client (issue 12) moves their screenings,
-- clearances, pre-session checks and outcome measures to the record kept.
-- They stay immutable in everything they say; only which client record they
-- belong to may change, and only clients.merge changes it.

DROP TRIGGER intake_screenings_no_update;
CREATE TRIGGER intake_screenings_no_update
BEFORE UPDATE OF id, form, rules_sha256, source, based_on, assessed_on, full_screening_on, input, result,
                 disposition, condition_type, recorded_by, recorded_at ON intake_screenings
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'screenings are immutable: record a new screening instead');
END;

DROP TRIGGER intake_clearances_no_update;
CREATE TRIGGER intake_clearances_no_update
BEFORE UPDATE OF id, screening_id, clinician, note, recorded_by, recorded_at ON intake_clearances
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'clearances are immutable');
END;

DROP TRIGGER intake_prechecks_no_update;
CREATE TRIGGER intake_prechecks_no_update
BEFORE UPDATE OF id, screening_id, form, checked_on, answers, flagged, new_screening_id, checked_by,
                 checked_at ON intake_prechecks
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'pre-session checks are immutable');
END;

DROP TRIGGER intake_outcome_measures_no_update;
CREATE TRIGGER intake_outcome_measures_no_update
BEFORE UPDATE OF id, measure, value, measured_on, source, source_id, recorded_by, recorded_at
ON intake_outcome_measures
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'outcome measures are immutable');
END;
