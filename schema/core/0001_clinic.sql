-- The clinic itself: settings, staff, clients and the services catalogue.
-- Ids are UUIDv7 text; instants are UTC ISO-8601 text; money is integer minor units.

CREATE TABLE clinic_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO clinic_settings(key, value) VALUES
    ('name', 'My Clinic'),
    ('time_zone', 'Europe/London'),
    ('currency', 'GBP');

CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'front_desk', 'therapist')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE clients (
    id                         TEXT PRIMARY KEY,
    first_name                 TEXT NOT NULL,
    last_name                  TEXT NOT NULL,
    preferred_name             TEXT NOT NULL DEFAULT '',
    date_of_birth              TEXT NOT NULL,
    phone                      TEXT NOT NULL DEFAULT '',
    email                      TEXT NOT NULL DEFAULT '',
    address                    TEXT NOT NULL DEFAULT '',
    health_consent_at          TEXT,
    health_consent_recorded_by TEXT,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    CHECK ((health_consent_at IS NULL) = (health_consent_recorded_by IS NULL))
) STRICT;

-- The duplicate check on clients.create looks up name and date of birth.
CREATE INDEX clients_name_dob ON clients(last_name COLLATE NOCASE, first_name COLLATE NOCASE,
                                          date_of_birth);

-- Search by name, phone or email prefix. unicode61 with remove_diacritics 2
-- folds "Zoë" to "zoe"; phone is indexed as digits only so "07700 900" and
-- "0770090" both match. Kept in step with clients by the triggers below.
CREATE VIRTUAL TABLE clients_search USING fts5(
    name, phone, email,
    tokenize = "unicode61 remove_diacritics 2"
);

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_search(rowid, name, phone, email) VALUES (
        new.rowid,
        new.first_name || ' ' || new.last_name || ' ' || new.preferred_name,
        replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''),
        new.email);
END;

CREATE TRIGGER clients_search_update AFTER UPDATE ON clients BEGIN
    UPDATE clients_search SET
        name = new.first_name || ' ' || new.last_name || ' ' || new.preferred_name,
        phone = replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''),
        email = new.email
    WHERE rowid = new.rowid;
END;

CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    DELETE FROM clients_search WHERE rowid = old.rowid;
END;

CREATE TABLE services (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    modality         TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    price_minor      INTEGER NOT NULL CHECK (price_minor >= 0),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX services_name ON services(name COLLATE NOCASE);
