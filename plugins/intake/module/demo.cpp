// Demo screenings: most of the screened clients may go ahead, some with
// precautions; one waits for a doctor's clearance and one has it.
#include "contributions.h"
#include "screenings.h"

#include <fascia/staff.h>

#include <boost/json.hpp>

#include <algorithm>

namespace fascia::intake {

namespace json = boost::json;

namespace {

struct DemoCase {
    int assessed_days_ago;
    int onset_days_ago;
    std::vector<std::pair<const char*, json::value>> answers; ///< everything else: no, and 0
    const char* clearance_note = nullptr;                     ///< recorded by a therapist when given
};

std::string days_before(std::chrono::year_month_day today, int days)
{
    return format_date(std::chrono::year_month_day{std::chrono::sys_days{today} - std::chrono::days{days}});
}

/// The first active staff user with a role, else the owner.
std::string someone(Database& db, Role role)
{
    std::string owner;
    for (const auto& m : list_staff(db)) {
        if (!m.active)
            continue;
        if (m.role == role)
            return m.username;
        if (m.role == Role::owner && owner.empty())
            owner = m.username;
    }
    return owner;
}

} // namespace

/// A scaled demo's history: two clients a week screened, from 13 weeks ago back,
/// each for a course the schedule's demo then plays out in the past; a week per
/// 20 clients beyond the standard demo, up to two years (from 2,120 clients).
constexpr int history_clients = 2 * 104;
constexpr int clients_per_history_client = 10;

Result<void> add_demo_screenings(Clinic& clinic, const FormLibrary& forms, const DemoOptions& options)
{
    const auto* form = forms.find("sciatica-intake/1");
    if (!form)
        return {};
    auto& db = clinic.db();
    const std::vector<DemoCase> cases{
        {3, 120, {{"diagnosed_by_clinician", true}, {"symptoms_below_knee", true}, {"pain_score", 6}}},
        {1, 20, {{"symptoms_below_knee", true}, {"pain_score", 7}}},
        {10, 200,
         {{"diagnosed_by_clinician", true}, {"self_care_weeks_without_improvement", 3}, {"pain_score", 5}}},
        {2, 25,
         {{"pregnant", true}, {"pregnancy_weeks", 24}, {"diagnosed_by_clinician", true}, {"pain_score", 4}}},
        {5, 300,
         {{"anticoagulants", true}, {"osteoporosis", true}, {"diagnosed_by_clinician", true}, {"pain_score", 5}}},
        {4, 60,
         {{"foot_drop", true}, {"symptoms_below_knee", true}, {"diagnosed_by_clinician", true}, {"pain_score", 7}}},
        {14, 400, {{"cancer_history", true}, {"diagnosed_by_clinician", true}, {"pain_score", 4}},
         "GP letter on file: remission since 2019, no contraindication to remedial massage"},
        {7, 35, {{"metal_implants", true}, {"symptoms_below_knee", true}, {"pain_score", 6}}},
    };

    std::vector<std::string> clients;
    // `fascia demo --scale N` beyond the standard clients adds years of history:
    // the clients after the cases were screened long ago, two a week.
    const int history = std::clamp((options.clients - DemoOptions{}.clients) / clients_per_history_client, 0,
                                   history_clients);
    auto q = db.query("SELECT id FROM clients WHERE health_consent_at IS NOT NULL ORDER BY rowid LIMIT ?",
                      static_cast<std::int64_t>(cases.size()) + history);
    while (q.step())
        clients.push_back(q.text(0));

    const auto today = clinic_date(db, clinic.clock().now());
    const auto desk = someone(db, Role::front_desk);
    const auto therapist = someone(db, Role::therapist);
    std::vector<Command> commands;
    for (std::size_t i = cases.size(); i < clients.size(); ++i) {
        const auto j = static_cast<int>(i - cases.size());
        json::object input = form->all_clear_input();
        auto& answers = input["answers"].as_object();
        answers["diagnosed_by_clinician"] = true;
        answers["pain_score"] = 5;
        const int assessed = 91 + 7 * (j / 2);
        input["assessed_on"] = days_before(today, assessed);
        // Every other one chronic (six weeks or more), the rest acute.
        input["symptom_onset"] = days_before(today, assessed + (j % 2 == 0 ? 200 : 20));
        commands.push_back({"intake.record", {{"client_id", clients[i]}, {"screening", std::move(input)}}, desk});
    }
    for (std::size_t i = 0; i < std::min(clients.size(), cases.size()); ++i) {
        const auto& c = cases[i];
        json::object input = form->all_clear_input();
        auto& answers = input["answers"].as_object();
        for (const auto& [id, value] : c.answers)
            answers[id] = value;
        input["assessed_on"] = days_before(today, c.assessed_days_ago);
        input["symptom_onset"] = days_before(today, c.onset_days_ago);
        commands.push_back(
            {"intake.record", {{"client_id", clients[i]}, {"screening", std::move(input)}}, desk});
        if (c.clearance_note)
            commands.push_back({"intake.clear",
                                {{"client_id", clients[i]},
                                 {"clinician", "Dr Anjali Patel (GP)"},
                                 {"note", c.clearance_note}},
                                therapist});
    }
    if (commands.empty())
        return {};
    if (auto r = clinic.bus().execute_all(std::move(commands)); !r)
        return r.error();
    return {};
}

} // namespace fascia::intake
