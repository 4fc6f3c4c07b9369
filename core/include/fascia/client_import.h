#pragma once
/// Importing clients from another system's CSV export: one engine for the CLI
/// (`fascia clients import`) and the desk's import dialog (issue 12).
///
/// A file is read as RFC 4180 by libcsv (quoted commas and line breaks, doubled
/// quotes, CRLF or LF, a UTF-8 byte-order mark ignored; Windows-1252 detected
/// or given), its columns are mapped to client fields by common header names
/// or an explicit map, every row is checked and matched against the clinic's
/// clients, and only then are the new clients created through clients.create
/// commands with one idempotency key per row, so a run that was interrupted
/// can be run again without duplicates. Any row error means nothing is written.
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/locale.h>

#include <boost/json/object.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia {

class Clinic;

/// How the bytes of a file encode text.
enum class TextEncoding {
    utf8,        ///< UTF-8 (a byte-order mark is ignored)
    windows1252, ///< Excel's "CSV" on Windows in Western Europe, the Americas and Oceania
};
/// "utf-8" or "windows-1252".
FASCIA_CORE_EXPORT std::string_view to_string(TextEncoding encoding);
/// Parses "utf-8"/"utf8" or "windows-1252"/"cp1252" (any case); nullopt otherwise.
FASCIA_CORE_EXPORT std::optional<TextEncoding> parse_text_encoding(std::string_view text);

/// A CSV file read into UTF-8 text.
struct CsvTable {
    std::vector<std::string> header;            ///< the first record
    std::vector<std::vector<std::string>> rows; ///< every later record (blank lines skipped)
    TextEncoding encoding = TextEncoding::utf8; ///< as given, or as detected
    std::vector<std::size_t> lines;             ///< the line of the file each row starts on (1 = the first line)
};

/// Reads CSV bytes. With no encoding given, text that is not valid UTF-8 is read
/// as Windows-1252. Errors (invalid_input): UTF-8 given but the bytes are not
/// (naming the line), an unterminated quote, no header.
FASCIA_CORE_EXPORT Result<CsvTable> read_csv(std::string_view bytes, std::optional<TextEncoding> encoding);

/// The client fields a column can fill: first_name, last_name, preferred_name,
/// date_of_birth, phone, email, address.
FASCIA_CORE_EXPORT const std::vector<std::string>& import_fields();

/// Which field each column fills ("" = not imported).
struct ColumnMapping {
    std::vector<std::string> field_of_column; ///< one entry per header column
};

/// The fields common header names give (no checks): what a preview starts from.
FASCIA_CORE_EXPORT ColumnMapping guess_columns(const std::vector<std::string>& header);

/// Maps columns to fields by common header names (First Name, Given Name,
/// Surname, Family Name, DOB, Date of Birth, Mobile, Phone, E-mail, Address 1,
/// Suburb, Postcode, ...; address columns are joined), then applies
/// `explicit_map` ("First Name=first_name,Notes=" — an empty field skips a
/// column). Errors (invalid_input): a map naming a column the file lacks or a
/// field that does not exist; no column for first_name, last_name or date_of_birth.
FASCIA_CORE_EXPORT Result<ColumnMapping> map_columns(const std::vector<std::string>& header,
                                                     std::string_view explicit_map);

/// What happened (or, in a dry run, would happen) to one row.
enum class ImportOutcome {
    created, ///< a new client
    matched, ///< the row is a client the clinic already has; nothing created
    review,  ///< created, but shares an email with a different person: check it
    error,   ///< the row is wrong; the reason says what to fix
    present, ///< already imported by an earlier (perhaps interrupted) run of the same file
};
/// "created", "matched", "review", "error" or "present".
FASCIA_CORE_EXPORT std::string_view to_string(ImportOutcome outcome);

struct FASCIA_CORE_EXPORT ImportRow {
    std::size_t row = 0;     ///< the line of the file the row starts on, as an editor numbers it (blank lines count)
    ImportOutcome outcome = ImportOutcome::error;
    std::string name;        ///< "Siobhán O'Brien" as read
    std::string client_id;   ///< created or matched client (empty in a dry run's creations)
    std::string reason;      ///< why: every error of the row ("; " between them), or which rule matched
    boost::json::object to_json() const;
};

struct ImportOptions {
    std::string explicit_map;                 ///< --map
    std::optional<ColumnMapping> mapping;     ///< chosen column by column (the desk); replaces explicit_map
    std::optional<TextEncoding> encoding;     ///< --encoding (nullopt: detect)
    std::optional<DateOrder> date_order;      ///< --date-format (nullopt: the clinic's country's)
    bool dry_run = false;                     ///< check and match only; write nothing
    std::string actor;                        ///< username the creations are attributed to
    std::size_t batch_size = 500;             ///< creations per transaction
    /// Called after each written batch with (rows done, rows in the file);
    /// returning false stops there (what is written stays; run the file again to finish).
    std::function<bool(std::size_t done, std::size_t total)> progress = {};
};

struct FASCIA_CORE_EXPORT ImportReport {
    TextEncoding encoding = TextEncoding::utf8;
    DateOrder date_order = DateOrder::dmy;
    std::vector<std::string> header;
    ColumnMapping mapping;
    std::vector<ImportRow> rows;
    bool dry_run = false;
    bool applied = false; ///< true when the creations were written (no row had an error)
    bool stopped = false; ///< progress asked to stop: only the rows before were written
    /// How many rows had this outcome.
    std::size_t count(ImportOutcome outcome) const;
    /// The file's columns that fill no field ("Allergies"), in file order: nothing in them is imported.
    std::vector<std::string> ignored_columns() const;
    boost::json::object to_json() const;
};

/// Imports (or with dry_run checks) a CSV file's clients. A problem with the
/// whole file or with writing is the error; row problems are rows with the
/// error outcome, and then nothing at all is written (applied is false).
FASCIA_CORE_EXPORT Result<ImportReport> import_clients(Clinic& clinic, std::string_view bytes,
                                                       const ImportOptions& options);

} // namespace fascia
