// The vetting queries (one implementation for the fascia.vetting/1 service and
// the CLI) and the module's contributions.
#include "contributions.h"
#include "json_shapes.h"
#include "records.h"

#include <fascia/module_support.h>

#include <algorithm>

namespace fascia::vetting {

namespace {

template <class Body>
auto guarded(Body&& body)
{
    return fascia::guarded("vetting", std::forward<Body>(body));
}

/// fascia.vetting/1. No exception leaves it: other plugins get error values.
class Service final : public VettingService {
public:
    Result<Status> status(Database& db, std::string_view therapist,
                          std::chrono::year_month_day on) const override
    {
        return therapist_status(db, therapist, on);
    }

    Result<Eligibility> eligible(Database& db, std::string_view therapist, std::string_view modality,
                                 std::chrono::year_month_day on) const override
    {
        return therapist_eligibility(db, therapist, modality, on);
    }

    Result<std::vector<ExpiringItem>> expiring(Database& db, int within_days,
                                               std::chrono::year_month_day from) const override
    {
        return expiring_for_all(db, within_days, from);
    }

    Result<std::vector<Eligibility>> eligibility_for(Database& db, std::string_view modality,
                                                     std::chrono::year_month_day on) const override
    {
        return eligibility_for_all(db, modality, on);
    }

    Result<boost::json::object> file(Database& db, std::string_view therapist, std::chrono::year_month_day on,
                                     bool with_concerns) const override
    {
        return therapist_file(db, therapist, on, with_concerns);
    }

    Result<std::vector<EligibilityRun>> eligible_over(Database& db, std::string_view therapist,
                                                      std::string_view modality, std::chrono::year_month_day from,
                                                      std::chrono::year_month_day to) const override
    {
        return eligibility_over(db, therapist, modality, from, to);
    }

    Result<std::vector<EligibilityRun>> eligibility_for_over(Database& db, std::string_view modality,
                                                             std::chrono::year_month_day from,
                                                             std::chrono::year_month_day to) const override
    {
        return eligibility_for_all_over(db, modality, from, to);
    }
};

Result<void> valid_date(Date on)
{
    if (!on.ok())
        return invalid("on: not a real calendar date", "on");
    return {};
}

Result<void> valid_range(Date from, Date to)
{
    if (auto ok = valid_date(from); !ok)
        return ok.error();
    if (!to.ok())
        return invalid("to: not a real calendar date", "to");
    const auto span = (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
    if (span < 0 || span > 366)
        return invalid("to: must be from 0 to 366 days after from", "to");
    return {};
}

bool same_reasons(const std::vector<Reason>& a, const std::vector<Reason>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Reason& x, const Reason& y) {
        return x.code == y.code && x.message == y.message && x.subject == y.subject;
    });
}

/// One therapist's answers day by day from one loaded record, merged into runs.
/// The day-by-day evaluation is the same function eligible() calls, so every
/// day's answer is exactly eligible()'s; only the reading is shared.
void append_runs(const Record& record, const Rules& rules, std::string_view modality, Date from, Date to,
                 std::vector<EligibilityRun>& out)
{
    const std::size_t first = out.size();
    for (Date d = from; std::chrono::sys_days{d} <= std::chrono::sys_days{to}; d = add_days(d, 1)) {
        auto e = eligibility(record, rules, modality, d);
        if (out.size() > first) {
            auto& last = out.back().eligibility;
            if (last.eligible == e.eligible && last.status == e.status && same_reasons(last.reasons, e.reasons)) {
                out.back().to = d;
                continue;
            }
        }
        out.push_back({d, d, std::move(e)});
    }
}

} // namespace

Result<std::vector<EligibilityRun>> eligibility_over(Database& db, std::string_view therapist,
                                                     std::string_view modality, Date from, Date to)
{
    return guarded([&]() -> Result<std::vector<EligibilityRun>> {
        if (auto ok = valid_range(from, to); !ok)
            return ok.error();
        require_modality(modality);
        const auto t = require_therapist(db, therapist);
        std::vector<EligibilityRun> out;
        append_runs(load_record(db, t), load_rules(db), modality, from, to, out);
        return out;
    });
}

