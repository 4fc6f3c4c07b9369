#include <fascia/clients.h>
#include <fascia/client_identity.h>

#include <fascia/locale.h>
#include <fascia/row.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>
#include <unordered_set>

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

/// True for a query made only of digits and phone punctuation ("07700 900-123",
/// "+44 [0]7700/900123"), with a digit. `typed` is made plain first (plain_ascii).
bool looks_like_phone(std::string_view typed)
{
    bool digit = false;
    for (char c : typed) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            digit = true;
        else if (std::string_view(" +-().[]/").find(c) == std::string_view::npos)
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

/// Turns what a person typed into an FTS5 query: every word must match some
/// column, as a beginning (prefix) or as a whole word. A word with an apostrophe
/// or hyphen inside ("o'neil") matches either joined (names are indexed joined
/// too) or as its parts in a row.
std::string fts_query(std::string_view typed, bool prefix)
{
    const std::string star = prefix ? "*" : "";
    std::string query, joined, parts;
    auto flush = [&] {
        if (joined.empty())
            return;
        query += query.empty() ? "" : " AND ";
        if (parts == joined)
            query += "\"" + joined + "\"" + star;
        else
            query += "(\"" + joined + "\"" + star + " OR \"" + parts + "\"" + star + ")";
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

/// Lower-case ASCII, the Latin-1 letters without their accents ("Zoë" is "zoe"),
/// apostrophes and hyphens dropped. Only for ranking candidates FTS5 already
/// matched with its own folding; other letters compare as written.
std::string fold(std::string_view s)
{
    // U+00C0..U+00FF; '_' marks the two signs (multiplication, division) that are not letters.
    static constexpr std::string_view latin1 = "aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuyty";
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (const auto joiner = joiner_length(s.substr(i))) {
            i += joiner - 1;
        } else if ((b == 0xC3) && i + 1 < s.size()) {
            const auto cp = 0xC0 + (static_cast<unsigned char>(s[++i]) & 0x3F);
            out += latin1[static_cast<std::size_t>(cp - 0xC0)];
        } else {
            out += static_cast<char>(std::tolower(b));
        }
    }
    return out;
}

/// How well a client's names answer the typed words, lower is better: per word,
/// 0 when it is a whole name ("jo" for Jo; "obrien" for O'Brien), 1 when a name
/// starts with it ("jo" for Joanna), 2 otherwise (the email matched, or a part
/// of a joined name: "smith" for D'Arcy-Smith). `names` is the folded names
/// with a space before each ("  jo zed").
int name_rank(std::string_view names, const std::vector<std::string>& typed_words)
{
    int rank = 0;
    for (const auto& t : typed_words) {
        int best = 2;
        const std::string start = " " + t;
        for (auto at = names.find(start); at != std::string_view::npos && best > 0; at = names.find(start, at + 1)) {
            const auto after = at + 1 + t.size();
            best = std::min(best, after == names.size() || names[after] == ' ' ? 0 : 1);
        }
        rank += best;
    }
    return rank;
}

/// The typed words, folded as names are ("O'Brien zo": "obrien", "zo").
std::vector<std::string> typed_words(std::string_view typed)
{
    std::vector<std::string> out;
    std::string word;
    for (char c : fold(typed) + " ") {
        if (is_word_byte(c)) {
            word += c;
        } else if (!word.empty()) {
            out.push_back(word);
            word.clear();
        }
    }
    return out;
}

/// How many matches a name search reads before ranking them (issue 12: p99
/// under 3 ms over 100,000 clients, where three letters can match thousands).
constexpr int candidate_limit = 200;

/// A client a name search found, with what ranks it.
struct Candidate {
    std::int64_t rowid = 0;
    int rank = 0;
    std::string last, first; ///< folded, for the order within a rank
    std::string id;
};

/// Reads (rowid, id, first, last, preferred) rows into candidates not seen yet.
void add_candidates(std::vector<Candidate>& out, std::unordered_set<std::int64_t>& seen, Statement q,
                    const std::vector<std::string>& words)
{
    while (q.step()) {
        const auto rowid = q.integer(0);
        if (!seen.insert(rowid).second)
            continue;
        Candidate c{rowid, 0, fold(q.text(3)), fold(q.text(2)), q.text(1)};
        const std::string names = " " + c.first + " " + c.last + " " + fold(q.text(4));
        c.rank = name_rank(names, words);
        out.push_back(std::move(c));
    }
}

/// Whoever q finds that `out` does not hold yet.
void add_new(std::vector<Client>& out, Statement q)
{
    while (q.step()) {
        auto c = read_client(q);
        if (std::none_of(out.begin(), out.end(), [&](const Client& o) { return o.id == c.id; }))
            out.push_back(std::move(c));
    }
}

bool by_name(const Client& a, const Client& b)
{
    return std::tie(a.last_name, a.first_name, a.id) < std::tie(b.last_name, b.first_name, b.id);
}

/// Phone searches: two index ranges, each read in index order and cut at the
/// limit (a beginning such as "07700 9" can match most of a clinic). The number
/// exactly as typed comes first, then numbers that start with the typed one
/// read in the clinic's country ("07700 900" is +447700900...), then, from six
/// digits, numbers that end in them (reversed digits starting with the reversed
/// query). ':' sorts just after '9', so "x <= v < x:" is "v starts with x".
std::vector<Client> search_phones(Database& db, std::string_view typed, int limit)
{
    std::vector<Client> out;
    const auto prefix = phone_search_prefix(typed, clinic_country(db));
    std::size_t exact = 0, starting = 0;
    if (prefix) {
        add_new(out, db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.phone_e164 >= ?1"
                                  " AND c.phone_e164 < ?1 || ':' AND c.phone_e164 <> '' AND c.merged_into IS NULL"
                                  " ORDER BY c.phone_e164 LIMIT ?2",
                              *prefix, limit));
        exact = static_cast<std::size_t>(std::count_if(
            out.begin(), out.end(), [&](const Client& c) { return c.phone_e164 == *prefix; }));
        starting = out.size();
    }
    if (const auto tail = phone_tail(without_bracketed_trunk(typed)); tail.size() >= 6)
        add_new(out, db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.phone_tail >= ?1"
                                  " AND c.phone_tail < ?1 || ':' AND c.phone_tail <> '' AND c.merged_into IS NULL"
                                  " ORDER BY c.phone_tail LIMIT ?2",
                              tail, limit));
    // The exact number is read first (it sorts before longer ones); each group by name.
    std::sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(exact), by_name);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(exact), out.begin() + static_cast<std::ptrdiff_t>(starting),
              by_name);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(starting), out.end(), by_name);
    if (static_cast<int>(out.size()) > limit)
        out.resize(static_cast<std::size_t>(limit));
    return out;
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
    // Numbers pasted from a web page or a word processor carry no-break spaces, en
    // dashes and full-width digits: read as the plain ones.
    if (const auto plain = plain_ascii(typed); looks_like_phone(plain))
        return search_phones(db, plain, limit);
    std::vector<Client> out;
    const std::string prefix_match = fts_query(typed, true);
    if (prefix_match.empty()) {
        // Nothing to look for: the first clients by name, in the name index's order.
        add_new(out, db.query(std::string("SELECT ") + client_columns
                                  + " FROM clients c WHERE c.merged_into IS NULL"
                                    " ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE LIMIT ?",
                              limit));
        return out;
    }
    // Ranking every match (bm25() scores them all first) took 10+ ms when three
    // letters match thousands of clients. Instead each source below reads a
    // bounded number of index entries in index order, only those are ranked, and
    // only the best are read whole: clients named by the words exactly (so "Jo"
    // is never crowded out by the Joannas), names starting with them, and emails
    // starting with what was typed.
    const auto words = typed_words(typed);
    std::vector<Candidate> candidates;
    std::unordered_set<std::int64_t> seen;
    const std::string names = "SELECT c.rowid, c.id, c.first_name, c.last_name, c.preferred_name"
                              " FROM (SELECT rowid AS r FROM clients_search WHERE clients_search MATCH ?1"
                              " LIMIT ?2) m JOIN clients c ON c.rowid = m.r WHERE c.merged_into IS NULL";
    add_candidates(candidates, seen, db.query(names, fts_query(typed, false), limit), words);
    add_candidates(candidates, seen, db.query(names, prefix_match, std::max(limit, candidate_limit)), words);
    if (const auto email = trim_space(typed); email.find_first_of(" \t") == std::string::npos) {
        std::string key;
        for (char ch : email) // as the clients_email_key index: lower(email), ASCII only
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        // 0xFF is in no UTF-8 text, so "key <= v < key + 0xFF" is "v starts with key".
        add_candidates(candidates, seen,
                       db.query("SELECT c.rowid, c.id, c.first_name, c.last_name, c.preferred_name FROM clients c"
                                " WHERE lower(c.email) >= ?1 AND lower(c.email) < ?2 AND c.email <> ''"
                                " AND c.merged_into IS NULL LIMIT ?3",
                                key, key + '\xFF', limit),
                       words);
    }
    const auto shown = std::min(candidates.size(), static_cast<std::size_t>(std::max(limit, 0)));
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(shown), candidates.end(),
                      [](const Candidate& a, const Candidate& b) {
                          return std::tie(a.rank, a.last, a.first, a.id) < std::tie(b.rank, b.last, b.first, b.id);
                      });
    for (std::size_t i = 0; i < shown; ++i) {
        auto q = db.query(std::string("SELECT ") + client_columns + " FROM clients c WHERE c.rowid = ?",
                          candidates[i].rowid);
        if (q.step())
            out.push_back(read_client(q));
    }
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
    for (const auto& [id, typed] : rows) {
        const auto phone = parse_phone(typed, country);
        const std::string e164 = phone ? phone->e164 : "";
        db.query("UPDATE clients SET phone_e164 = ?, phone_tail = ? WHERE id = ?", e164,
                 phone_tail(e164), id)
            .run();
    }
    return static_cast<std::int64_t>(rows.size());
}

std::int64_t count_clients(Database& db)
{
    auto q = db.query("SELECT count(*) FROM clients WHERE merged_into IS NULL");
    q.step();
    return q.integer(0);
}

std::string name_key(std::string_view name) { return fold(name); }

std::optional<std::string> client_with_name_and_birth(Database& db, std::string_view first_name,
                                                      std::string_view last_name, const std::string& date_of_birth)
{
    const auto first = fold(first_name), last = fold(last_name);
    auto q = db.query("SELECT id, first_name, last_name FROM clients WHERE date_of_birth = ? AND merged_into IS NULL"
                      " ORDER BY created_at, id",
                      date_of_birth);
    while (q.step())
        if (fold(q.text(1)) == first && fold(q.text(2)) == last)
            return q.text(0);
    return std::nullopt;
}

std::optional<std::string> name_problem(std::string_view field, std::string_view name)
{
    for (char c : name) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F)
            return std::string(field) + ": a name cannot hold "
                   + (c == '\n' || c == '\r' ? std::string("a line break") : std::string("a control character"))
                   + "; type it on one line";
    }
    return std::nullopt;
}

} // namespace fascia
