-- The client who bought a voucher, when the purchaser is one (issue 12), so
-- that merging two records of that client moves the voucher to the one kept.
ALTER TABLE vouchers ADD COLUMN purchaser_client_id TEXT REFERENCES clients(id);

CREATE INDEX vouchers_purchaser_client ON vouchers(purchaser_client_id)
    WHERE purchaser_client_id IS NOT NULL;

-- A sold voucher stays immutable in everything it was sold with; only the link
-- to its purchaser's client record may be set (at sale) or moved (by a merge).
DROP TRIGGER vouchers_no_update;
CREATE TRIGGER vouchers_no_update
BEFORE UPDATE OF id, code, kind, service_id, service_name, currency, face_value_minor, purchaser,
                 recipient, message, paid_by, sold_on, initial_expires_on, sold_by, sold_at ON vouchers
WHEN NOT fascia_sync_applying() BEGIN
    SELECT RAISE(ABORT, 'a sold voucher is immutable: changes are ledger entries');
END;
