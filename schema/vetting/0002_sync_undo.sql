-- Append-only tables stay append-only, except that a desk may take back its own
-- tentative rows while sync rebases it onto the authority (fascia_sync_applying()
-- is true only then, and only on that connection; the sqlite3 shell has no such
-- function, so its changes are still refused).

DROP TRIGGER vetting_standing_no_update;
CREATE TRIGGER vetting_standing_no_update BEFORE UPDATE ON vetting_standing
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'suspensions and reinstatements are permanent: record a new one instead');
END;

DROP TRIGGER vetting_standing_no_delete;
CREATE TRIGGER vetting_standing_no_delete BEFORE DELETE ON vetting_standing
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'suspensions and reinstatements cannot be deleted');
END;

DROP TRIGGER vetting_credentials_no_delete;
CREATE TRIGGER vetting_credentials_no_delete BEFORE DELETE ON vetting_credentials
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'credentials are never deleted: withdraw one recorded in error');
END;

DROP TRIGGER vetting_registrations_no_delete;
CREATE TRIGGER vetting_registrations_no_delete BEFORE DELETE ON vetting_registrations
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'registrations are never deleted: withdraw one recorded in error');
END;

DROP TRIGGER vetting_insurance_no_delete;
CREATE TRIGGER vetting_insurance_no_delete BEFORE DELETE ON vetting_insurance
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'insurance policies are never deleted: withdraw one recorded in error');
END;

DROP TRIGGER vetting_cpd_no_delete;
CREATE TRIGGER vetting_cpd_no_delete BEFORE DELETE ON vetting_cpd
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'CPD entries are never deleted: withdraw one recorded in error');
END;

DROP TRIGGER vetting_checks_no_delete;
CREATE TRIGGER vetting_checks_no_delete BEFORE DELETE ON vetting_checks
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'checks are never deleted: withdraw one recorded in error');
END;

DROP TRIGGER vetting_concerns_no_delete;
CREATE TRIGGER vetting_concerns_no_delete BEFORE DELETE ON vetting_concerns
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'concerns are never deleted: resolve them instead');
END;
