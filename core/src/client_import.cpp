#include <fascia/client_import.h>

#include <fascia/client_identity.h>
#include <fascia/clients.h>
#include <fascia/clinic.h>
#include <fascia/clock.h>
#include <fascia/crypto.h>
#include <fascia/payload.h>

#include <boost/json.hpp>

#include <csv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace fascia {

namespace json = boost::json;

namespace {

/// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    return n;
}

/// The offset of the first byte that is not UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence(s, i);
        if (n == 0)
            return i;
        i += n;
    }
    return std::string_view::npos;
}

void append_utf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Windows-1252 to UTF-8. 0x80-0x9F are the code page's own (curly quotes, the
/// euro, dashes); the five it leaves undefined are kept as the C1 controls.
std::string from_windows1252(std::string_view s)
{
    static constexpr std::array<char32_t, 32> high{
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        append_utf8(out, b >= 0x80 && b < 0xA0 ? high[b - 0x80] : char32_t{b});
    }
    return out;
}

std::size_t line_of(std::string_view s, std::size_t offset)
{
    return 1 + static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

struct CsvSink {
    std::vector<std::vector<std::string>> records;
    std::vector<std::size_t> lines; ///< the line each record starts on
    std::vector<std::string> current;
    std::size_t line = 1;       ///< the line being read (the file is given to libcsv a line at a time)
    std::size_t start_line = 1; ///< the line the current record started on
};

void on_field(void* field, std::size_t size, void* data)
{
    auto* sink = static_cast<CsvSink*>(data);
    std::string_view text(field ? static_cast<const char*>(field) : "", field ? size : 0);
    // A record's first field ends on the line being read; it started as many lines
    // before as it has line breaks inside its quotes.
    if (sink->current.empty())
        sink->start_line = sink->line - static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    sink->current.emplace_back(text);
}

void on_record(int, void* data)
{
    auto* sink = static_cast<CsvSink*>(data);
    const bool blank = std::all_of(sink->current.begin(), sink->current.end(),
                                   [](const std::string& f) { return f.empty(); });
    if (!blank) {
        sink->records.push_back(std::move(sink->current));
        sink->lines.push_back(sink->start_line);
    }
    sink->current.clear();
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// "First Name", "first_name" and "FIRSTNAME" are the same header.
std::string header_key(std::string_view header)
{
    std::string key;
    for (char c : header)
        if (std::isalnum(static_cast<unsigned char>(c)))
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

/// Header names of common exports (Cliniko, Fresha, Jane, Timely, Excel contact
/// lists) by their key, and the field they fill.
const std::map<std::string, std::string>& synonyms()
{
    static const std::map<std::string, std::string> table{
        {"firstname", "first_name"},      {"givenname", "first_name"},      {"forename", "first_name"},
        {"first", "first_name"},          {"givennames", "first_name"},     {"lastname", "last_name"},
        {"surname", "last_name"},         {"familyname", "last_name"},      {"last", "last_name"},
        {"preferredname", "preferred_name"}, {"knownas", "preferred_name"}, {"nickname", "preferred_name"},
        {"dob", "date_of_birth"},         {"dateofbirth", "date_of_birth"}, {"birthdate", "date_of_birth"},
        {"birthday", "date_of_birth"},    {"born", "date_of_birth"},        {"mobile", "phone"},
        {"mobilephone", "phone"},         {"mobilenumber", "phone"},        {"phone", "phone"},
        {"phonenumber", "phone"},         {"cell", "phone"},                {"cellphone", "phone"},
        {"telephone", "phone"},           {"homephone", "phone"},           {"email", "email"},
        {"emailaddress", "email"},        {"address", "address"},           {"address1", "address"},
        {"address2", "address"},          {"address3", "address"},          {"addressline1", "address"},
        {"addressline2", "address"},      {"addressline3", "address"},      {"streetaddress", "address"},
        {"street", "address"},            {"suburb", "address"},            {"city", "address"},
        {"town", "address"},              {"state", "address"},             {"county", "address"},
        {"postcode", "address"},          {"zip", "address"},               {"zipcode", "address"},
        {"postalcode", "address"}};
    return table;
}

/// One row read into client fields, ready for clients.create.
struct RowFields {
    std::string first_name, last_name, preferred_name, date_of_birth, phone, email, address;
    std::string e164;
};

struct Planned {
    std::size_t index; ///< into report.rows
    RowFields fields;
    std::string key;
};

std::string field_value(const std::vector<std::string>& row, const ColumnMapping& mapping,
                        std::string_view field)
{
    std::string out;
    for (std::size_t c = 0; c < mapping.field_of_column.size() && c < row.size(); ++c) {
        if (mapping.field_of_column[c] != field)
            continue;
        const auto v = trim_space(row[c]);
        if (v.empty())
            continue;
        if (field != "address")
            return v; // the first filled column wins: "Mobile" before "Home Phone"
        out += (out.empty() ? "" : ", ") + v;
    }
    return out;
}

/// Matching keys for a client already in the clinic or planned from this file.
struct Known {
    std::map<std::tuple<std::string, std::string, std::string>, std::string> name_dob;
    std::map<std::pair<std::string, std::string>, std::string> phone_dob;
    std::map<std::string, std::vector<std::tuple<std::string, std::string, std::string>>> by_email;
};

std::string email_key(std::string_view email)
{
    std::string out;
    for (char c : email)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Why the row is a client the clinic has (set id), or the review note, per the rules of issue 12.
std::optional<std::string> match_existing(Database& db, const RowFields& f, const Known& planned,
                                          std::string& id, bool& review)
{
    review = false;
    {
        if (auto same = client_with_name_and_birth(db, f.first_name, f.last_name, f.date_of_birth)) {
            id = std::move(*same);
            return "same name and date of birth";
        }
        const auto it = planned.name_dob.find({name_key(f.first_name), name_key(f.last_name), f.date_of_birth});
        if (it != planned.name_dob.end()) {
            id = it->second;
            return "same name and date of birth";
        }
    }
    if (!f.e164.empty()) {
        auto q = db.query("SELECT id FROM clients WHERE phone_e164 = ? AND date_of_birth = ?"
                          " AND merged_into IS NULL LIMIT 1",
                          f.e164, f.date_of_birth);
        if (q.step()) {
            id = q.text(0);
            return "same phone number and date of birth";
        }
        const auto it = planned.phone_dob.find({f.e164, f.date_of_birth});
        if (it != planned.phone_dob.end()) {
            id = it->second;
            return "same phone number and date of birth";
        }
    }
    if (!f.email.empty()) {
        const auto key = email_key(f.email);
        // The same email is the same person unless both first name and date of birth differ
        // (a parent booking for a child with the family's address).
        std::vector<std::tuple<std::string, std::string, std::string>> sharing;
        auto q = db.query("SELECT id, first_name, date_of_birth FROM clients WHERE lower(email) = ?"
                          " AND email <> '' AND merged_into IS NULL",
                          key);
        while (q.step())
            sharing.emplace_back(q.text(0), q.text(1), q.text(2));
        if (const auto it = planned.by_email.find(key); it != planned.by_email.end())
            sharing.insert(sharing.end(), it->second.begin(), it->second.end());
        for (const auto& [other, first, dob] : sharing)
            if (lower(first) == lower(f.first_name) || dob == f.date_of_birth) {
                id = other;
                return "same email";
            }
        if (!sharing.empty()) {
            review = true;
            id = std::get<0>(sharing.front());
        }
    }
    return std::nullopt;
}

void remember(Known& known, const RowFields& f, const std::string& label)
{
    known.name_dob.emplace(std::tuple{name_key(f.first_name), name_key(f.last_name), f.date_of_birth}, label);
    if (!f.e164.empty())
        known.phone_dob.emplace(std::pair{f.e164, f.date_of_birth}, label);
    if (!f.email.empty())
        known.by_email[email_key(f.email)].emplace_back(label, f.first_name, f.date_of_birth);
}

json::object create_payload(const RowFields& f)
{
    json::object p{{"first_name", f.first_name}, {"last_name", f.last_name}, {"date_of_birth", f.date_of_birth}};
    for (const auto& [key, value] : {std::pair{"preferred_name", &f.preferred_name}, {"phone", &f.phone},
                                     {"email", &f.email}, {"address", &f.address}})
        if (!value->empty())
            p[key] = *value;
    return p;
}

/// The client an earlier run of this file created for the row, if it got that far.
std::optional<std::string> created_earlier(Database& db, const std::string& key)
{
    auto q = db.query("SELECT result FROM command_log WHERE idempotency_key = ?", key);
    if (!q.step())
        return std::nullopt;
    const auto result = json::parse(q.text(0));
    if (const auto* id = result.is_object() ? result.as_object().if_contains("id") : nullptr; id && id->is_string())
        return std::string(id->as_string());
    return std::nullopt;
}

} // namespace

std::string_view to_string(TextEncoding encoding)
{
    return encoding == TextEncoding::utf8 ? "utf-8" : "windows-1252";
}

std::optional<TextEncoding> parse_text_encoding(std::string_view text)
{
    const auto key = header_key(text);
    if (key == "utf8")
        return TextEncoding::utf8;
    if (key == "windows1252" || key == "cp1252")
        return TextEncoding::windows1252;
    return std::nullopt;
}

std::string_view to_string(ImportOutcome outcome)
{
    switch (outcome) {
    case ImportOutcome::created:
        return "created";
    case ImportOutcome::matched:
        return "matched";
    case ImportOutcome::review:
        return "review";
    case ImportOutcome::present:
        return "present";
    case ImportOutcome::error:
        break;
    }
    return "error";
}

Result<CsvTable> read_csv(std::string_view bytes, std::optional<TextEncoding> encoding)
{
    CsvTable table;
    if (bytes.starts_with("\xEF\xBB\xBF")) { // UTF-8 byte-order mark (Excel's "CSV UTF-8")
        bytes.remove_prefix(3);
        if (!encoding)
            encoding = TextEncoding::utf8;
    }
    const auto bad_byte = first_invalid_utf8(bytes);
    std::string text;
    if (encoding == TextEncoding::utf8 && bad_byte != std::string_view::npos)
        return invalid("the file is not UTF-8: line " + std::to_string(line_of(bytes, bad_byte))
                           + " has a byte that is not; give --encoding windows-1252 if it came from "
                             "Excel on Windows",
                       "encoding");
    table.encoding = encoding.value_or(bad_byte == std::string_view::npos ? TextEncoding::utf8
                                                                        : TextEncoding::windows1252);
    if (table.encoding == TextEncoding::windows1252)
        text = from_windows1252(bytes);
    else
        text.assign(bytes);

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return internal_error("could not start the CSV reader");
    CsvSink sink;
    // A line at a time, so each record knows the line it starts on (blank lines
    // and line breaks inside quotes included): the number an editor shows.
    std::size_t parsed = 0;
    while (parsed < text.size()) {
        const auto end = std::min(text.find('\n', parsed), text.size() - 1) + 1;
        const auto n = csv_parse(&parser, text.data() + parsed, end - parsed, on_field, on_record, &sink);
        if (n != end - parsed) {
            parsed += n;
            break;
        }
        parsed = end;
        ++sink.line;
    }
    const bool ok = parsed == text.size() && csv_fini(&parser, on_field, on_record, &sink) == 0;
    const int error = csv_error(&parser);
    csv_free(&parser);
    if (!ok)
        return invalid(std::string("the file is not valid CSV: ") + csv_strerror(error) + " near line "
                           + std::to_string(line_of(text, std::min(parsed, text.size())))
                           + " (a quote opened and never closed, or a quote inside an unquoted field)",
                       "file");
    if (sink.records.empty())
        return invalid("the file is empty: it needs a header row and a row per client", "file");
    table.header = std::move(sink.records.front());
    for (auto& h : table.header)
        h = trim_space(h);
    table.rows.assign(std::make_move_iterator(sink.records.begin() + 1),
                      std::make_move_iterator(sink.records.end()));
    table.lines.assign(sink.lines.begin() + 1, sink.lines.end());
    return table;
}

const std::vector<std::string>& import_fields()
{
    static const std::vector<std::string> fields{"first_name", "last_name", "preferred_name", "date_of_birth",
                                                 "phone",      "email",     "address"};
    return fields;
}

namespace {

/// A mapping with a column for each field every client needs.
Result<ColumnMapping> checked(ColumnMapping mapping, const std::vector<std::string>& header)
{
    if (mapping.field_of_column.size() != header.size())
        return invalid("the mapping has " + std::to_string(mapping.field_of_column.size())
                           + " columns but the file has " + std::to_string(header.size()),
                       "map");
    for (const char* required : {"first_name", "last_name", "date_of_birth"})
        if (std::find(mapping.field_of_column.begin(), mapping.field_of_column.end(), required)
            == mapping.field_of_column.end())
            return invalid(std::string("no column gives the clients' ") + required
                               + "; name it with --map \"Your Column=" + required + "\"",
                           "map");
    return mapping;
}

} // namespace

ColumnMapping guess_columns(const std::vector<std::string>& header)
{
    ColumnMapping mapping;
    for (const auto& h : header) {
        const auto it = synonyms().find(header_key(h));
        mapping.field_of_column.push_back(it == synonyms().end() ? "" : it->second);
    }
    return mapping;
}

Result<ColumnMapping> map_columns(const std::vector<std::string>& header, std::string_view explicit_map)
{
    ColumnMapping mapping = guess_columns(header);
    const auto& fields = import_fields();
    std::size_t start = 0;
    while (start < explicit_map.size()) {
        auto end = explicit_map.find(',', start);
        if (end == std::string_view::npos)
            end = explicit_map.size();
        const auto pair = explicit_map.substr(start, end - start);
        start = end + 1;
        if (trim_space(pair).empty())
            continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            return invalid("--map: '" + std::string(pair) + "' should be COLUMN=field, like \"First Name=first_name\"",
                           "map");
        const auto column = trim_space(pair.substr(0, eq));
        const auto field = trim_space(pair.substr(eq + 1));
        if (!field.empty() && std::find(fields.begin(), fields.end(), field) == fields.end()) {
            std::string list;
            for (const auto& f : fields)
                list += (list.empty() ? "" : ", ") + f;
            return invalid("--map: '" + field + "' is not a client field; use one of " + list
                               + " (or nothing, to skip the column)",
                           "map");
        }
        bool found = false;
        for (std::size_t c = 0; c < header.size(); ++c)
            if (header[c] == column || header_key(header[c]) == header_key(column)) {
                mapping.field_of_column[c] = field;
                found = true;
            }
        if (!found)
            return invalid("--map: the file has no column '" + column + "'", "map");
    }
    return checked(std::move(mapping), header);
}

boost::json::object ImportRow::to_json() const
{
    json::object o{{"row", row}, {"outcome", to_string(outcome)}, {"name", name}};
    if (!client_id.empty())
        o["client_id"] = client_id;
    if (!reason.empty())
        o["reason"] = reason;
    return o;
}

std::size_t ImportReport::count(ImportOutcome outcome) const
{
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [&](const ImportRow& r) { return r.outcome == outcome; }));
}

std::vector<std::string> ImportReport::ignored_columns() const
{
    std::vector<std::string> out;
    for (std::size_t c = 0; c < header.size() && c < mapping.field_of_column.size(); ++c)
        if (mapping.field_of_column[c].empty())
            out.push_back(header[c]);
    return out;
}

boost::json::object ImportReport::to_json() const
{
    json::array list;
    for (const auto& r : rows)
        list.push_back(r.to_json());
    json::object columns;
    for (std::size_t c = 0; c < header.size() && c < mapping.field_of_column.size(); ++c)
        columns[header[c]] = mapping.field_of_column[c].empty() ? json::value(nullptr)
                                                                : json::value(mapping.field_of_column[c]);
    json::array ignored;
    for (const auto& name : ignored_columns())
        ignored.push_back(json::value(name));
    return {{"dry_run", dry_run},
            {"applied", applied},
            {"stopped", stopped},
            {"encoding", to_string(encoding)},
            {"date_format", to_string(date_order)},
            {"columns", columns},
            {"ignored_columns", ignored},
            {"created", count(ImportOutcome::created)},
            {"present", count(ImportOutcome::present)},
            {"matched", count(ImportOutcome::matched)},
            {"review", count(ImportOutcome::review)},
            {"errors", count(ImportOutcome::error)},
            {"rows", list}};
}

Result<ImportReport> import_clients(Clinic& clinic, std::string_view bytes, const ImportOptions& options)
{
    auto& db = clinic.db();
    auto table = read_csv(bytes, options.encoding);
    if (!table)
        return table.error();
    auto mapping = options.mapping ? checked(*options.mapping, table->header)
                                   : map_columns(table->header, options.explicit_map);
    if (!mapping)
        return mapping.error();
    const auto country = clinic_country(db);
    ImportReport report;
    report.encoding = table->encoding;
    report.date_order = options.date_order.value_or(date_order_for(country));
    report.header = table->header;
    report.mapping = *mapping;
    report.dry_run = options.dry_run;

    // One key per row of this exact file: running it again, after an interruption
    // or by mistake, replays what was done instead of doing it twice.
    const std::string file_key = "import-" + sha256_hex(bytes).substr(0, 24) + "-";
    const auto today = utc_date(clinic.clock().now());
    Known planned;
    std::vector<Planned> creations;
    for (std::size_t i = 0; i < table->rows.size(); ++i) {
        const auto& row = table->rows[i];
        ImportRow out;
        out.row = table->lines[i];
        RowFields f;
        f.first_name = field_value(row, *mapping, "first_name");
        f.last_name = field_value(row, *mapping, "last_name");
        f.preferred_name = field_value(row, *mapping, "preferred_name");
        f.phone = field_value(row, *mapping, "phone");
        for (char c : field_value(row, *mapping, "email")) // spaces are spreadsheet noise in an email
            if (!std::isspace(static_cast<unsigned char>(c)))
                f.email += c;
        f.address = field_value(row, *mapping, "address");
        out.name = trim_space(f.first_name + " " + f.last_name);
        // Every problem of the row, so one round of fixing the file is enough.
        std::vector<std::string> errors;
        if (row.size() > table->header.size())
            errors.push_back("has " + std::to_string(row.size()) + " fields but the header has "
                             + std::to_string(table->header.size()) + " (an unquoted comma?)");
        if (f.first_name.empty())
            errors.push_back("first_name: empty; every client needs a name");
        if (f.last_name.empty())
            errors.push_back("last_name: empty; every client needs a name");
        for (const auto& [field, name] : {std::pair{"first_name", &f.first_name}, std::pair{"last_name", &f.last_name},
                                          std::pair{"preferred_name", &f.preferred_name}})
            if (const auto problem = name_problem(field, *name))
                errors.push_back(*problem);
        const auto dob_text = field_value(row, *mapping, "date_of_birth");
        if (dob_text.empty()) {
            errors.push_back("date_of_birth: empty; every client needs a date of birth");
        } else if (const auto dob = parse_date_in_order(dob_text, report.date_order); !dob) {
            const bool order = dob.error().message.find("no month") != std::string::npos;
            errors.push_back("date_of_birth: " + dob.error().message
                             + (order ? "; if the file writes dates another way, give its order (--date-format)" : ""));
        } else if (std::chrono::sys_days{*dob} > std::chrono::sys_days{today} || dob->year() < std::chrono::year{1900}) {
            errors.push_back("date_of_birth: " + dob_text + " is "
                             + (dob->year() < std::chrono::year{1900} ? "before 1900" : "in the future"));
        } else {
            f.date_of_birth = format_date(*dob);
        }
        if (!f.phone.empty()) {
            if (const auto phone = parse_phone(f.phone, country); !phone)
                errors.push_back(phone.error().message);
            else
                f.e164 = phone->e164;
        }
        if (!f.email.empty() && !plausible_email(f.email))
            errors.push_back("email: '" + f.email + "' is not an email address (like name@example.com)");
        if (!errors.empty()) {
            out.outcome = ImportOutcome::error;
            for (const auto& e : errors)
                out.reason += (out.reason.empty() ? "" : "; ") + e;
            report.rows.push_back(out);
            continue;
        }
        // Keyed by the record's position (header = 1), as earlier versions did, so a run
        // interrupted before an upgrade resumes after it without duplicates.
        Planned plan{report.rows.size(), f, file_key + std::to_string(i + 2)};
        if (auto earlier = created_earlier(db, plan.key)) {
            out.outcome = ImportOutcome::present;
            out.client_id = *earlier;
            out.reason = "imported by an earlier run of this file";
            report.rows.push_back(out);
            continue;
        }
        bool review = false;
        std::string id;
        if (auto why = match_existing(db, f, planned, id, review)) {
            out.outcome = ImportOutcome::matched;
            // A match with an earlier row of this file names that row; it has no id until written.
            if (id.starts_with("row "))
                out.reason = *why + " as " + id + " of this file";
            else
                out.client_id = id, out.reason = *why;
            report.rows.push_back(out);
            continue;
        }
        out.outcome = review ? ImportOutcome::review : ImportOutcome::created;
        if (review)
            out.reason = "shares an email with a different person (" + id + "); check it is right";
        remember(planned, f, "row " + std::to_string(out.row));
        report.rows.push_back(out);
        creations.push_back(std::move(plan));
    }
    if (options.dry_run || report.count(ImportOutcome::error) > 0) {
        // Rows planned within the file name the row they match: no ids exist yet.
        return report;
    }
    auto& bus = clinic.bus();
    const std::size_t batch = std::max<std::size_t>(1, options.batch_size);
    for (std::size_t start = 0; start < creations.size(); start += batch) {
        std::vector<Command> commands;
        const auto end = std::min(creations.size(), start + batch);
        for (std::size_t k = start; k < end; ++k)
            commands.push_back({"clients.create", create_payload(creations[k].fields), options.actor,
                                creations[k].key});
        auto done = bus.execute_all(std::move(commands));
        if (!done) {
            Error e = done.error();
            e.message = "writing rows " + std::to_string(report.rows[creations[start].index].row) + " to "
                        + std::to_string(report.rows[creations[end - 1].index].row) + " failed: " + e.message
                        + " Rows before them were imported; run the same file again to finish.";
            return e;
        }
        for (std::size_t k = start; k < end; ++k)
            report.rows[creations[k].index].client_id =
                std::string((*done)[k - start].result.at("id").as_string());
        if (options.progress && !options.progress(report.rows[creations[end - 1].index].row - 1, table->rows.size())
            && end < creations.size()) {
            report.stopped = true;
            return report;
        }
    }
    report.applied = true;
    return report;
}

} // namespace fascia
