// A client's progress over their signed notes: each measure's series, its
// baseline (for pain now, the screening's pain score), the change from it by
// the clinic's rule, and the no-improvement flag on the primary measure.
#include "notes_module.h"

#include <map>

namespace fascia::notes {

namespace json = boost::json;

namespace {

struct Point {
    std::string appointment_id, at;
    double value = 0;
};

json::object rule_json(const ImprovementRule& r)
{
    return {{"points", r.points}, {"percent", r.percent}};
}

} // namespace

json::object progress_json(Database& db, std::string_view client_id)
{
    const auto t = thresholds_of(db);
    // Each signed note's measures as they stand now (the latest amendment's, else the original's).
    auto q = db.query("SELECT n.appointment_id, a.starts_at, COALESCE((SELECT m.measures FROM notes_amendments m"
                      " WHERE m.note_id = n.id ORDER BY m.amended_at DESC, m.rowid DESC LIMIT 1), n.measures)"
                      " FROM notes n JOIN sched_appointments a ON a.id = n.appointment_id"
                      " WHERE n.client_id = ? AND n.status = 'signed' ORDER BY a.starts_ms",
                      client_id);
    std::map<Measure, std::vector<Point>> series;
    json::array medication;
    int sessions = 0;
    std::string first_at;
    while (q.step()) {
        ++sessions;
        if (first_at.empty())
            first_at = q.text(1);
        const auto measures = json::parse(q.text(2)).as_object();
        for (const auto m : all_measures())
            if (const auto* v = measures.if_contains(to_string(m)))
                series[m].push_back({q.text(0), q.text(1), v->at("value").to_number<double>()});
        if (const auto* med = measures.if_contains("medication"))
            medication.push_back(json::object{{"appointment_id", q.text(0)}, {"at", q.text(1)}, {"use", *med}});
    }
    // The screening's pain score on or before the first session is the baseline for pain now.
    std::optional<Point> screening;
    auto s = db.query("SELECT value, measured_on, source_id FROM intake_outcome_measures WHERE client_id = ?"
                      " AND measure = 'pain_score' AND (? = '' OR measured_on <= substr(?, 1, 10))"
                      " ORDER BY measured_on DESC, rowid DESC LIMIT 1",
                      client_id, first_at, first_at);
    if (s.step())
        screening = Point{{}, s.text(1), static_cast<double>(s.integer(0))};

    json::object measures;
    std::optional<Change> primary;
    int primary_scored = 0;
    for (const auto m : all_measures()) {
        auto& points = series[m];
        std::optional<Point> baseline;
        std::string source = "session";
        if (m == Measure::nprs_now && screening) {
            baseline = screening;
            source = "screening";
        } else if (!points.empty()) {
            baseline = points.front();
        }
        if (!baseline)
            continue;
        json::array values;
        for (const auto& p : points)
            values.push_back(json::object{{"appointment_id", p.appointment_id}, {"at", p.at}, {"value", shown(p.value)}});
        json::object out{{"baseline", {{"value", shown(baseline->value)}, {"source", source}, {"on", baseline->at}}},
                         {"series", std::move(values)},
                         {"rule", rule_json(t.rule(m))},
                         {"higher_is_better", higher_is_better(m)}};
        // The series' own first point is the baseline, not a change from it.
        const bool changed = source == "screening" ? !points.empty() : points.size() > 1;
        if (changed) {
            const auto c = change_from_baseline(m, baseline->value, points.back().value, t);
            out["latest"] = shown(c.latest);
            out["improvement"] = shown(c.improvement);
            out["percent"] = c.percent ? json::value(shown(*c.percent)) : json::value(nullptr);
            out["meaningful"] = c.meaningful;
            if (m == t.primary) {
                primary = c;
                primary_scored = static_cast<int>(points.size());
            }
        } else {
            out["meaningful"] = false;
        }
        measures[to_string(m)] = std::move(out);
    }
    const bool flagged = primary && no_improvement(primary_scored, *primary, t);
    json::object flag{{"measure", to_string(t.primary)},
                      {"after_sessions", t.flag_after_sessions},
                      {"sessions_scored", primary_scored},
                      {"no_improvement", flagged}};
    if (flagged)
        flag["advice"] = "no meaningful improvement after " + std::to_string(primary_scored)
                         + " sessions: review the plan and consider referring the client to their doctor";
    return {{"client_id", client_id},
            {"sessions", sessions},
            {"measures", std::move(measures)},
            {"medication", std::move(medication)},
            {"flag", std::move(flag)}};
}

} // namespace fascia::notes
