#pragma once
/// The generated clinic the scheduling and reporting benchmarks measure on:
/// modules registered in-process as their plugins register them, 20 therapists
/// working 07:00–21:00 every day, 8 rooms, one 30-minute service, 2,000
/// clients, and a history of half-hour bookings filling the rooms 95%.
#include "screening_form.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

// Every generated clinic has scheduling, which needs intake and vetting first;
// their plugins' contribute functions, linked in-process.
namespace fascia::intake {
void contribute(PluginContext& context, const FormLibrary& forms);
}
namespace fascia::vetting {
void contribute(PluginContext& context);
}

namespace fascia::bench {

inline constexpr int therapists = 20;
inline constexpr int rooms = 8;
inline constexpr int clients = 2000;

/// Says what failed and ends the benchmark (exit 3): a benchmark on a half-made clinic measures nothing.
[[noreturn]] inline void fail(const std::string& what)
{
    std::cerr << what << '\n';
    std::exit(3);
}

/// One module as its plugin's initialize registers it: the plugin id and its contribute
/// (which calls fail() when the module refuses to start).
struct InProcessModule {
    const char* id;
    std::function<void(PluginContext&)> contribute;
};

/// Reads `--name N` pairs from the command line into the named whole numbers; a name
/// not given leaves its number as it was.
inline void read_options(int argc, char** argv, std::initializer_list<std::pair<const char*, int*>> options)
{
    for (int i = 1; i + 1 < argc; i += 2)
        for (const auto& [name, value] : options)
            if (!std::strcmp(argv[i], name))
                *value = std::atoi(argv[i + 1]);
}

/// Registers the core, intake and vetting, then each of `modules` in order (dependencies
/// first), merging each module's contributions as the plugin host does; fails on a clash.
inline void register_modules(Extensions& extensions, std::initializer_list<InProcessModule> modules)
{
    register_core(extensions);
    const InProcessModule first[] = {
        {"intake", [](PluginContext& c) { intake::contribute(c, *intake::FormLibrary::builtin()); }},
        {"vetting", [](PluginContext& c) { vetting::contribute(c); }}};
    std::vector<InProcessModule> all(std::begin(first), std::end(first));
    all.insert(all.end(), modules);
    for (const auto& m : all) {
        PluginContext context(m.id, extensions);
        m.contribute(context);
        if (auto merged = extensions.merge(std::move(context.staged())); !merged)
            fail(std::string(m.id) + ": " + merged.error().message);
    }
}

/// Makes the therapists t0…t19 (hours 07:00–21:00 every day from 2000), rooms
/// "Room 0"…"Room 7", the 30-minute remedial massage at 45.00 and clients "C N0"…
/// "C N1999" (born 1 January 1980, consented) through the bus in one batch, as
/// "owner"; `for_each_therapist(setup, username)` adds a benchmark's own commands
/// for each therapist (its vetting). Fails when the bus refuses the batch.
inline void add_staff_rooms_and_clients(
    CommandBus& bus, const std::function<void(std::vector<Command>&, const std::string&)>& for_each_therapist = {})
{
    std::vector<Command> setup;
    boost::json::object week;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        week[d] = boost::json::array{boost::json::array{"07:00", "21:00"}};
    for (int t = 0; t < therapists; ++t) {
        const auto who = "t" + std::to_string(t);
        setup.push_back({"staff.create", {{"username", who}, {"role", "therapist"}}, "owner"});
        if (for_each_therapist)
            for_each_therapist(setup, who);
        setup.push_back({"scheduling.hours_set", {{"therapist", who}, {"from", "2000-01-01"}, {"week", week}}, "owner"});
    }
    for (int r = 0; r < rooms; ++r)
        setup.push_back({"scheduling.room_add", {{"name", "Room " + std::to_string(r)}}, "owner"});
    setup.push_back({"services.upsert", {{"name", "30-minute remedial massage"}, {"modality", "remedial"},
                                         {"duration_minutes", 30}, {"price", "45.00"}}, "owner"});
    for (int c = 0; c < clients; ++c)
        setup.push_back({"clients.create", {{"first_name", "C"}, {"last_name", "N" + std::to_string(c)},
                                            {"date_of_birth", "1980-01-01"}, {"health_consent", true}}, "owner"});
    if (auto r = bus.execute_all(std::move(setup)); !r)
        fail("setup: " + r.error().message);
}

/// The generated clinic's ids, in the order the booking slots index them.
struct GeneratedIds {
    std::vector<std::string> therapists; ///< by username: t0, t1, t10, …
    std::vector<std::string> rooms;      ///< by name
    std::vector<std::string> clients;    ///< in the order they were made

    explicit GeneratedIds(Database& db)
        : therapists(column(db, "SELECT id FROM staff WHERE role = 'therapist' ORDER BY username")),
          rooms(column(db, "SELECT id FROM sched_rooms ORDER BY name")),
          clients(column(db, "SELECT id FROM clients ORDER BY rowid"))
    {
    }

    /// The first column of every row of `sql`.
    static std::vector<std::string> column(Database& db, const char* sql)
    {
        std::vector<std::string> out;
        auto q = db.query(sql);
        while (q.step())
            out.push_back(q.text(0));
        return out;
    }
};

/// One half-hour booking of the generated history.
struct BookingSlot {
    int day;                             ///< days from today (negative: the past)
    int half_hour;                       ///< 0 = 07:00 … 25 = 19:30
    std::size_t room, therapist, client; ///< indexes into GeneratedIds
    int roll; ///< (131 day + 17 half_hour + 7 room + 100000) mod 20, never 0: the same on every run (statuses come from it)
};

/// Calls `book` for every room's every half hour 07:00–20:00 of the days [first_day,
/// end_day) from today, but one in 20 slots left free. The 8 therapists in the 8 rooms
/// at one time are distinct, and so are the clients; a slot is the same on every run.
inline void for_each_booking_slot(int first_day, int end_day, const std::function<void(const BookingSlot&)>& book)
{
    for (int d = first_day; d < end_day; ++d)
        for (int k = 0; k < 26; ++k)
            for (int r = 0; r < rooms; ++r) {
                const int roll = (d * 131 + k * 17 + r * 7 + 100000) % 20;
                if (roll == 0)
                    continue; // 5% left free
                book({d, k, static_cast<std::size_t>(r),
                      static_cast<std::size_t>((r + 8 * (k % 2) + d) % therapists + therapists) % therapists,
                      static_cast<std::size_t>(((d + 10000) * 211 + k * 8 + r) % clients), roll});
            }
}

} // namespace fascia::bench