Result<std::vector<EligibilityRun>> eligibility_for_all_over(Database& db, std::string_view modality, Date from,
                                                             Date to)
{
    return guarded([&]() -> Result<std::vector<EligibilityRun>> {
        if (auto ok = valid_range(from, to); !ok)
            return ok.error();
        require_modality(modality);
        const auto rules = load_rules(db);
        std::vector<EligibilityRun> out;
        for (const auto& t : list_therapists(db, false))
            append_runs(load_record(db, t), rules, modality, from, to, out);
        return out;
    });
}

Result<Status> therapist_status(Database& db, std::string_view therapist, Date on)
{
    return guarded([&]() -> Result<Status> {
        if (auto ok = valid_date(on); !ok)
            return ok.error();
        const auto t = require_therapist(db, therapist);
        return assess(load_record(db, t), load_rules(db), on);
    });
}

Result<Eligibility> therapist_eligibility(Database& db, std::string_view therapist, std::string_view modality,
                                          Date on)
{
    return guarded([&]() -> Result<Eligibility> {
        if (auto ok = valid_date(on); !ok)
            return ok.error();
        require_modality(modality);
        const auto t = require_therapist(db, therapist);
        return eligibility(load_record(db, t), load_rules(db), modality, on);
    });
}

Result<std::vector<Eligibility>> eligibility_for_all(Database& db, std::string_view modality, Date on)
{
    return guarded([&]() -> Result<std::vector<Eligibility>> {
        if (auto ok = valid_date(on); !ok)
            return ok.error();
        require_modality(modality);
        const auto rules = load_rules(db);
        std::vector<Eligibility> out;
        for (const auto& t : list_therapists(db, false))
            out.push_back(eligibility(load_record(db, t), rules, modality, on));
        return out;
    });
}

Result<std::vector<ExpiringItem>> expiring_for_all(Database& db, int within_days, Date from)
{
    return guarded([&]() -> Result<std::vector<ExpiringItem>> {
        if (auto ok = valid_date(from); !ok)
            return ok.error();
        if (within_days < 0 || within_days > 3650)
            return invalid("within: must be a number of days from 0 to 3650 (got " + std::to_string(within_days)
                               + ")",
                           "within");
        const auto rules = load_rules(db);
        std::vector<ExpiringItem> out;
        for (const auto& t : list_therapists(db, false)) {
            auto items = expiring_items(load_record(db, t), rules, from, within_days);
            out.insert(out.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const ExpiringItem& a, const ExpiringItem& b) { return a.expires_on < b.expires_on; });
        return out;
    });
}

Result<boost::json::object> therapist_file(Database& db, std::string_view therapist, Date on, bool with_concerns)
{
    return guarded([&]() -> Result<boost::json::object> {
        if (auto ok = valid_date(on); !ok)
            return ok.error();
        const auto t = require_therapist(db, therapist);
        const auto status = assess(load_record(db, t), load_rules(db), on);
        return file_json(db, t, status, with_concerns);
    });
}

std::shared_ptr<VettingService> make_service()
{
    return std::make_shared<Service>();
}

void contribute(PluginContext& context)
{
    context.add_migrations(vetting_plugin::migrations());
    add_commands(context);
    context.add_cli_command({
        .name = "vetting",
        .summary = "Therapist vetting: credentials, registration, insurance, CPD and eligibility by date",
        .run = run_cli,
    });
    // Held as the interface type, so a consumer's static_cast from void* is exact.
    std::shared_ptr<VettingService> service = make_service();
    context.add_service(std::string(service_id), std::move(service));
    context.add_demo_step({
        .name = "therapist vetting",
        .run = add_demo_vetting,
    });
}

} // namespace fascia::vetting
