#include <fascia/clients.h>

#include <fascia/locale.h>
#include <fascia/row.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace fascia {

namespace {

constexpr const char* client_columns =
    "c.id, c.first_name, c.last_name, c.preferred_name, c.date_of_birth, c.phone, c.email,"
    " c.address, c.health_consent_at, c.health_consent_recorded_by, c.created_at, c.updated_at,"
    " coalesce(c.phone_e164, ''), c.merged_into";

Client read_client(const Statement& q)
{
    Client c;
    read_columns(q, 0, c.id, c.first_name, c.last_name, c.preferred_name, c.date_of_birth, c.phone, c.email,
                 c.address, c.health_consent_at, c.health_consent_recorded_by, c.created_at, c.updated_at,
                 c.phone_e164, c.merged_into);
    return c;
}

bool is_word_byte(char c)
{
    // Bytes of multi-byte UTF-8 letters count as word characters; FTS5 folds them.
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

/// True for a query made only of digits and phone punctuation ("07700 900-123"), with a digit.
bool looks_like_phone(std::string_view typed)
{
    bool digit = false;
    for (char c : typed) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digit = true;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.')
            return false;
    }
    return digit;
}

/// Apostrophes (straight, curly) and hyphens inside a word join it, as the
/// search triggers index names: "O'Brien" and "o’brien" are the word "obrien".
std::size_t joiner_length(std::string_view rest)
{
    if (!rest.empty() && (rest[0] == '\'' || rest[0] == '-'))
        return 1;
    if (rest.starts_with("\u2019") || rest.starts_with("\u2018") || rest.starts_with("\u2010"))
        return 3;
    return 0;
}

/// Turns what a person typed into an FTS5 query: every word must prefix-match some
/// column. A word with an apostrophe or hyphen inside ("o'neil") matches either
/// joined (names are indexed joined too) or as its parts in a row (emails are not).
std::string fts_query(std::string_view typed)
{
    std::string query, joined, parts;
    auto flush = [&] {
        if (joined.empty())
            return;
        query += query.empty() ? "" : " AND ";
        if (parts == joined)
            query += "\"" + joined + "\"*";
        else
            query += "(\"" + joined + "\"* OR \"" + parts + "\"*)";
        joined.clear();
        parts.clear();
    };
    for (std::size_t i = 0; i < typed.size();) {
        if (const auto joiner = joiner_length(typed.substr(i)); joiner && !joined.empty()) {
            i += joiner;
            parts += ' ';
            continue;
        }
        if (is_word_byte(typed[i])) {
            joined += typed[i];
            parts += typed[i];
        } else {
            flush();
        }
        ++i;
    }
    flush();
    return query;
}

} // namespace

std::string Client::display_name() const
{
    return (preferred_name.empty() ? first_name : preferred_name) + " " + last_name;
}

boost::json::object Client::to_json() const
{
    boost::json::object o{{"id", id},
                          {"first_name", first_name},
                          {"last_name", last_name},
                          {"preferred_name", preferred_name},
                          {"date_of_birth", date_of_birth},
                          {"phone", phone},
                          {"phone_e164", phone_e164},
                          {"email", email},
                          {"address", address},
                          {"created_at", created_at},
                          {"updated_at", updated_at}};
    o["merged_into"] = merged_into ? boost::json::value(*merged_into) : boost::json::value(nullptr);
    o["health_consent"] = health_consent_at
                              ? boost::json::value(boost::json::object{
                                  {"recorded_at", *health_consent_at},
                                  {"recorded_by", health_consent_recorded_by.value_or("")}})
                              : boost::json::value(nullptr);
    return o;
}

std::optional<Client> find_client(Database& db, std::string_view id)
{
    auto q = db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.id = ?", id);
    if (!q.step())
        return std::nullopt;
    return read_client(q);
}

