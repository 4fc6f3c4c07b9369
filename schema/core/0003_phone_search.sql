-- Phone search by prefix through an index on the digits alone: the FTS5 prefix
-- query scored every match (all of a clinic's 07700... numbers) before keeping
-- the best few. The expression is the same one the search triggers use.
CREATE INDEX clients_phone_digits ON clients(
    replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''));
