#pragma once
// Shared by the scheduling tests: intake, vetting and scheduling registered
// exactly as their plugins register them, on a clinic in memory with a clock
// the test moves; vetted therapists, rooms, hours and screened clients.
#include "scheduling_module.h"
#include "screening_form.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace fascia::intake {
void contribute(PluginContext& context, const FormLibrary& forms);
}
namespace fascia::vetting {
void contribute(PluginContext& context);
}

namespace fascia::scheduling::test {

namespace json = boost::json;
// The matcher the scheduling tests read their output and documents with.
using ::testing::HasSubstr;

inline Instant at(const char* text)
{
    return *parse_instant(text);
}

/// [["09:00", "17:00"]]: one day's spans (a braced pair would read as a JSON key and value).
inline json::array hours(const char* from, const char* to)
{
    return json::array{json::array{json::value(from), json::value(to)}};
}

class SchedulingModule : public ::testing::Test {
protected:
    /// Now: Monday 23 November 2026, 08:00 in London (UTC in winter).
    virtual const char* start_time() const { return "2026-11-23T08:00:00Z"; }
    /// Screenings are taken, and hours and vetting take effect, in this year.
    virtual const char* assessed_on() const { return "2026-11-20"; }

    void SetUp() override
    {
        load_modules();
        if (HasFatalFailure())
            return;
        ok("staff.create", {{"username", "owner"}, {"role", "owner"}}, "");
        ok("settings.update", {{"time_zone", "Europe/London"},
                               {"opening_hours", {{"mon", {"09:00", "19:00"}}, {"tue", {"09:00", "19:00"}},
                                                  {"wed", {"09:00", "19:00"}}, {"thu", {"09:00", "19:00"}},
                                                  {"fri", {"09:00", "19:00"}}, {"sat", {"09:00", "13:00"}},
                                                  {"sun", nullptr}}}});
        ok("staff.create", {{"username", "desk"}, {"role", "front_desk"}});
        for (const char* t : {"priya", "tom", "nina", "sam"})
            ok("staff.create", {{"username", t}, {"role", "therapist"}});
        // sam is on the staff but never vetted.
        for (const char* t : {"priya", "tom", "nina"})
            vet(t);
        credential("nina", "prenatal_certificate");
        credential("nina", "dry_needling_certificate");
        credential("tom", "dry_needling_certificate");
        remedial = service("60-minute remedial massage", "remedial", 60);
        needling = service("30-minute dry needling", "dry_needling", 30);
        deep = service("60-minute deep tissue massage", "deep_tissue", 60);
        trigger = service("45-minute trigger point therapy", "trigger_point", 45);
        room_a = id_of(ok("scheduling.room_add", {{"name", "Room A"}, {"features", {"accessible"}}}));
        room_n = id_of(ok("scheduling.room_add", {{"name", "Needling room"}, {"features", {"needling"}}}));
        const std::string year(assessed_on(), 4);
        for (const char* t : {"priya", "tom", "nina"})
            ok("scheduling.hours_set",
               {{"therapist", t},
                {"from", year + "-01-01"},
                {"week", {{"mon", hours("09:00", "17:00")}, {"tue", hours("09:00", "17:00")}, {"wed", hours("09:00", "17:00")},
                          {"thu", hours("09:00", "17:00")}, {"fri", hours("09:00", "17:00")}}},
                {"breaks", {{"mon", hours("12:30", "13:00")}, {"tue", hours("12:30", "13:00")}, {"wed", hours("12:30", "13:00")},
                            {"thu", hours("12:30", "13:00")}, {"fri", hours("12:30", "13:00")}}}});
        client = screened_client();
    }

    /// Modules a test registers after intake and vetting, before scheduling (checkout's: vouchers).
    virtual void contribute_before_scheduling() {}
    /// Modules a test registers after scheduling (the notes module).
    virtual void contribute_after_scheduling() {}

    /// Registers a module as its plugin does: `contribution` into a PluginContext for plugin
    /// `id`, then merged into extensions (a fatal failure on a clash).
    void add_module(const std::string& id, const std::function<void(PluginContext&)>& contribution)
    {
        PluginContext context(id, extensions);
        contribution(context);
        auto merged = extensions.merge(std::move(context.staged()));
        ASSERT_TRUE(merged) << merged.error().message;
    }

    /// The clock at start_time(); the core, intake, vetting, contribute_before_scheduling(),
    /// scheduling and contribute_after_scheduling() registered; the clinic opened in memory.
    /// Fatal failures on the way: check HasFatalFailure() after.
    void load_modules()
    {
        clock.set(at(start_time()));
        register_core(extensions);
        add_module("intake", [](PluginContext& c) { intake::contribute(c, *intake::FormLibrary::builtin()); });
        add_module("vetting", [](PluginContext& c) { vetting::contribute(c); });
        contribute_before_scheduling();
        if (HasFatalFailure())
            return;
        std::string error;
        add_module("scheduling", [&](PluginContext& c) { ASSERT_TRUE(contribute(c, error)) << error; });
        contribute_after_scheduling();
        if (HasFatalFailure())
            return;
        auto opened = Clinic::open_in_memory(extensions, clock);
        ASSERT_TRUE(opened) << opened.error().message;
        clinic = std::move(*opened);
    }

