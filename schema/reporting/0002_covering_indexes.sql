-- Each report reads its period in one pass: one index range per table, holding
-- every column the report reads there, so no table row is looked up per
-- appointment or payment (docs/PERFORMANCE.md §10 has the measurements). The
-- range is still on the period column, so the cost follows the rows in the
-- period, not the history. Named for this module, like 0001's.

-- Payments by when they were received, with what revenue sums. Replaces 0001's
-- index on recorded_at alone, which is its prefix.
CREATE INDEX reporting_payments_received
    ON sched_payments(recorded_at, currency, method, direction, amount_minor, appointment_id);
DROP INDEX reporting_payments_by_recorded;

-- Appointments by start with what attendance, courses, outcomes and the fees
-- read (utilisation's columns are all in scheduling's own window index).
CREATE INDEX reporting_appointments_by_start
    ON sched_appointments(starts_ms, therapist_id, service_id, status, late_cancel, reassessment, course_id,
                          client_id, id);

-- The few charges that carry a fee, so looking one up for every appointment of
-- the period finds most absent in a small index.
CREATE INDEX reporting_charges_with_fee ON sched_charges(appointment_id, fee_kind, fee_minor, currency)
    WHERE fee_kind IS NOT NULL AND fee_minor > 0;
