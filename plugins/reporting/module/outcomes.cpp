// Outcomes: whether clients get better, by the notes module's own rule. Each
// client seen in the period (a signed note of an appointment starting in it)
// counts once, in the groups of their latest such appointment; their change is
// what notes::progress_json says for the clinic's primary measure (baseline to
// latest signed note, meaningful by the clinic's thresholds). Nothing about one
// client leaves this file: groups under smallest_group clients say "too small
// to say" instead of a share or a mean.
#include "contributions.h"
#include "notes_module.h"

#include <boost/json.hpp>

#include <cmath>
#include <map>

namespace fascia::reporting {

namespace json = boost::json;

namespace {

struct Client {
    std::string therapist, modality, condition;
    std::optional<double> improvement; ///< on the primary measure, positive = better
    bool meaningful = false;
    bool took_medication = false;      ///< some answer other than "none" during care
    bool reduced_medication = false;   ///< and the latest is "less" or "none"
};

json::value rounded(double v, double scale)
{
    return std::round(v * scale) / scale;
}

std::vector<json::value> outcome_cells(const std::string& group, const std::vector<const Client*>& clients)
{
    std::vector<double> changes;
    int improved = 0, medication = 0, reduced = 0;
    for (const auto* c : clients) {
        if (c->improvement) {
            changes.push_back(*c->improvement);
            improved += c->meaningful ? 1 : 0;
        }
        if (c->took_medication) {
            ++medication;
            reduced += c->reduced_medication ? 1 : 0;
        }
    }
    const int n = static_cast<int>(changes.size());
    const json::value small(too_small);
    std::vector<json::value> row{json::value(group), std::int64_t{n}};
    if (n < smallest_group) {
        row.insert(row.end(), {small, small, small, small, small, small, small});
    } else {
        const auto share = wilson_95(improved, n);
        const auto change = mean_95(changes);
        row.insert(row.end(), {std::int64_t{improved}, rounded(static_cast<double>(improved) / n, 1e4),
                               rounded(share.low, 1e4), rounded(share.high, 1e4), rounded(mean(changes), 100),
                               rounded(change.low, 100), rounded(change.high, 100)});
    }
    row.push_back(std::int64_t{medication});
    row.push_back(medication < smallest_group ? small : rounded(static_cast<double>(reduced) / medication, 1e4));
    return row;
}

} // namespace

Report outcomes(const Scope& s)
{
    // Each client's latest signed-note appointment in the period names their groups.
    // Its condition type is its course's; a session booked on its own (an assessment
    // before the course, an extra one) has no course of its own, so it takes the
    // client's latest course: only a client who never had a course is "no course".
    std::map<std::string, Client> clients;
    auto q = s.db.query(
        "SELECT n.client_id, st.username, sv.modality, coalesce(c.condition_type,"
        "   (SELECT k.condition_type FROM sched_courses k WHERE k.client_id = a.client_id"
        "    ORDER BY k.created_at DESC, k.id DESC LIMIT 1), 'no course')"
        " FROM sched_appointments a JOIN notes n ON n.appointment_id = a.id AND n.status = 'signed'"
        " JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
        " LEFT JOIN sched_courses c ON c.id = a.course_id"
        " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND (?3 IS NULL OR a.therapist_id = ?3)"
        " ORDER BY a.starts_ms, a.id",
        s.from_ms, s.to_ms, s.therapist_id);
    while (q.step())
    {
        auto& c = clients[q.text(0)];
        c.therapist = q.text(1);
        c.modality = q.text(2);
        c.condition = q.text(3);
    }
    for (auto& [id, c] : clients) {
        const auto progress = notes::progress_json(s.db, id);
        const auto primary = progress.at("flag").at("measure").as_string();
        if (const auto* m = progress.at("measures").as_object().if_contains(primary))
            if (const auto* improvement = m->as_object().if_contains("improvement")) {
                c.improvement = improvement->to_number<double>();
                c.meaningful = m->at("meaningful").as_bool();
            }
        const auto& medication = progress.at("medication").as_array();
        for (const auto& answer : medication)
            if (answer.at("use").as_string() != "none")
                c.took_medication = true;
        if (c.took_medication) {
            const auto& latest = medication.back().at("use").as_string();
            c.reduced_medication = latest == "less" || latest == "none";
        }
    }

    const std::vector<Column> columns{{"group", "", Kind::text},
                                      {"clients", "Clients with a change", Kind::count},
                                      {"improved", "Meaningfully improved", Kind::count},
                                      {"improved_share", "Share improved", Kind::rate},
                                      {"improved_low", "95% low", Kind::rate},
                                      {"improved_high", "95% high", Kind::rate},
                                      {"mean_change", "Mean change (points)", Kind::number},
                                      {"mean_change_low", "95% low", Kind::number},
                                      {"mean_change_high", "95% high", Kind::number},
                                      {"medication_clients", "Clients on pain medication", Kind::count},
                                      {"medication_reduced_share", "Share who reduced it", Kind::rate}};
    Report r;
    r.title = "Outcomes";
    const auto table = [&](std::string key, std::string title, std::string label, auto group_of) {
        auto cols = columns;
        cols[0].label = std::move(label);
        Table t{std::move(key), std::move(title), std::move(cols), {}};
        std::map<std::string, std::vector<const Client*>> groups;
        if (t.key == "all")
            groups["all"]; // a row even when no client was seen
        for (const auto& [id, c] : clients)
            groups[group_of(c)].push_back(&c);
        for (const auto& [group, members] : groups)
            t.rows.push_back(outcome_cells(group, members));
        r.tables.push_back(std::move(t));
    };
    table("all", "All clients seen", "Clients", [](const Client&) { return std::string("all"); });
    table("by_condition", "By condition type", "Condition type", [](const Client& c) { return c.condition; });
    table("by_modality", "By modality", "Modality", [](const Client& c) { return c.modality; });
    table("by_therapist", "By therapist", "Therapist", [](const Client& c) { return c.therapist; });
    return r;
}

} // namespace fascia::reporting
