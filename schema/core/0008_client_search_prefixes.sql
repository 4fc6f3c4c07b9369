-- Client search that reads a bounded number of index entries (issue 12: p99
-- under 3 ms over 100,000 clients).
--
-- FTS5 answers a prefix query ("s"*, "smi"*) by first merging the lists of
-- every indexed word with that beginning; over 100,000 clients that is most of
-- the index for one or two letters, and for email addresses (one distinct word
-- per client: "zoe.smith1234") thousands of words for any beginning. So:
--  * prefix = '1 2 3': FTS5 keeps the one-, two- and three-letter beginnings
--    as their own lists, read in order and stopped at a LIMIT;
--  * emails leave the full-text index: an email is found by its beginning on
--    the clients_email_key index (lower(email)), a key range cut at a LIMIT.
-- Names and the E.164 digits are indexed exactly as migration 0005 does.
DROP TABLE clients_search;
CREATE VIRTUAL TABLE clients_search USING fts5(
    name, phone,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3'
);

DROP TRIGGER clients_search_insert;
DROP TRIGGER clients_search_update;

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_search(rowid, name, phone) VALUES (
        new.rowid,
        new.first_name || ' ' || new.last_name || ' ' || new.preferred_name || ' '
            || replace(replace(replace(replace(replace(new.first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
            || replace(replace(replace(replace(replace(new.last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
        replace(coalesce(new.phone_e164, ''), '+', ''));
END;

CREATE TRIGGER clients_search_update AFTER UPDATE OF first_name, last_name, preferred_name, phone_e164
ON clients BEGIN
    UPDATE clients_search SET
        name = new.first_name || ' ' || new.last_name || ' ' || new.preferred_name || ' '
            || replace(replace(replace(replace(replace(new.first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
            || replace(replace(replace(replace(replace(new.last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
        phone = replace(coalesce(new.phone_e164, ''), '+', '')
    WHERE rowid = new.rowid;
END;

INSERT INTO clients_search(rowid, name, phone)
SELECT rowid,
       first_name || ' ' || last_name || ' ' || preferred_name || ' '
           || replace(replace(replace(replace(replace(first_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', '') || ' '
           || replace(replace(replace(replace(replace(last_name, '''', ''), '’', ''), '‘', ''), '-', ''), ' ', ''),
       replace(coalesce(phone_e164, ''), '+', '')
FROM clients;