    Database& db() { return clinic->db(); }

    Result<CommandOutcome> run(const std::string& type, json::object payload, const std::string& actor = "desk",
                               std::string key = {})
    {
        return clinic->bus().execute({type, std::move(payload), actor, std::move(key)});
    }

    json::value ok(const std::string& type, json::object payload, const std::string& actor = "owner")
    {
        auto r = run(type, std::move(payload), actor);
        EXPECT_TRUE(r) << type << ": " << r.error().message;
        return r ? r->result : json::value();
    }

    static std::string id_of(const json::value& v)
    {
        return v.is_object() && v.as_object().contains("id") ? std::string(v.at("id").as_string()) : std::string();
    }

    void credential(const std::string& who, const std::string& kind)
    {
        ok("vetting.add_credential",
           {{"therapist", who}, {"kind", kind}, {"number", kind + "-" + who}, {"issuer", "College"}, {"issued", "2019-07-01"}});
    }

    /// Everything an approved therapist needs, good from 2024 to 2027.
    void vet(const std::string& who)
    {
        credential(who, "remedial_massage_therapist");
        ok("vetting.add_registration", {{"therapist", who}, {"body", "GCMT"}, {"number", "G-" + who},
                                        {"issued", "2024-01-01"}, {"expires", "2027-12-31"}});
        ok("vetting.add_insurance", {{"therapist", who}, {"insurer", "Balens"}, {"policy", "B-" + who},
                                     {"cover", "5000000"}, {"issued", "2024-06-01"}, {"expires", "2027-05-31"}});
        for (const char* on : {"2024-12-01", "2025-11-01", "2026-06-01"})
            if (std::string(on) < std::string(start_time()).substr(0, 10))
                ok("vetting.add_cpd", {{"therapist", who}, {"hours", 30}, {"on", on}, {"topic", "Neuropathic pain"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "identity"}, {"on", "2024-01-05"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "documents"}, {"on", "2024-01-05"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "reference"}, {"on", "2024-01-06"}, {"note", "One"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "reference"}, {"on", "2024-01-07"}, {"note", "Two"}});
    }

    std::string service(const std::string& name, const std::string& modality, int minutes)
    {
        return id_of(ok("services.upsert",
                        {{"name", name}, {"modality", modality}, {"duration_minutes", minutes}, {"price", "60.00"}}));
    }

    std::string new_client(bool consent = true)
    {
        static int n = 0;
        return id_of(ok("clients.create", {{"first_name", "Client"},
                                           {"last_name", "N" + std::to_string(++n)},
                                           {"date_of_birth", "1975-03-04"},
                                           {"health_consent", consent}}));
    }

    /// A client screened on assessed_on(): chronic by default (onset long before);
    /// `yes` answers turn on flags.
    std::string screened_client(std::vector<std::string> yes = {}, bool chronic = true,
                                std::optional<std::string> assessed = std::nullopt)
    {
        const auto c = new_client();
        screen(c, std::move(yes), chronic, std::move(assessed));
        return c;
    }

    /// Records a screening for client `c` (a later one replaces the current one); as screened_client().
    void screen(const std::string& c, std::vector<std::string> yes = {}, bool chronic = true,
                std::optional<std::string> assessed = std::nullopt)
    {
        json::object input = intake::FormLibrary::builtin()->find("sciatica-intake/1")->all_clear_input();
        auto& answers = input["answers"].as_object();
        answers["diagnosed_by_clinician"] = true;
        answers["pain_score"] = 6;
        for (const auto& y : yes)
            answers[y] = true;
        if (std::find(yes.begin(), yes.end(), "pregnant") != yes.end())
            answers["pregnancy_weeks"] = 20;
        const auto on = assessed.value_or(assessed_on());
        input["assessed_on"] = on;
        const auto d = *parse_date(on);
        input["symptom_onset"] = format_date(std::chrono::year_month_day{std::chrono::sys_days{d} - std::chrono::days{chronic ? 120 : 10}});
        ok("intake.record", {{"client_id", c}, {"screening", input}}, "desk");
    }

    Result<CommandOutcome> book(const std::string& who, const std::string& start, std::string client_id = {},
                                std::string service_id = {}, std::optional<std::string> room = std::nullopt)
    {
        json::object p{{"client_id", client_id.empty() ? client : client_id},
                       {"service", service_id.empty() ? remedial : service_id},
                       {"therapist", who},
                       {"start", start}};
        if (room)
            p["room"] = *room;
        return run("scheduling.book", std::move(p));
    }

    std::int64_t count(const std::string& sql)
    {
        auto q = db().query(sql);
        q.step();
        return q.integer(0);
    }

    std::int64_t live_appointments()
    {
        return count("SELECT count(*) FROM sched_appointments WHERE status <> 'cancelled'");
    }

    FixedClock clock{at("2026-11-23T08:00:00Z")};
    Extensions extensions;
    std::unique_ptr<Clinic> clinic;
    std::string remedial, needling, deep, trigger, room_a, room_n, client;
};

/// The refusal's reason code (empty when it succeeded), for EXPECT_EQ.
inline std::string reason_of(const Result<CommandOutcome>& r)
{
    return r ? std::string() : r.error().reason;
}

} // namespace fascia::scheduling::test
