-- The duplicate check (same name and date of birth, names folded as search
-- folds them: "zoe" is Zoë) reads the clients born that day and compares
-- their names; this index makes that a handful of rows, not the whole table.
CREATE INDEX clients_by_birth ON clients(date_of_birth);
