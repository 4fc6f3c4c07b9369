#include <fascia/migrations.h>

#include <fascia/crypto.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace fascia {

namespace {

// "FASC": marks a file as a Fascia clinic database (PRAGMA application_id).
constexpr std::int64_t fascia_application_id = 0x46415343;

struct Applied {
    std::string name;
    std::string checksum;
};

std::string migration_id(std::string_view component, int number, std::string_view name)
{
    char num[8];
    std::snprintf(num, sizeof num, "%04d", number);
    return std::string(component) + "/" + num + "_" + std::string(name);
}

bool table_exists(Database& db, std::string_view name)
{
    auto q = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", name);
    return q.step();
}

} // namespace

std::string Migration::id() const
{
    return migration_id(component, number, name);
}

Result<std::vector<std::string>> migrate(Database& db, const std::vector<Migration>& migrations,
                                         const Clock& clock)
{
    const std::string untouched = " The database was not changed.";
    const std::string where = db.path().string();
    // 1. Read-only checks: is it ours, and is it not from the future?
    std::int64_t application_id = 0;
    {
        auto q = db.query("PRAGMA application_id");
        if (q.step())
            application_id = q.integer(0);
    }
    const bool has_log = table_exists(db, "schema_migrations");
    if ((application_id != 0 && application_id != fascia_application_id) || (!has_log && [&] {
            auto q = db.query("SELECT count(*) FROM sqlite_schema");
            q.step();
            return q.integer(0) > 0;
        }()))
        // Another application's database given as --db: a person's mistake (exit 2).
        return invalid(where + " is not a Fascia database (it is an SQLite database, but not a Fascia clinic"
                                " database)." + untouched + " Check the --db path.",
                       "db");

    std::map<std::string, std::map<int, Applied>> applied;
    if (has_log) {
        auto q = db.query("SELECT component, number, name, checksum FROM schema_migrations");
        while (q.step())
            applied[q.text(0)][static_cast<int>(q.integer(1))] = {q.text(2), q.text(3)};
    }
    std::map<std::string, int> newest_known;
    for (const auto& m : migrations)
        newest_known[m.component] = std::max(newest_known[m.component], m.number);
    for (const auto& [component, newest] : newest_known) {
        const auto it = applied.find(component);
        if (it == applied.end() || it->second.empty())
            continue;
        const auto& [number, record] = *it->second.rbegin();
        if (number > newest)
            return refused(where + " was written by a newer version of Fascia: it has migration "
                           + migration_id(component, number, record.name) + ", and this version knows "
                           + component + " migrations up to number " + std::to_string(newest)
                           + ". Install the newer version of Fascia to open it." + untouched);
    }
    std::vector<const Migration*> pending;
    for (const auto& m : migrations) {
        const auto component = applied.find(m.component);
        const Applied* record = nullptr;
        if (component != applied.end())
            if (auto it = component->second.find(m.number); it != component->second.end())
                record = &it->second;
        if (!record) {
            pending.push_back(&m);
            continue;
        }
        const std::string checksum = sha256_hex(m.sql);
        if (record->checksum != checksum)
            return refused("migration " + m.id() + " has changed since it was applied to " + where
                           + " (recorded checksum " + record->checksum.substr(0, 12)
                           + "…, this version's " + checksum.substr(0, 12)
                           + "…). Applied migrations must never be edited: add a new migration instead."
                           + untouched);
    }

    // 2. Writes: only now is the file known to be ours and not newer.
    db.configure_for_writing();
    if (!has_log) {
        Transaction tx(db);
        db.exec("CREATE TABLE schema_migrations ("
                " component TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL,"
                " checksum TEXT NOT NULL, applied_at TEXT NOT NULL,"
                " PRIMARY KEY (component, number)) STRICT;"
                "PRAGMA application_id = " + std::to_string(fascia_application_id) + ";");
        tx.commit();
    }
    // Components in the order given (core first, then plugins by dependency).
    std::vector<std::string> order;
    for (const auto& m : migrations)
        if (std::find(order.begin(), order.end(), m.component) == order.end())
            order.push_back(m.component);
    std::stable_sort(pending.begin(), pending.end(), [&](const Migration* a, const Migration* b) {
        const auto ia = std::find(order.begin(), order.end(), a->component);
        const auto ib = std::find(order.begin(), order.end(), b->component);
        return ia != ib ? ia < ib : a->number < b->number;
    });
    std::vector<std::string> done;
    for (const Migration* m : pending) {
        try {
            Transaction tx(db);
            db.exec(m->sql);
            if (m->then)
                m->then(db);
            db.query("INSERT INTO schema_migrations(component, number, name, checksum, applied_at)"
                     " VALUES (?, ?, ?, ?, ?)",
                     m->component, m->number, m->name, sha256_hex(m->sql),
                     format_instant(clock.now()))
                .run();
            tx.commit();
        } catch (const Failure& f) {
            return Error{f.error().kind, "migration " + m->id() + " failed and was rolled back: "
                                             + f.error().message, {}};
        }
        done.push_back(m->id());
    }
    return done;
}

} // namespace fascia
