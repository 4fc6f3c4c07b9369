#include <fascia/sync.h>

#include "changes.h"

#include <fascia/crypto.h>

#include <sqlite3.h>

#include <algorithm>

namespace fascia::sync {

std::vector<std::string> synced_tables(Database& db)
{
    std::vector<std::string> names;
    {
        auto q = db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        while (q.step())
            names.push_back(q.text(0));
    }
    std::erase_if(names, [&](const std::string& name) { return !is_synced_table(db, name); });
    return names;
}

std::string state_hash(Database& db)
{
    std::string all;
    for (const auto& table : synced_tables(db)) {
        // Primary-key order, so row order never depends on how rows arrived.
        std::vector<std::pair<int, std::string>> key;
        {
            auto q = db.query("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0", table);
            while (q.step())
                key.emplace_back(static_cast<int>(q.integer(1)), q.text(0));
        }
        std::sort(key.begin(), key.end());
        std::string order;
        for (const auto& [pos, column] : key)
            order += (order.empty() ? "" : ", ") + std::string("\"") + column + "\"";
        if (order.empty())
            order = "rowid";
        all += "table " + table + "\n";
        sqlite3_stmt* stmt = nullptr;
        const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY " + order;
        if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
            db.fail("reading a table to compare");
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
                const int type = sqlite3_column_type(stmt, c);
                all += std::to_string(type) + ":";
                if (type != SQLITE_NULL) {
                    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                    all.append(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
                }
                all += '\x1f';
            }
            all += '\n';
        }
        sqlite3_finalize(stmt);
    }
    return sha256_hex(all);
}

} // namespace fascia::sync
