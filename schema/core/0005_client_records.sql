-- Client records done right (issue 12): phone numbers in E.164 beside what was
-- typed, name search that ignores apostrophes, hyphens and spaces, emails
-- matched without case, and merged records that point at the one kept.

-- E.164 ("+447700900123") as libphonenumber read it with the clinic's country;
-- '' when the client has no phone. NULL only on rows written before this
-- migration: the core derives those when the clinic is next opened.
ALTER TABLE clients ADD COLUMN phone_e164 TEXT;
UPDATE clients SET phone_e164 = '' WHERE phone = '';
-- The E.164 digits reversed, so "the last 6+ digits" is a prefix range on an index.
ALTER TABLE clients ADD COLUMN phone_tail TEXT NOT NULL DEFAULT '';
-- Set when this record was merged into another; the other is the one kept.
ALTER TABLE clients ADD COLUMN merged_into TEXT REFERENCES clients(id);

CREATE INDEX clients_phone_e164 ON clients(phone_e164) WHERE phone_e164 <> '';
CREATE INDEX clients_phone_tail ON clients(phone_tail) WHERE phone_tail <> '';
-- Duplicate matching compares emails without case ("Jo@Example.com" is jo@example.com).
CREATE INDEX clients_email_key ON clients(lower(email)) WHERE email <> '';
-- Search reads phone_e164 now; the digits-of-what-was-typed index is unused.
DROP INDEX clients_phone_digits;

-- The name column gains each name with apostrophes (straight and curly),
-- hyphens and spaces removed, so "obrien" finds O'Brien and "darcysmith"
-- finds D'Arcy-Smith; the names as written still give "o", "brien", "darcy".
DROP TRIGGER clients_search_insert;
DROP TRIGGER clients_search_update;

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_search(rowid, name, phone, email) VALUES (
        new.rowid,
        new.first_name || ' ' || new.last_name || ' ' || new.preferred_name || ' '
            || replace(replace(replace(replace(replace(new.first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
            || replace(replace(replace(replace(replace(new.last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
        replace(coalesce(new.phone_e164, ''), '+', ''),
        new.email);
END;

CREATE TRIGGER clients_search_update AFTER UPDATE ON clients BEGIN
    UPDATE clients_search SET
        name = new.first_name || ' ' || new.last_name || ' ' || new.preferred_name || ' '
            || replace(replace(replace(replace(replace(new.first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
            || replace(replace(replace(replace(replace(new.last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
        phone = replace(coalesce(new.phone_e164, ''), '+', ''),
        email = new.email
    WHERE rowid = new.rowid;
END;

DELETE FROM clients_search;
INSERT INTO clients_search(rowid, name, phone, email)
SELECT rowid,
       first_name || ' ' || last_name || ' ' || preferred_name || ' '
           || replace(replace(replace(replace(replace(first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
           || replace(replace(replace(replace(replace(last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
       replace(coalesce(phone_e164, ''), '+', ''),
       email
FROM clients;
