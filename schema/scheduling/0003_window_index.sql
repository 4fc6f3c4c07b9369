-- Every scheduling question loads the bookings of a window of time with one
-- range over starts_ms (Scheduler::load). This index holds everything that
-- query reads, so the range is read from the index alone, with no lookup of
-- each booking's row (about half its time on 150,000 bookings, measured with
-- perf: docs/PERFORMANCE.md §9). It replaces the index on starts_ms alone,
-- of which it is an extension.
CREATE INDEX sched_appointments_window ON sched_appointments(starts_ms, ends_ms, status, therapist_id, room_id, id);
DROP INDEX sched_appointments_by_start;
