-- A reversal gives a redemption's money back to the voucher: scheduling's
-- refund of a voucher-paid appointment (or of a cancelled paid one). It is a
-- new entry, never an edit of the redemption (the ledger is append-only), and
-- names the redemption it reverses, at most once (the unique index): however
-- often a refund is pressed, the voucher gets its money back once.
-- SQLite cannot change a CHECK in place, so the ledger is rebuilt with the
-- same rows, indexes and triggers, and the one new kind.
DROP TRIGGER voucher_ledger_never_negative;
DROP TRIGGER voucher_ledger_nothing_after_void;
DROP TRIGGER voucher_ledger_no_update;
DROP TRIGGER voucher_ledger_no_delete;

CREATE TABLE voucher_ledger_next (
    id             TEXT PRIMARY KEY,
    voucher_id     TEXT NOT NULL REFERENCES vouchers(id),
    kind           TEXT NOT NULL
                   CHECK (kind IN ('sale', 'redemption', 'refund', 'void', 'extension', 'expiry', 'reversal')),
    amount_minor   INTEGER NOT NULL,
    effective_on   TEXT NOT NULL,
    expires_on     TEXT,
    appointment_id TEXT,            -- a redemption's (or its reversal's) appointment
    reference      TEXT NOT NULL DEFAULT '', -- a redemption's sale; a reversal's: the redemption's entry id
    reason         TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'sale' AND amount_minor > 0)
        OR (kind IN ('redemption', 'refund') AND amount_minor < 0)
        OR (kind IN ('void', 'expiry') AND amount_minor <= 0)
        OR (kind = 'extension' AND amount_minor >= 0)
        OR (kind = 'reversal' AND amount_minor > 0)),
    CHECK ((kind = 'extension') = (expires_on IS NOT NULL)),
    CHECK (kind IN ('redemption', 'reversal') OR appointment_id IS NULL)
) STRICT;

INSERT INTO voucher_ledger_next(rowid, id, voucher_id, kind, amount_minor, effective_on, expires_on, appointment_id,
                                reference, reason, recorded_by, recorded_at)
SELECT rowid, id, voucher_id, kind, amount_minor, effective_on, expires_on, appointment_id, reference, reason,
       recorded_by, recorded_at FROM voucher_ledger;
DROP TABLE voucher_ledger;
ALTER TABLE voucher_ledger_next RENAME TO voucher_ledger;

CREATE INDEX voucher_ledger_voucher ON voucher_ledger(voucher_id);
CREATE INDEX voucher_ledger_effective ON voucher_ledger(effective_on);
CREATE UNIQUE INDEX voucher_ledger_one_sale ON voucher_ledger(voucher_id) WHERE kind = 'sale';
CREATE UNIQUE INDEX voucher_ledger_one_void ON voucher_ledger(voucher_id) WHERE kind = 'void';
CREATE UNIQUE INDEX voucher_ledger_one_reversal ON voucher_ledger(reference) WHERE kind = 'reversal';

CREATE TRIGGER voucher_ledger_never_negative BEFORE INSERT ON voucher_ledger
WHEN (SELECT coalesce(sum(amount_minor), 0) FROM voucher_ledger WHERE voucher_id = new.voucher_id)
     + new.amount_minor < 0
BEGIN
    SELECT RAISE(ABORT, 'a voucher balance cannot go below zero');
END;

CREATE TRIGGER voucher_ledger_nothing_after_void BEFORE INSERT ON voucher_ledger
WHEN EXISTS (SELECT 1 FROM voucher_ledger WHERE voucher_id = new.voucher_id AND kind = 'void')
BEGIN
    SELECT RAISE(ABORT, 'the voucher is void: nothing more can be recorded against it');
END;

CREATE TRIGGER voucher_ledger_no_update BEFORE UPDATE ON voucher_ledger
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'the voucher ledger is append-only: entries cannot be changed');
END;

CREATE TRIGGER voucher_ledger_no_delete BEFORE DELETE ON voucher_ledger
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'the voucher ledger is append-only: entries cannot be deleted');
END;
