// Demo vouchers: fourteen months of a small clinic's gift vouchers — birthday
// and Christmas presents, a raffle prize, a service voucher already used, one
// bought twice and refunded, one voided, one extended by the owner, and one
// that expired part-spent and was written off as breakage.
//
// History needs the past, so these commands run on their own bus whose clock
// is moved to each event's time, each stamped with that time; they go through
// the same handlers, audit log and outbox as any other command. Codes come from the demo seed (not the
// secure generator) so the demo clinic is the same each time.
#include "contributions.h"
#include "ledger.h"
#include "voucher_code.h"

#include <fascia/catalogue.h>
#include <fascia/hlc.h>

#include <boost/json.hpp>

#include <random>

namespace fascia::vouchers {

namespace json = boost::json;
using namespace std::chrono;

namespace {

struct Event {
    int days_ago;
    int voucher;        ///< index into the codes
    const char* type;   ///< command type
    json::object payload;
    const char* actor;
};

std::optional<std::string> service_named(Database& db, std::string_view name)
{
    for (const auto& s : list_services(db))
        if (s.name == name)
            return s.id;
    return std::nullopt;
}

json::object sale(const char* amount, const char* purchaser, const char* recipient, const char* message,
                  const char* paid_by)
{
    json::object p{{"purchaser", purchaser}, {"recipient", recipient}, {"message", message}, {"paid_by", paid_by}};
    if (amount)
        p["amount"] = amount;
    return p;
}

} // namespace

Result<void> add_demo_vouchers(Clinic& clinic, const DemoOptions& options)
{
    auto& db = clinic.db();
    const auto remedial = service_named(db, "60-minute remedial massage");
    const auto swedish = service_named(db, "60-minute Swedish massage");

    std::mt19937_64 rng(options.seed);
    std::vector<std::string> codes;
    for (int i = 0; i < 11; ++i)
        codes.push_back(code_from_bits(rng()));

    auto service_sale = [&](const std::optional<std::string>& service, const char* fallback, const char* purchaser,
                            const char* recipient, const char* message, const char* paid_by) {
        json::object p = sale(service ? nullptr : fallback, purchaser, recipient, message, paid_by);
        if (service)
            p["service_id"] = *service;
        return p;
    };
    const auto redeem = [](const char* amount, const char* reference) {
        json::object p{{"reference", reference}};
        if (amount)
            p["amount"] = amount;
        return p;
    };

    std::vector<Event> events{
        {430, 0, "vouchers.sell",
         sale("50.00", "Hannah Whitfield", "Mum", "Happy birthday, Mum! Treat yourself. Love, H x", "card"),
         "frontdesk"},
        {385, 5, "vouchers.sell",
         sale("150.00", "Oakfield Primary School PTA", "Summer fair raffle winner",
              "With thanks for supporting the summer fair", "bank_transfer"),
         "frontdesk"},
        {380, 0, "vouchers.redeem", redeem("20.00", "towards a 45-minute remedial massage"), "frontdesk"},
        {300, 10, "vouchers.sell", sale("80.00", "Gemma Lloyd", "Aunt Jo", "Get well soon", "card"), "frontdesk"},
        {280, 10, "vouchers.redeem", redeem("55.00", "60-minute myofascial release, part-paid"), "frontdesk"},
        {250, 6, "vouchers.sell", sale("60.00", "Sophie Grant", "Callum", "Happy anniversary x", "card"), "frontdesk"},
        {247, 6, "vouchers.refund", json::object{{"amount", "60.00"}, {"reason", "Bought twice by mistake; refunded to card"}},
         "owner"},
        {200, 1, "vouchers.sell",
         sale("100.00", "Marcus Bell", "Priya and Sam", "Congratulations on the new house!", "cash"), "frontdesk"},
        {170, 1, "vouchers.redeem", redeem("45.00", "45-minute remedial massage"), "frontdesk"},
        {150, 9, "vouchers.sell", sale("25.00", "Ben Carter", "Nat", "", "card"), "frontdesk"},
        {120, 9, "vouchers.redeem", redeem("25.00", "retail: heat pack and foam roller"), "frontdesk"},
        {95, 2, "vouchers.sell",
         service_sale(remedial, "75.00", "Jo Adeyemi", "Dad", "For your back. No excuses! Jo", "card"), "frontdesk"},
        {62, 4, "vouchers.sell", sale("75.00", "Tom Hargreaves", "Ruth Hargreaves", "Happy retirement!", "card"),
         "frontdesk"},
        {61, 4, "vouchers.void", json::object{{"reason", "Card payment reversed by the bank"}}, "owner"},
        {45, 1, "vouchers.redeem", redeem("30.00", "30-minute trigger point therapy, part-paid"), "frontdesk"},
        {40, 0, "vouchers.write_off_expired", json::object{}, "owner"},
        {33, 3, "vouchers.sell",
         service_sale(swedish, "65.00", "Ellie Park", "Grace", "Merry Christmas! Love, Ellie", "online"), "frontdesk"},
        {25, 5, "vouchers.extend",
         json::object{{"reason", "Winner was in hospital over the summer: extended as a courtesy"}}, "owner"},
        {21, 2, "vouchers.redeem", redeem(nullptr, "60-minute remedial massage with Priya"), "frontdesk"},
        {12, 7, "vouchers.sell", sale("40.00", "Aisha Khan", "Leila", "Eid Mubarak!", "cash"), "frontdesk"},
        {8, 5, "vouchers.redeem", redeem("75.00", "90-minute remedial massage, part-paid"), "frontdesk"},
        {5, 8, "vouchers.sell",
         sale("30.00", "Fascia Demo Clinic", "St Peter's Hospice auction", "Donated with our best wishes", "complimentary"),
         "owner"},
    };

    const auto now = clinic.clock().now();
    const auto today = clinic_date(db, now);
    FixedClock clock(now);
    CommandBus bus(db, clinic.extensions().commands, clock, clinic.node_id());
    // Each command carries a stamp of its own (past) time: a command's time is its stamp's.
    HybridClock stamps(clock, clinic.node_id());
    for (auto& e : events) {
        // Mid-morning on the day, in order within a day.
        const auto on = sys_days{today} - days{e.days_ago};
        clock.set(Instant{duration_cast<milliseconds>((on + hours{10}).time_since_epoch())});
        const auto code = codes[static_cast<std::size_t>(e.voucher)];
        if (std::string_view(e.type) == sell_command)
            e.payload["code"] = code;
        else if (std::string_view(e.type) == extend_command) {
            e.payload["code"] = code;
            e.payload["expires_on"] = format_date(year_month_day{sys_days{today} + days{90}});
        } else if (std::string_view(e.type) != write_off_command)
            e.payload["code"] = code;
        auto outcome = bus.execute({e.type, std::move(e.payload), e.actor, {}, stamps.stamp()});
        if (!outcome)
            return Error{outcome.error().kind,
                         std::string(e.type) + " " + format_date(year_month_day{on}) + ": " + outcome.error().message,
                         {}};
    }
    return {};
}

} // namespace fascia::vouchers
