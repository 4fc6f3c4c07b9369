-- Scheduling: rooms and their features, therapists' working hours, leave,
-- closures, appointments, courses and the waitlist. Instants are stored twice:
-- UTC ISO-8601 text for people and sync, and integer milliseconds since the
-- epoch for the overlap guards and the indexed window queries.

CREATE TABLE sched_rooms (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sched_room_features (
    room_id TEXT NOT NULL REFERENCES sched_rooms(id),
    feature TEXT NOT NULL,
    PRIMARY KEY (room_id, feature)
) STRICT;

-- The room feature a service needs, keyed by the core's service id (the
-- core's catalogue is not changed). A service without a row needs the feature
-- its modality needs (sched_modality_features), else none.
CREATE TABLE sched_service_features (
    service_id TEXT PRIMARY KEY REFERENCES services(id),
    feature    TEXT NOT NULL
) STRICT;

CREATE TABLE sched_modality_features (
    modality TEXT PRIMARY KEY,
    feature  TEXT NOT NULL
) STRICT;

-- Dry needling needs a room with sharps disposal.
INSERT INTO sched_modality_features(modality, feature) VALUES ('dry_needling', 'needling');

-- A therapist's weekly pattern from a date on (until the next row's date).
-- week and breaks are JSON: {"mon": [["09:00", "17:00"]], ...}, local wall-clock.
CREATE TABLE sched_working_hours (
    therapist_id   TEXT NOT NULL REFERENCES staff(id),
    effective_from TEXT NOT NULL,
    week           TEXT NOT NULL,
    breaks         TEXT NOT NULL DEFAULT '{}',
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL,
    PRIMARY KEY (therapist_id, effective_from)
) STRICT;

CREATE TABLE sched_leave (
    id           TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES staff(id),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    starts_ms    INTEGER NOT NULL,
    ends_ms      INTEGER NOT NULL CHECK (ends_ms > starts_ms),
    reason       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sched_leave_by_therapist ON sched_leave(therapist_id, ends_ms);

-- Whole days the clinic is shut (public holidays, one-off days), clinic dates.
CREATE TABLE sched_closures (
    id        TEXT PRIMARY KEY,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL CHECK (to_date >= from_date),
    reason    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sched_courses (
    id                TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL REFERENCES clients(id),
    service_id        TEXT NOT NULL REFERENCES services(id),
    condition_type    TEXT NOT NULL,
    sessions_per_week INTEGER NOT NULL,
    weeks             INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
) STRICT;

-- An appointment lasts at most a day (the CHECK), which bounds every overlap
-- search to the index range [start - 1 day, end): the guards cost the same
-- with two years of history as with two weeks.
CREATE TABLE sched_appointments (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients(id),
    therapist_id  TEXT NOT NULL REFERENCES staff(id),
    room_id       TEXT NOT NULL REFERENCES sched_rooms(id),
    service_id    TEXT NOT NULL REFERENCES services(id),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    starts_ms     INTEGER NOT NULL,
    ends_ms       INTEGER NOT NULL CHECK (ends_ms > starts_ms AND ends_ms - starts_ms <= 86400000),
    status        TEXT NOT NULL DEFAULT 'booked'
                  CHECK (status IN ('booked', 'arrived', 'completed', 'cancelled', 'no_show')),
    course_id     TEXT REFERENCES sched_courses(id),
    course_seq    INTEGER,
    reassessment  INTEGER NOT NULL DEFAULT 0 CHECK (reassessment IN (0, 1)),
    precheck_id   TEXT,
    precheck_flagged INTEGER NOT NULL DEFAULT 0,
    cancel_reason TEXT,
    cancelled_by  TEXT CHECK (cancelled_by IN ('client', 'clinic')),
    late_cancel   INTEGER NOT NULL DEFAULT 0 CHECK (late_cancel IN (0, 1)),
    cancelled_at  TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX sched_appointments_by_therapist ON sched_appointments(therapist_id, starts_ms);
CREATE INDEX sched_appointments_by_room ON sched_appointments(room_id, starts_ms);
CREATE INDEX sched_appointments_by_client ON sched_appointments(client_id, starts_ms);
CREATE INDEX sched_appointments_by_start ON sched_appointments(starts_ms);
CREATE INDEX sched_appointments_by_course ON sched_appointments(course_id);

-- No two live bookings overlap for a therapist, a room or a client, on any
-- path (a desk, the CLI, the sync authority's re-run, a rebase). Cancelled
-- bookings do not count; the buffer between sessions is the handler's rule.
CREATE TRIGGER sched_no_overlap_insert BEFORE INSERT ON sched_appointments
WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'therapist_busy: the therapist already has a booking at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.therapist_id = NEW.therapist_id AND a.status <> 'cancelled'
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
    SELECT RAISE(ABORT, 'room_busy: the room is already booked at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.room_id = NEW.room_id AND a.status <> 'cancelled'
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
    SELECT RAISE(ABORT, 'client_busy: the client already has a booking at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.client_id = NEW.client_id AND a.status <> 'cancelled'
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
END;

CREATE TRIGGER sched_no_overlap_update BEFORE UPDATE OF therapist_id, room_id, client_id, starts_ms, ends_ms, status
ON sched_appointments
WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'therapist_busy: the therapist already has a booking at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.therapist_id = NEW.therapist_id AND a.status <> 'cancelled' AND a.id <> NEW.id
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
    SELECT RAISE(ABORT, 'room_busy: the room is already booked at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.room_id = NEW.room_id AND a.status <> 'cancelled' AND a.id <> NEW.id
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
    SELECT RAISE(ABORT, 'client_busy: the client already has a booking at that time')
    WHERE EXISTS (SELECT 1 FROM sched_appointments a
                  WHERE a.client_id = NEW.client_id AND a.status <> 'cancelled' AND a.id <> NEW.id
                    AND a.starts_ms > NEW.starts_ms - 86400000 AND a.starts_ms < NEW.ends_ms
                    AND a.ends_ms > NEW.starts_ms);
END;

-- A client waiting for a service, optionally with one therapist and within a window.
CREATE TABLE sched_waitlist (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id),
    service_id   TEXT NOT NULL REFERENCES services(id),
    therapist_id TEXT REFERENCES staff(id),
    window_from_ms INTEGER NOT NULL,
    window_to_ms   INTEGER NOT NULL CHECK (window_to_ms > window_from_ms),
    status       TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'booked', 'removed')),
    appointment_id TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX sched_waitlist_waiting ON sched_waitlist(status, created_at);

-- A freed slot offered to a waiting client; the first to accept gets it.
CREATE TABLE sched_offers (
    id           TEXT PRIMARY KEY,
    waitlist_id  TEXT NOT NULL REFERENCES sched_waitlist(id),
    therapist_id TEXT NOT NULL REFERENCES staff(id),
    room_id      TEXT NOT NULL REFERENCES sched_rooms(id),
    starts_ms    INTEGER NOT NULL,
    ends_ms      INTEGER NOT NULL,
    offered_at   TEXT NOT NULL,
    expires_ms   INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'taken')),
    appointment_id TEXT
) STRICT;
CREATE INDEX sched_offers_by_waitlist ON sched_offers(waitlist_id);
