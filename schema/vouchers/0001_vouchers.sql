-- Gift vouchers: what was sold (immutable) and the ledger of everything that
-- happened to its value since (append-only). A voucher's balance is the sum
-- of its ledger entries, never a stored field; its expiry is the last
-- extension's date, else the date it was sold with; it is void once a void
-- entry exists. The default term is the module setting
-- vouchers.default_term_months (12 unless changed).

CREATE TABLE vouchers (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,     -- canonical "FAS-7KQ2-M9XD-43TR-P"
    kind               TEXT NOT NULL CHECK (kind IN ('amount', 'service')),
    service_id         TEXT REFERENCES services(id),
    service_name       TEXT,                     -- as sold and printed, even if renamed later
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    face_value_minor   INTEGER NOT NULL CHECK (face_value_minor > 0), -- a service voucher: its price when sold
    purchaser          TEXT NOT NULL CHECK (purchaser <> ''),
    recipient          TEXT NOT NULL DEFAULT '',
    message            TEXT NOT NULL DEFAULT '',
    paid_by            TEXT NOT NULL
                       CHECK (paid_by IN ('card', 'cash', 'bank_transfer', 'online', 'complimentary')),
    sold_on            TEXT NOT NULL,            -- the clinic's date, YYYY-MM-DD
    initial_expires_on TEXT NOT NULL,            -- valid through this date
    sold_by            TEXT NOT NULL,
    sold_at            TEXT NOT NULL,
    CHECK ((kind = 'service') = (service_id IS NOT NULL)),
    CHECK ((kind = 'service') = (service_name IS NOT NULL)),
    CHECK (initial_expires_on > sold_on)
) STRICT;

CREATE INDEX vouchers_sold_on ON vouchers(sold_on);

-- Append-only, except that a desk may take back its own tentative rows while
-- sync rebases it onto the authority (fascia_sync_applying() is true only then).
CREATE TRIGGER vouchers_no_update BEFORE UPDATE ON vouchers
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'a sold voucher is immutable: changes are ledger entries');
END;

CREATE TRIGGER vouchers_no_delete BEFORE DELETE ON vouchers
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'a sold voucher cannot be deleted: void it instead');
END;

-- Signed amounts in the voucher's minor units: a sale adds, a redemption or a
-- refund takes away, a void or an expiry write-off takes what was left, and an
-- extension adds back what an expiry write-off took (or nothing).
CREATE TABLE voucher_ledger (
    id             TEXT PRIMARY KEY,
    voucher_id     TEXT NOT NULL REFERENCES vouchers(id),
    kind           TEXT NOT NULL
                   CHECK (kind IN ('sale', 'redemption', 'refund', 'void', 'extension', 'expiry')),
    amount_minor   INTEGER NOT NULL,
    effective_on   TEXT NOT NULL,   -- the clinic date the entry counts from in reports
    expires_on     TEXT,            -- an extension's new expiry date
    appointment_id TEXT,            -- a redemption's appointment (stored; checked once scheduling lands)
    reference      TEXT NOT NULL DEFAULT '', -- a redemption's sale ("retail: foam roller")
    reason         TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'sale' AND amount_minor > 0)
        OR (kind IN ('redemption', 'refund') AND amount_minor < 0)
        OR (kind IN ('void', 'expiry') AND amount_minor <= 0)
        OR (kind = 'extension' AND amount_minor >= 0)),
    CHECK ((kind = 'extension') = (expires_on IS NOT NULL)),
    CHECK (kind = 'redemption' OR appointment_id IS NULL)
) STRICT;

-- Entries of a voucher in the order they were made (rowid is insertion order).
CREATE INDEX voucher_ledger_voucher ON voucher_ledger(voucher_id);
CREATE INDEX voucher_ledger_effective ON voucher_ledger(effective_on);
CREATE UNIQUE INDEX voucher_ledger_one_sale ON voucher_ledger(voucher_id) WHERE kind = 'sale';
CREATE UNIQUE INDEX voucher_ledger_one_void ON voucher_ledger(voucher_id) WHERE kind = 'void';

-- The last line of defence behind the command handlers' own checks.
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
