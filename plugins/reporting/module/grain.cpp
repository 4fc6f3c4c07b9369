// What the reports share to read a period in one pass: its rows' bounds for
// json_each, and the names of the groups they roll up by.
#include "contributions.h"

#include <boost/json.hpp>

namespace fascia::reporting {

namespace json = boost::json;

std::string period_bounds(const std::vector<Period>& rows, bool as_text)
{
    json::array out;
    out.reserve(rows.size());
    for (const auto& p : rows)
        out.push_back(as_text ? json::array{json::value(instant_text(p.start_ms)), json::value(instant_text(p.end_ms))}
                              : json::array{p.start_ms, p.end_ms});
    return json::serialize(out);
}

Names::Names(Database& db, std::string_view sql)
{
    auto q = db.query(sql);
    while (q.step()) {
        ranks_.emplace(q.text(0), names_.size());
        names_.push_back(q.text(1));
    }
}

std::optional<std::size_t> Names::rank(const std::string& id) const
{
    const auto found = ranks_.find(id);
    if (found == ranks_.end())
        return std::nullopt;
    return found->second;
}

} // namespace fascia::reporting
