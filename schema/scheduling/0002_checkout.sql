-- Checkout: what an appointment costs, what was paid and how, what was given
-- back, and the fees a client owes for a late cancellation or a no-show.
-- Amounts are integer minor units of the clinic's currency.

-- The charge is the service's price when the appointment was booked: a later
-- price change does not alter what a booked client pays. Written by a trigger,
-- so every path that books (a desk, the CLI, a course, a waitlist offer, the
-- sync authority re-running a command) records it without scheduling's
-- booking code knowing about money.
CREATE TABLE sched_charges (
    appointment_id TEXT PRIMARY KEY REFERENCES sched_appointments(id),
    price_minor    INTEGER NOT NULL CHECK (price_minor >= 0),
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    fee_kind       TEXT CHECK (fee_kind IN ('late_cancel', 'no_show')),
    fee_minor      INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0)
) STRICT;

INSERT INTO sched_charges(appointment_id, price_minor, currency)
SELECT a.id, s.price_minor, s.currency FROM sched_appointments a JOIN services s ON s.id = a.service_id;

CREATE TRIGGER sched_charge_at_booking AFTER INSERT ON sched_appointments
WHEN NOT fascia_sync_applying()
BEGIN
    INSERT OR IGNORE INTO sched_charges(appointment_id, price_minor, currency)
    SELECT NEW.id, price_minor, currency FROM services WHERE id = NEW.service_id;
END;

-- Late cancellation and no-show fees: the clinic's percentage of the charge
-- (settings scheduling.late_cancel_fee_percent and scheduling.no_show_fee_percent,
-- 0 by default), rounded half up to a minor unit, fixed when it happens.
-- sched_appointments.late_cancel is set by the cancel command from the window
-- (scheduling.late_cancel_hours).
CREATE TRIGGER sched_fee_late_cancel AFTER UPDATE OF status ON sched_appointments
WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled' AND NEW.late_cancel = 1 AND NOT fascia_sync_applying()
BEGIN
    UPDATE sched_charges SET fee_kind = 'late_cancel',
        fee_minor = (price_minor * coalesce((SELECT CAST(value AS INTEGER) FROM clinic_settings
                                             WHERE key = 'scheduling.late_cancel_fee_percent'), 0) + 50) / 100
    WHERE appointment_id = NEW.id;
END;

CREATE TRIGGER sched_fee_no_show AFTER UPDATE OF status ON sched_appointments
WHEN NEW.status = 'no_show' AND OLD.status <> 'no_show' AND NOT fascia_sync_applying()
BEGIN
    UPDATE sched_charges SET fee_kind = 'no_show',
        fee_minor = (price_minor * coalesce((SELECT CAST(value AS INTEGER) FROM clinic_settings
                                             WHERE key = 'scheduling.no_show_fee_percent'), 0) + 50) / 100
    WHERE appointment_id = NEW.id;
END;

-- Money in (a payment) and out (a refund), one row per method. A voucher
-- payment names the vouchers ledger entry of its redemption; a voucher refund
-- the reversal entry, and the payment it gives back.
CREATE TABLE sched_payments (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL REFERENCES sched_appointments(id),
    direction      TEXT NOT NULL CHECK (direction IN ('payment', 'refund')),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'transfer', 'voucher')),
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    voucher_code   TEXT,
    voucher_entry  TEXT,
    refund_of      TEXT REFERENCES sched_payments(id),
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    CHECK ((method = 'voucher') = (voucher_code IS NOT NULL)),
    CHECK ((direction = 'refund') = (refund_of IS NOT NULL))
) STRICT;
CREATE INDEX sched_payments_by_appointment ON sched_payments(appointment_id);
CREATE INDEX sched_payments_refunds ON sched_payments(refund_of);

CREATE TRIGGER sched_payments_no_update BEFORE UPDATE ON sched_payments
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'payments are append-only: record a refund instead');
END;
CREATE TRIGGER sched_payments_no_delete BEFORE DELETE ON sched_payments
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'payments are append-only: record a refund instead');
END;
