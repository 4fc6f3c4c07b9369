#include <fascia/clients.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace fascia {

namespace {

constexpr const char* client_columns =
    "c.id, c.first_name, c.last_name, c.preferred_name, c.date_of_birth, c.phone, c.email,"
    " c.address, c.health_consent_at, c.health_consent_recorded_by, c.created_at, c.updated_at";

Client read_client(const Statement& q)
{
    Client c;
    c.id = q.text(0);
    c.first_name = q.text(1);
    c.last_name = q.text(2);
    c.preferred_name = q.text(3);
    c.date_of_birth = q.text(4);
    c.phone = q.text(5);
    c.email = q.text(6);
    c.address = q.text(7);
    c.health_consent_at = q.optional_text(8);
    c.health_consent_recorded_by = q.optional_text(9);
    c.created_at = q.text(10);
    c.updated_at = q.text(11);
    return c;
}

bool is_word_byte(char c)
{
    // Bytes of multi-byte UTF-8 letters count as word characters; FTS5 folds them.
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

/// The digits of a query made only of digits and phone punctuation ("07700 900"), else nullopt.
std::optional<std::string> phone_digits(std::string_view typed)
{
    std::string digits;
    for (char c : typed) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')')
            return std::nullopt;
    }
    return digits.empty() ? std::nullopt : std::optional(digits);
}

/// The same expression as the search triggers and the clients_phone_digits index.
constexpr const char* phone_digits_sql =
    "replace(replace(replace(replace(replace(c.phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')";

/// Turns what a person typed into an FTS5 query: every word must prefix-match some column.
std::string fts_query(std::string_view typed)
{
    std::string query, word;
    auto flush = [&] {
        if (word.empty())
            return;
        query += (query.empty() ? "" : " ") + std::string("\"") + word + "\"*";
        word.clear();
    };
    for (char c : typed) {
        if (is_word_byte(c))
            word += c;
        else
            flush();
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
                          {"email", email},
                          {"address", address},
                          {"created_at", created_at},
                          {"updated_at", updated_at}};
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
    if (const auto digits = phone_digits(typed)) {
        // A range over the digits index: ':' sorts just after '9', so this is "starts with".
        auto q = db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE "
                              + phone_digits_sql + " >= ?1 AND " + phone_digits_sql + " < ?1 || ':'"
                              " ORDER BY " + phone_digits_sql + " LIMIT ?2",
                          *digits, limit);
        while (q.step())
            out.push_back(read_client(q));
        return out;
    }
    const std::string match = fts_query(typed);
    if (match.empty()) {
        auto q = db.query(std::string("SELECT ") + client_columns
                              + " FROM clients c ORDER BY c.last_name, c.first_name LIMIT ?",
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
                            " WHERE clients_search MATCH ?" + order + " LIMIT ?",
                      match, limit);
    while (q.step())
        out.push_back(read_client(q));
    if (order.empty())
        std::sort(out.begin(), out.end(), [](const Client& a, const Client& b) {
            return std::tie(a.last_name, a.first_name) < std::tie(b.last_name, b.first_name);
        });
    return out;
}

std::int64_t count_clients(Database& db)
{
    auto q = db.query("SELECT count(*) FROM clients");
    q.step();
    return q.integer(0);
}

} // namespace fascia
