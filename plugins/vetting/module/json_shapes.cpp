#include "json_shapes.h"

#include <fascia/catalogue.h>
#include <fascia/clock.h>

#include <boost/json.hpp>

namespace fascia::vetting {

namespace json = boost::json;

json::object to_json(const Reason& r)
{
    json::object o{{"code", r.code}, {"message", r.message}};
    if (!r.subject.empty())
        o["subject"] = r.subject;
    return o;
}

json::array to_json(const std::vector<Reason>& reasons)
{
    json::array a;
    for (const auto& r : reasons)
        a.push_back(to_json(r));
    return a;
}

json::array strings(const std::vector<std::string>& list)
{
    json::array a;
    for (const auto& s : list)
        a.push_back(json::string(s));
    return a;
}

/// Hours as a JSON number: 7.5, 30.
json::value hours_json(std::int64_t hundredths)
{
    if (hundredths % 100 == 0)
        return json::value(hundredths / 100);
    return json::value(static_cast<double>(hundredths) / 100.0);
}

json::object to_json(const Status& s)
{
    return {{"therapist_id", s.therapist_id},
            {"therapist", s.username},
            {"display_name", s.display_name},
            {"on", s.on},
            {"status", s.status},
            {"reasons", to_json(s.reasons)},
            {"privileges", strings(s.privileges)},
            {"warnings", to_json(s.warnings)},
            {"checklist", json::object{{"identity", s.checklist.identity},
                                       {"references", s.checklist.references},
                                       {"references_required", s.checklist.references_required},
                                       {"documents", s.checklist.documents}}},
            {"cpd", json::object{{"hours", hours_json(s.cpd.hundredths)},
                                 {"required_hours", hours_json(s.cpd.required_hundredths)},
                                 {"window_from", s.cpd.window_from},
                                 {"window_to", s.cpd.window_to}}}};
}

json::object to_json(const Eligibility& e)
{
    return {{"therapist_id", e.therapist_id}, {"therapist", e.username}, {"display_name", e.display_name},
            {"modality", e.modality},         {"on", e.on},              {"status", e.status},
            {"eligible", e.eligible},         {"reasons", to_json(e.reasons)}};
}

json::object to_json(const ExpiringItem& i)
{
    json::object o{{"therapist_id", i.therapist_id}, {"therapist", i.username},
                   {"display_name", i.display_name}, {"item", i.item},
                   {"description", i.description},   {"expires_on", i.expires_on},
                   {"days_left", i.days_left}};
    o["record_id"] = i.record_id.empty() ? json::value(nullptr) : json::value(i.record_id);
    o["threshold"] = i.threshold ? json::value(*i.threshold) : json::value(nullptr);
    o["crossed_on"] = i.crossed_on ? json::value(*i.crossed_on) : json::value(nullptr);
    return o;
}

json::object rules_json(const Rules& rules)
{
    json::array kinds;
    for (const auto& k : rules.kinds)
        kinds.push_back(json::object{{"kind", k.kind}, {"label", k.label}, {"qualifying", k.qualifying}});
    json::object privileges;
    for (const auto& m : known_modalities())
        privileges[m] = strings(rules.requirements(m));
    json::array warnings;
    for (int d : rules.warning_days)
        warnings.push_back(d);
    return {{"credential_kinds", std::move(kinds)},
            {"privileges", std::move(privileges)},
            {"cpd_hours_required", hours_json(rules.cpd_required_hundredths)},
            {"cpd_window_months", rules.cpd_window_months},
            {"references_required", rules.references_required},
            {"warning_days", std::move(warnings)}};
}

json::object file_json(Database& db, const Therapist& t, const Status& status, bool with_concerns)
{
    const auto r = load_record(db, t);
    json::array credentials, registrations, insurance, cpd, checks, standing;
    for (const auto& c : r.credentials)
        credentials.push_back(json::object{
            {"id", c.id}, {"kind", c.kind}, {"number", c.number}, {"issuer", c.issuer},
            {"issued", format_date(c.issued)},
            {"expires", c.expires ? json::value(format_date(*c.expires)) : json::value(nullptr)},
            {"document", c.document}});
    for (const auto& g : r.registrations)
        registrations.push_back(json::object{{"id", g.id}, {"body", g.body}, {"number", g.number},
                                             {"issued", format_date(g.from)}, {"expires", format_date(g.expires)},
                                             {"document", g.document}});
    for (const auto& i : r.insurance)
        insurance.push_back(json::object{{"id", i.id}, {"insurer", i.insurer}, {"policy", i.policy},
                                         {"cover", i.cover.amount_text()}, {"currency", i.cover.currency},
                                         {"issued", format_date(i.from)}, {"expires", format_date(i.expires)},
                                         {"document", i.document}});
    for (const auto& e : r.cpd)
        cpd.push_back(json::object{{"id", e.id}, {"hours", hours_json(e.hundredths)}, {"on", format_date(e.on)},
                                   {"topic", e.topic}, {"provider", e.provider}});
    for (const auto& c : r.checks)
        checks.push_back(json::object{{"id", c.id}, {"item", c.item}, {"on", format_date(c.on)},
                                      {"checked_by", c.checked_by}, {"note", c.note}});
    for (const auto& s : r.standing)
        standing.push_back(json::object{{"id", s.id}, {"action", s.suspended ? "suspend" : "reinstate"},
                                        {"from", format_date(s.from)}, {"reason", s.reason}, {"by", s.by}});
    json::object o{{"therapist_id", t.id},
                   {"therapist", t.username},
                   {"display_name", t.display_name},
                   {"active", t.active},
                   {"status", to_json(status)},
                   {"credentials", std::move(credentials)},
                   {"registrations", std::move(registrations)},
                   {"insurance", std::move(insurance)},
                   {"cpd", std::move(cpd)},
                   {"checks", std::move(checks)},
                   {"standing", std::move(standing)}};
    if (with_concerns) {
        json::array concerns;
        for (const auto& c : load_concerns(db, t.id)) {
            json::object j{{"id", c.id}, {"concern", c.concern}, {"raised_on", c.raised_on},
                           {"recorded_by", c.recorded_by}};
            j["resolved_at"] = c.resolved_at ? json::value(*c.resolved_at) : json::value(nullptr);
            j["resolved_by"] = c.resolved_by ? json::value(*c.resolved_by) : json::value(nullptr);
            j["resolution"] = c.resolution ? json::value(*c.resolution) : json::value(nullptr);
            concerns.push_back(std::move(j));
        }
        o["concerns"] = std::move(concerns);
    }
    return o;
}

} // namespace fascia::vetting