std::vector<Client> search_clients(Database& db, std::string_view typed, int limit)
{
    std::vector<Client> out;
    if (looks_like_phone(typed)) {
        // Two index ranges, each read in index order and cut at the limit (a
        // prefix such as "07700 9" can match most of a clinic): numbers starting
        // with the typed one read in the clinic's country ("07700 900" is
        // +447700900...), and, from six digits, numbers ending in them (reversed
        // digits starting with the reversed query). ':' sorts just after '9',
        // so "x <= v < x:" is "v starts with x".
        const auto prefix = phone_search_prefix(typed, clinic_country(db));
        const auto tail = phone_tail(typed);
        const auto add = [&](Statement q) {
            while (q.step() && static_cast<int>(out.size()) < 2 * limit) {
                auto c = read_client(q);
                if (std::none_of(out.begin(), out.end(), [&](const Client& o) { return o.id == c.id; }))
                    out.push_back(std::move(c));
            }
        };
        if (prefix)
            add(db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.phone_e164 >= ?1"
                             " AND c.phone_e164 < ?1 || ':' AND c.phone_e164 <> '' AND c.merged_into IS NULL"
                             " ORDER BY c.phone_e164 LIMIT ?2",
                         *prefix, limit));
        if (tail.size() >= 6)
            add(db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.phone_tail >= ?1"
                             " AND c.phone_tail < ?1 || ':' AND c.phone_tail <> '' AND c.merged_into IS NULL"
                             " ORDER BY c.phone_tail LIMIT ?2",
                         tail, limit));
        std::sort(out.begin(), out.end(), [](const Client& a, const Client& b) {
            return std::tie(a.last_name, a.first_name, a.id) < std::tie(b.last_name, b.first_name, b.id);
        });
        if (static_cast<int>(out.size()) > limit)
            out.resize(static_cast<std::size_t>(limit));
        return out;
    }
    const std::string match = fts_query(typed);
    if (match.empty()) {
        auto q = db.query(std::string("SELECT ") + client_columns
                              + " FROM clients c WHERE c.merged_into IS NULL"
                                " ORDER BY c.last_name, c.first_name LIMIT ?",
                          limit);
        while (q.step())
            out.push_back(read_client(q));
        return out;
    }
    // Ranking scores every match before the best are kept: fine for "smit", too slow for
    // "s" over 100,000 clients. Very short queries take the first matches, in name order.
    std::size_t letters = 0;
    for (char c : typed)
        letters += is_word_byte(c) ? 1 : 0;
    const std::string order = letters < 3 ? "" : " ORDER BY bm25(clients_search), c.last_name, c.first_name";
    auto q = db.query(std::string("SELECT ") + client_columns
                          + " FROM clients_search s JOIN clients c ON c.rowid = s.rowid"
                            " WHERE clients_search MATCH ? AND c.merged_into IS NULL" + order + " LIMIT ?",
                      match, limit);
    while (q.step())
        out.push_back(read_client(q));
    if (order.empty())
        std::sort(out.begin(), out.end(), [](const Client& a, const Client& b) {
            return std::tie(a.last_name, a.first_name) < std::tie(b.last_name, b.first_name);
        });
    return out;
}

std::string phone_tail(std::string_view s)
{
    std::string out;
    for (auto it = s.rbegin(); it != s.rend(); ++it)
        if (std::isdigit(static_cast<unsigned char>(*it)))
            out += *it;
    return out;
}

std::string kept_client_id(Database& db, std::string_view id)
{
    std::string current(id);
    // A merge refuses a record that is already merged, so chains are short; the
    // bound only guards against a damaged database.
    for (int hops = 0; hops < 16; ++hops) {
        auto q = db.query("SELECT merged_into FROM clients WHERE id = ?", current);
        if (!q.step() || q.is_null(0))
            break;
        current = q.text(0);
    }
    return current;
}

std::int64_t derive_missing_phone_keys(Database& db)
{
    std::vector<std::pair<std::string, std::string>> rows;
    {
        auto q = db.query("SELECT id, phone FROM clients WHERE phone_e164 IS NULL");
        while (q.step())
            rows.emplace_back(q.text(0), q.text(1));
    }
    if (rows.empty())
        return 0;
    const auto country = clinic_country(db);
    Transaction t(db);
    for (const auto& [id, typed] : rows) {
        const auto phone = parse_phone(typed, country);
        const std::string e164 = phone ? phone->e164 : "";
        db.query("UPDATE clients SET phone_e164 = ?, phone_tail = ? WHERE id = ?", e164,
                 phone_tail(e164), id)
            .run();
    }
    t.commit();
    return static_cast<std::int64_t>(rows.size());
}

std::int64_t count_clients(Database& db)
{
    auto q = db.query("SELECT count(*) FROM clients WHERE merged_into IS NULL");
    q.step();
    return q.integer(0);
}

} // namespace fascia
