-- Sync trust (issue 11). On the authority: the device that sent each command
-- it accepted, and each device's newest accepted stamp (a device's stamps
-- never go backwards). NULL for commands run on this database itself.
ALTER TABLE command_log ADD COLUMN device TEXT;
ALTER TABLE sync_devices ADD COLUMN last_stamp TEXT;
