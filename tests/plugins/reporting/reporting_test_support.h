#pragma once
// The reporting tests' clinic: intake, vetting, vouchers, scheduling, notes and
// reporting registered exactly as their plugins register them, in memory, in
// London (GMT in winter, BST from 29 March 2026). Appointments, payments and
// notes are written as raw rows, so each test knows exactly what is there and
// computes the totals it expects from its own rows, never through a report.
#include "contributions.h"
#include "notes_module.h"
#include "scheduling_test_support.h"

#include <fascia/vouchers/voucher_service.h>

namespace fascia::vouchers {
void contribute(PluginContext& context);
}

namespace fascia::reporting::test {

namespace json = boost::json;
using scheduling::test::at;

/// An appointment as the test wrote it.
struct Booking {
    std::string id, therapist, client, room, service;
    Instant start, end;
    std::string status = "completed";
    bool late = false;
    std::optional<std::string> course;
    bool reassessment = false;
};

/// A booking of `client` with `therapist`, completed unless said otherwise.
inline Booking booking_of(std::string id, std::string therapist, std::string client, std::string room,
                          std::string service, Instant start, Instant end, std::string status = "completed")
{
    Booking b;
    b.id = std::move(id);
    b.therapist = std::move(therapist);
    b.client = std::move(client);
    b.room = std::move(room);
    b.service = std::move(service);
    b.start = start;
    b.end = end;
    b.status = std::move(status);
    return b;
}

/// A payment or refund as the test wrote it.
struct Paid {
    std::string id, appointment;
    std::string direction = "payment", method = "card";
    std::int64_t minor = 0;
    Instant at;
};

class ReportingModule : public scheduling::test::SchedulingModule {
protected:
    /// Early: the command bus's clock never runs backwards, and tests sell vouchers in March.
    const char* start_time() const override { return "2026-01-05T08:00:00Z"; }
    void contribute_before_scheduling() override
    {
        add_module("vouchers", [](PluginContext& c) { vouchers::contribute(c); });
    }
    void contribute_after_scheduling() override
    {
        add_module("notes", [](PluginContext& c) { notes::contribute(c); });
        add_module("reporting", [](PluginContext& c) { reporting::contribute(c); });
    }

    void SetUp() override
    {
        load_modules();
        if (HasFatalFailure())
            return;

        ok("staff.create", {{"username", "owner"}, {"role", "owner"}}, "");
        ok("settings.update", {{"time_zone", "Europe/London"}, {"name", "Harbour Remedial"}, {"currency", "GBP"}});
        ok("staff.create", {{"username", "desk"}, {"role", "front_desk"}});
        ok("staff.create", {{"username", "ada"}, {"role", "admin"}});
        for (const char* t : {"priya", "tom"})
            ok("staff.create", {{"username", t}, {"role", "therapist"}});
        remedial = service("60-minute remedial massage", "remedial", 60);
        deep = service("60-minute deep tissue massage", "deep_tissue", 60);
        room_a = id_of(ok("scheduling.room_add", {{"name", "Room A"}}));
        room_b = id_of(ok("scheduling.room_add", {{"name", "Room B"}}));
    }

    std::string staff_id(const std::string& username)
    {
        auto q = db().query("SELECT id FROM staff WHERE username = ?", username);
        EXPECT_TRUE(q.step()) << username;
        return q.text(0);
    }

    void insert(const Booking& b)
    {
        const auto ms = [](Instant t) { return std::int64_t{t.time_since_epoch().count()}; };
        db().query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at, ends_at,"
                   " starts_ms, ends_ms, status, late_cancel, cancelled_by, course_id, reassessment, created_by, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'owner', ?)",
                   b.id, b.client, staff_id(b.therapist), b.room, b.service, format_instant(b.start),
                   format_instant(b.end), ms(b.start), ms(b.end), b.status, b.late ? 1 : 0,
                   b.status == "cancelled" ? std::optional<std::string>("client") : std::nullopt, b.course,
                   b.reassessment ? 1 : 0, format_instant(b.start))
            .run();
    }

    void insert(const Paid& p, const std::optional<std::string>& refund_of = std::nullopt)
    {
        db().query("INSERT INTO sched_payments(id, appointment_id, direction, method, amount_minor, currency, voucher_code,"
                   " refund_of, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, 'GBP', ?, ?, 'desk', ?)",
                   p.id, p.appointment, p.direction, p.method, p.minor,
                   p.method == "voucher" ? std::optional<std::string>("FAS-TEST") : std::nullopt, refund_of,
                   format_instant(p.at))
            .run();
    }

    /// Weekdays 09:00–17:00 with a 12:30–13:00 break, from 1 January 2026.
    void usual_hours(const std::string& therapist)
    {
        json::object week, breaks;
        for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) {
            week[d] = scheduling::test::hours("09:00", "17:00");
            breaks[d] = scheduling::test::hours("12:30", "13:00");
        }
        db().query("INSERT INTO sched_working_hours(therapist_id, effective_from, week, breaks, set_by, set_at)"
                   " VALUES (?, '2026-01-01', ?, ?, 'owner', '2026-01-01T00:00:00.000Z')",
                   staff_id(therapist), json::serialize(week), json::serialize(breaks))
            .run();
    }

    Report report(const std::string& name, const char* from, const char* to, std::string by = "month",
                  std::optional<std::string> therapist = std::nullopt)
    {
        const auto* service = extensions.services.get<ReportingService>(service_id);
        EXPECT_NE(service, nullptr);
        auto r = service->run(db(), {name, *parse_date(from), *parse_date(to), std::move(therapist), std::move(by)});
        EXPECT_TRUE(r) << r.error().message;
        return r ? *r : Report{};
    }

    /// A table's rows by their first cell, each as {column key: cell}.
    static std::map<std::string, json::object> rows(const Report& r, const std::string& table)
    {
        std::map<std::string, json::object> out;
        for (const auto& t : r.tables)
            if (t.key == table)
                for (const auto& row : t.rows) {
                    json::object o;
                    for (std::size_t i = 0; i < row.size(); ++i)
                        o[t.columns[i].key] = row[i];
                    out[row.empty() || !row[0].is_string() ? std::string() : std::string(row[0].as_string())] = o;
                }
        return out;
    }

    static std::string pounds(std::int64_t minor) { return Money{minor, "GBP"}.amount_text(); }

    /// The clinic's (London) calendar date of an instant, by the core's date/tz helper.
    static std::string london_day(Instant t) { return format_date(local_date(t, "Europe/London")); }

    std::string deep, room_b;
};

} // namespace fascia::reporting::test
