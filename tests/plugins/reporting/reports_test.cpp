// Each report against totals computed here from the raw rows the test wrote.
// The generated weeks straddle the spring clock change (29 March 2026) and
// put sessions just either side of the clinic's midnight: 23:00 UTC is still
// the same day in winter but 00:00 the next day in summer.
#include "reporting_test_support.h"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <random>

namespace fascia::reporting::test {
namespace {

using namespace std::chrono;

class reporting_reports : public ReportingModule {
protected:
    /// 20 February to 10 April 2026: four sessions a day per therapist at 00:15,
    /// 09:00, 14:00 and 23:00 UTC, random outcomes, payments and refunds.
    void generate()
    {
        std::mt19937 random(20260329);
        std::vector<std::string> clients;
        for (int i = 0; i < 8; ++i)
            clients.push_back(new_client());
        const std::array<int, 4> slots{15, 9 * 60, 14 * 60, 23 * 60};
        int n = 0;
        for (sys_days d = sys_days{2026y / February / 20}; d <= sys_days{2026y / April / 10}; d += days{1})
            for (int t = 0; t < 2; ++t)
                for (std::size_t s = 0; s < slots.size(); ++s) {
                    Booking b;
                    b.id = "appt-" + std::to_string(++n);
                    b.therapist = t == 0 ? "priya" : "tom";
                    b.client = clients[t * 4 + s];
                    b.room = t == 0 ? room_a : room_b;
                    b.service = random() % 3 == 0 ? deep : remedial;
                    b.start = Instant{d + minutes{slots[s]}};
                    b.end = b.start + minutes{45};
                    const auto roll = random() % 20;
                    b.status = roll < 12 ? "completed" : roll < 14 ? "no_show" : roll < 17 ? "cancelled" : roll < 19 ? "booked" : "arrived";
                    b.late = b.status == "cancelled" && random() % 2 == 0;
                    insert(b);
                    bookings.push_back(b);
                    if (b.status == "completed") {
                        const char* methods[] = {"cash", "card", "transfer", "voucher"};
                        Paid p{"pay-" + b.id, b.id, "payment", methods[random() % 4],
                               static_cast<std::int64_t>(3000 + random() % 6000), b.start + minutes{50}};
                        insert(p);
                        payments.push_back(p);
                        if (random() % 8 == 0) {
                            // Refunded the next day: counted when the money went back, not when it came in.
                            Paid r{"refund-" + b.id, b.id, "refund", p.method, p.minor / 2, b.start + hours{25}};
                            insert(r, p.id);
                            payments.push_back(r);
                        }
                    }
                    if (b.status == "no_show") {
                        db().query("UPDATE sched_charges SET fee_kind = 'no_show', fee_minor = 3000 WHERE appointment_id = ?",
                                   b.id)
                            .run();
                        fees.push_back(b);
                        if (random() % 2 == 0) {
                            Paid p{"fee-" + b.id, b.id, "payment", "card", 1000, b.start + hours{2}};
                            insert(p);
                            payments.push_back(p);
                            fee_paid[b.id] = 1000;
                        }
                    }
                }
    }

    std::vector<Booking> bookings;
    std::vector<Paid> payments;
    std::vector<Booking> fees;
    std::map<std::string, std::int64_t> fee_paid;

    const Booking& booking(const std::string& id) const
    {
        return *std::find_if(bookings.begin(), bookings.end(), [&](const Booking& b) { return b.id == id; });
    }
};

struct Sums {
    std::int64_t payments = 0, received = 0, cash = 0, card = 0, transfer = 0, refunded = 0, vouchers = 0;
    void add(const Paid& p)
    {
        if (p.method == "voucher") {
            vouchers += p.direction == "payment" ? p.minor : -p.minor;
        } else if (p.direction == "refund") {
            refunded += p.minor;
        } else {
            ++payments;
            received += p.minor;
            (p.method == "cash" ? cash : p.method == "card" ? card : transfer) += p.minor;
        }
    }
};

TEST_F(reporting_reports, RevenueByDayMatchesThePaymentsReceivedOnEachLondonDayAcrossTheClockChange)
{
    generate();
    const auto r = report("revenue", "2026-03-01", "2026-03-31", "day");
    std::map<std::string, Sums> expected;
    for (const auto& p : payments) {
        const auto day = london_day(p.at);
        if (day >= "2026-03-01" && day <= "2026-03-31")
            expected[day].add(p);
    }
    const auto got = rows(r, "by_period");
    ASSERT_EQ(got.size(), 31u);
    for (const auto& [day, e] : expected) {
        ASSERT_TRUE(got.count(day)) << day;
        const auto& row = got.at(day);
        EXPECT_EQ(row.at("payments").as_int64(), e.payments) << day;
        EXPECT_EQ(row.at("received").as_string(), pounds(e.received)) << day;
        EXPECT_EQ(row.at("cash").as_string(), pounds(e.cash)) << day;
        EXPECT_EQ(row.at("card").as_string(), pounds(e.card)) << day;
        EXPECT_EQ(row.at("transfer").as_string(), pounds(e.transfer)) << day;
        EXPECT_EQ(row.at("refunded").as_string(), pounds(e.refunded)) << day;
        EXPECT_EQ(row.at("net").as_string(), pounds(e.received - e.refunded)) << day;
        EXPECT_EQ(row.at("vouchers_redeemed").as_string(), pounds(e.vouchers)) << day;
    }
    // 30 March (BST): the 23:00 UTC session of the 29th is the 30th's first; its
    // payment at 23:50 UTC on the 29th is money of the 30th in London.
    EXPECT_EQ(london_day(at("2026-03-29T23:50:00Z")), "2026-03-30");
}

TEST_F(reporting_reports, RevenueByMonthTherapistAndMethodAddUpToTheRawPayments)
{
    generate();
    const auto r = report("revenue", "2026-02-21", "2026-04-09", "month");
    std::map<std::string, Sums> by_month, by_therapist, by_method;
    for (const auto& p : payments) {
        const auto day = london_day(p.at);
        if (day < "2026-02-21" || day > "2026-04-09")
            continue;
        by_month[day.substr(0, 7)].add(p);
        by_therapist[booking(p.appointment).therapist].add(p);
        by_method[p.method].add(p);
    }
    const auto months = rows(r, "by_period");
    ASSERT_EQ(months.size(), 3u); // 2026-02 (from the 21st), 2026-03, 2026-04 (to the 9th)
    for (const auto& [month, e] : by_month) {
        EXPECT_EQ(months.at(month).at("received").as_string(), pounds(e.received)) << month;
        EXPECT_EQ(months.at(month).at("refunded").as_string(), pounds(e.refunded)) << month;
    }
    const auto therapists = rows(r, "by_therapist");
    for (const auto& [who, e] : by_therapist) {
        EXPECT_EQ(therapists.at(who).at("received").as_string(), pounds(e.received)) << who;
        EXPECT_EQ(therapists.at(who).at("vouchers_redeemed").as_string(), pounds(e.vouchers)) << who;
    }
    const auto methods = rows(r, "by_method");
    EXPECT_EQ(methods.at("voucher").at("received").as_string(), "0.00") << "a redemption is not money received";
    EXPECT_EQ(methods.at("voucher").at("vouchers_redeemed").as_string(), pounds(by_method["voucher"].vouchers));
    EXPECT_EQ(methods.at("cash").at("received").as_string(), pounds(by_method["cash"].received));

    // Fees: the no-shows starting in the period, and what of each is unpaid.
    std::int64_t count = 0, charged = 0, owed = 0;
    for (const auto& b : fees) {
        const auto day = london_day(b.start);
        if (day < "2026-02-21" || day > "2026-04-09")
            continue;
        ++count;
        charged += 3000;
        owed += 3000 - (fee_paid.count(b.id) ? fee_paid[b.id] : 0);
    }
    const auto fee = rows(r, "fees").at("no-show fee"); // in words: a report is read by people
    EXPECT_EQ(fee.at("appointments").as_int64(), count);
    EXPECT_EQ(fee.at("charged").as_string(), pounds(charged));
    EXPECT_EQ(fee.at("owed").as_string(), pounds(owed));
}

TEST_F(reporting_reports, AttendanceCountsEachAppointmentOnItsLondonDayAndRatesItAgainstAllBooked)
{
    generate();
    const auto r = report("attendance", "2026-03-23", "2026-04-05", "week");
    struct Counts {
        std::int64_t booked = 0, attended = 0, cancelled = 0, late = 0, no_shows = 0;
    };
    std::map<std::string, Counts> by_week, by_therapist;
    for (const auto& b : bookings) {
        const auto day = london_day(b.start);
        if (day < "2026-03-23" || day > "2026-04-05")
            continue;
        for (auto* c : {&by_week[day < "2026-03-30" ? "2026-03-23" : "2026-03-30"], &by_therapist[b.therapist]}) {
            ++c->booked;
            c->attended += b.status == "completed" || b.status == "arrived";
            c->cancelled += b.status == "cancelled";
            c->late += b.status == "cancelled" && b.late;
            c->no_shows += b.status == "no_show";
        }
    }
    // Eight sessions a day, but Sunday 29 March (clocks forward at 01:00 UTC) gives
    // its two 23:00 UTC sessions to Monday the 30th: 6 × 8 + 6.
    EXPECT_EQ(by_week["2026-03-23"].booked, 54);
    for (const auto& [key, table] : {std::pair{std::string("by_period"), &by_week}, {"by_therapist", &by_therapist}}) {
        const auto got = rows(r, key);
        ASSERT_EQ(got.size(), table->size()) << key;
        for (const auto& [group, e] : *table) {
            const auto& row = got.at(group);
            EXPECT_EQ(row.at("booked").as_int64(), e.booked) << group;
            EXPECT_EQ(row.at("attended").as_int64(), e.attended) << group;
            EXPECT_EQ(row.at("cancelled").as_int64(), e.cancelled) << group;
            EXPECT_EQ(row.at("late_cancelled").as_int64(), e.late) << group;
            EXPECT_EQ(row.at("no_shows").as_int64(), e.no_shows) << group;
            EXPECT_NEAR(row.at("no_show_rate").as_double(), double(e.no_shows) / e.booked, 0.00005) << group;
            EXPECT_NEAR(row.at("cancellation_rate").as_double(), double(e.cancelled) / e.booked, 0.00005) << group;
        }
    }
}

TEST_F(reporting_reports, OneTherapistsReportCountsOnlyTheirAppointments)
{
    generate();
    const auto r = report("attendance", "2026-03-01", "2026-03-31", "month", "tom");
    std::int64_t booked = 0;
    for (const auto& b : bookings)
        booked += b.therapist == "tom" && london_day(b.start).substr(0, 7) == "2026-03";
    const auto got = rows(r, "by_therapist");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got.at("tom").at("booked").as_int64(), booked);
    EXPECT_EQ(rows(r, "by_period").at("2026-03").at("booked").as_int64(), booked);
}

TEST_F(reporting_reports, UtilisationIsBookedOverWorkingHoursLessBreaksLeaveAndClosures)
{
    generate();
    usual_hours("priya");
    usual_hours("tom");
    // Friday 13 March shut; priya on leave all of Tuesday 17 March (GMT: midnight to midnight UTC).
    db().exec("INSERT INTO sched_closures(id, from_date, to_date, reason) VALUES ('c1', '2026-03-13', '2026-03-13', 'flood')");
    db().query("INSERT INTO sched_leave(id, therapist_id, starts_at, ends_at, starts_ms, ends_ms) VALUES ('l1', ?, ?, ?, ?, ?)",
               staff_id("priya"), "2026-03-17T00:00:00.000Z", "2026-03-18T00:00:00.000Z",
               at("2026-03-17T00:00:00Z").time_since_epoch().count(), at("2026-03-18T00:00:00Z").time_since_epoch().count())
        .run();
    const auto r = report("utilisation", "2026-03-01", "2026-03-31");
    int working_days = 0;
    for (sys_days d = sys_days{2026y / March / 1}; d <= sys_days{2026y / March / 31}; d += days{1})
        if (weekday{d}.iso_encoding() <= 5 && d != sys_days{2026y / March / 13})
            ++working_days;
    std::map<std::string, double> available{{"priya", 7.5 * (working_days - 1)}, {"tom", 7.5 * working_days}};
    std::map<std::string, double> booked;
    for (const auto& b : bookings)
        if (london_day(b.start).substr(0, 7) == "2026-03"
            && (b.status == "completed" || b.status == "arrived" || b.status == "no_show"))
            booked[b.therapist] += 0.75;
    const auto got = rows(r, "by_therapist");
    for (const char* who : {"priya", "tom"}) {
        EXPECT_DOUBLE_EQ(got.at(who).at("available_hours").as_double(), available[who]) << who;
        EXPECT_NEAR(got.at(who).at("booked_hours").as_double(), booked[who], 0.005) << who;
        EXPECT_NEAR(got.at(who).at("utilisation").as_double(), booked[who] / available[who], 0.00005) << who;
    }
    // Rooms are available while anyone works: tom's hours cover priya's leave day.
    EXPECT_DOUBLE_EQ(rows(r, "by_room").at("Room A").at("available_hours").as_double(), available["tom"]);
}

TEST_F(reporting_reports, UtilisationCountsAWorkingDayOfTheClockChangeWeekAsItsLocalHours)
{
    usual_hours("priya");
    // Monday 30 March, the first working day in BST: 09:00–17:00 local is 08:00–16:00 UTC.
    insert(booking_of("a1", "priya", new_client(), room_a, remedial, at("2026-03-30T08:00:00Z"), at("2026-03-30T09:30:00Z")));
    const auto r = report("utilisation", "2026-03-30", "2026-03-30", "day");
    const auto row = rows(r, "by_therapist").at("priya");
    EXPECT_DOUBLE_EQ(row.at("available_hours").as_double(), 7.5);
    EXPECT_DOUBLE_EQ(row.at("booked_hours").as_double(), 1.5);
    EXPECT_DOUBLE_EQ(row.at("utilisation").as_double(), 0.2);
}

TEST_F(reporting_reports, VouchersReportsTheSalesOfTheLondonMonthAndWhatIsStillOwed)
{
    const auto* vs = extensions.services.get<vouchers::VoucherService>(vouchers::service_id);
    struct Sale {
        const char* at;
        const char* amount;
        std::int64_t minor;
    };
    // The last is 00:30 on 1 April in London: April's sale, not March's.
    const std::vector<Sale> sales{{"2026-03-05T10:00:00Z", "50.00", 5000},
                                  {"2026-03-20T16:00:00Z", "40.00", 4000},
                                  {"2026-03-31T23:30:00Z", "25.00", 2500}};
    std::int64_t march = 0, march_count = 0;
    for (const auto& s : sales) {
        clock.set(at(s.at));
        ok("vouchers.sell", {{"code", vs->new_code()}, {"amount", s.amount}, {"purchaser", "Ann"}}, "desk");
        if (london_day(at(s.at)).substr(0, 7) == "2026-03") {
            march += s.minor;
            ++march_count;
        }
    }
    const auto r = report("vouchers", "2026-03-01", "2026-03-31");
    const auto sold = rows(r, "by_period");
    EXPECT_EQ(sold.at("2026-03").at("sold_count").as_int64(), march_count);
    EXPECT_EQ(sold.at("2026-03").at("sold").as_string(), pounds(march));
    const auto owed = rows(r, "liability");
    EXPECT_EQ(owed.at("total").at("outstanding").as_string(), pounds(march));
    EXPECT_EQ(owed.at("total").at("vouchers").as_int64(), march_count);
}

TEST_F(reporting_reports, CoursesStartAndEndWhereTheirFirstAndLastSessionsFall)
{
    const auto c1 = new_client(), c2 = new_client(), c3 = new_client();
    const auto course = [&](const std::string& id, const std::string& who, const char* condition,
                            const char* status = "booked") {
        db().query("INSERT INTO sched_courses(id, client_id, service_id, condition_type, sessions_per_week, weeks,"
                   " status, created_by, created_at) VALUES (?, ?, ?, ?, 1, 3, ?, 'owner', '2026-01-01T00:00:00.000Z')",
                   id, who, remedial, condition, status)
            .run();
    };
    course("A", c1, "sciatica");
    course("B", c2, "sciatica");
    course("C", c3, "low back pain");
    int n = 0;
    const auto session = [&](const std::string& c, const std::string& who, const char* start, const char* status,
                             bool reassessment = false) {
        auto b = booking_of("s" + std::to_string(++n), "priya", who, room_a, remedial, at(start), at(start) + hours{1}, status);
        b.course = c;
        b.reassessment = reassessment;
        insert(b);
    };
    // A: all three in March, all completed. B: began in February, ended in March with a no-show.
    // C: began in March, goes on into April.
    session("A", c1, "2026-03-02T10:00:00Z", "completed");
    session("A", c1, "2026-03-09T10:00:00Z", "completed");
    session("A", c1, "2026-03-16T10:00:00Z", "completed", true);
    session("B", c2, "2026-02-23T11:00:00Z", "completed");
    session("B", c2, "2026-03-02T11:00:00Z", "no_show");
    session("C", c3, "2026-03-31T23:30:00Z", "completed"); // 1 April in London: not March's
    session("C", c3, "2026-03-10T12:00:00Z", "completed");
    session("C", c3, "2026-04-14T12:00:00Z", "booked", true);
    const auto r = report("courses", "2026-03-01", "2026-03-31");
    const auto by = rows(r, "by_condition");
    EXPECT_EQ(by.at("sciatica").at("started").as_int64(), 1);   // A
    EXPECT_EQ(by.at("sciatica").at("completed").as_int64(), 1); // A
    EXPECT_EQ(by.at("sciatica").at("dropped").as_int64(), 1);   // B
    EXPECT_DOUBLE_EQ(by.at("sciatica").at("mean_sessions").as_double(), (3 + 1) / 2.0);
    EXPECT_EQ(by.at("low back pain").at("started").as_int64(), 1); // C
    EXPECT_EQ(by.at("low back pain").at("completed").as_int64(), 0);
    const auto summary = r.tables.back().rows.at(0);
    EXPECT_EQ(summary.at(0).as_int64(), 1); // reassessments due in March: A's third
    EXPECT_EQ(summary.at(1).as_int64(), 1);
    EXPECT_EQ(summary.at(3).as_int64(), 2); // clients with a completed March session: c1, c3
    EXPECT_EQ(summary.at(4).as_int64(), 1); // c3 has a later booking
}

TEST_F(reporting_reports, OutcomesShareWithAMeaningfulImprovementHasItsWilsonIntervalAndSmallGroupsSaySo)
{
    // Ten clients, two signed notes each (NPRS 6, then 3 or 5): seven improve by
    // the notes module's rule (a fall of ≥ 2 points). Eight are priya's, two tom's.
    std::vector<double> changes;
    for (int i = 0; i < 10; ++i) {
        const auto who = new_client();
        const std::string therapist = i < 8 ? "priya" : "tom";
        const bool improves = i < 7;
        for (int k = 0; k < 2; ++k) {
            const std::string id = "o" + std::to_string(i) + "-" + std::to_string(k);
            const auto start = at("2026-03-02T10:00:00Z") + days{7 * k} + hours{i};
            insert(booking_of(id, therapist, who, therapist == "priya" ? room_a : room_b, remedial, start, start + hours{1}));
            json::object measures{{"nprs_now", {{"value", k == 0 ? 6 : improves ? 3 : 5}, {"version", "nprs/11-point"}}}};
            if (i < 6)
                measures["medication"] = k == 0 ? "same" : i < 4 ? "less" : "same";
            db().query("INSERT INTO notes(id, appointment_id, client_id, therapist_id, content, measures, status,"
                       " written_by, written_at, signed_by, signed_at) VALUES (?, ?, ?, ?, '{}', ?, 'signed', ?, ?, ?, ?)",
                       "note-" + id, id, who, staff_id(therapist), json::serialize(measures), therapist,
                       format_instant(start), therapist, format_instant(start))
                .run();
        }
        changes.push_back(improves ? 3 : 1);
    }
    const auto r = report("outcomes", "2026-03-01", "2026-03-31");
    const auto all = rows(r, "all").at("all");
    EXPECT_EQ(all.at("clients").as_int64(), 10);
    EXPECT_EQ(all.at("improved").as_int64(), 7);
    EXPECT_DOUBLE_EQ(all.at("improved_share").as_double(), 0.7);
    EXPECT_DOUBLE_EQ(all.at("improved_low").as_double(), 0.3968);
    EXPECT_DOUBLE_EQ(all.at("improved_high").as_double(), 0.8922);
    // The mean change and its t interval, computed here from the ten changes.
    double sum = 0, squares = 0;
    for (double c : changes)
        sum += c;
    const double m = sum / 10;
    for (double c : changes)
        squares += (c - m) * (c - m);
    const double half = boost::math::quantile(boost::math::complement(boost::math::students_t(9), 0.025))
                        * std::sqrt(squares / 9) / std::sqrt(10.0);
    EXPECT_DOUBLE_EQ(all.at("mean_change").as_double(), 2.4);
    EXPECT_NEAR(all.at("mean_change_low").as_double(), m - half, 0.005);
    EXPECT_NEAR(all.at("mean_change_high").as_double(), m + half, 0.005);
    EXPECT_EQ(all.at("medication_clients").as_int64(), 6);
    EXPECT_NEAR(all.at("medication_reduced_share").as_double(), 4.0 / 6, 0.00005);

    const auto by_therapist = rows(r, "by_therapist");
    EXPECT_EQ(by_therapist.at("priya").at("clients").as_int64(), 8);
    EXPECT_TRUE(by_therapist.at("priya").at("improved_share").is_double());
    EXPECT_EQ(by_therapist.at("tom").at("clients").as_int64(), 2);
    for (const char* cell : {"improved", "improved_share", "improved_low", "improved_high", "mean_change"})
        EXPECT_EQ(by_therapist.at("tom").at(cell).as_string(), too_small) << cell;
}

TEST_F(reporting_reports, OutcomesCountASessionBookedOutsideACourseUnderTheClientsCourse)
{
    // Six clients with a chronic course whose noted sessions were booked on their own (no
    // course_id, as an assessment before the course is), and one who never had a course.
    const auto noted = [&](const std::string& who, const std::string& id, Instant start,
                           std::optional<std::string> course) {
        auto b = booking_of(id, "priya", who, room_a, remedial, start, start + hours{1});
        b.course = std::move(course);
        insert(b);
        for (int k = 0; k < 2; ++k) {
            json::object measures{{"nprs_now", {{"value", k == 0 ? 7 : 4}, {"version", "nprs/11-point"}}}};
            db().query("INSERT INTO notes(id, appointment_id, client_id, therapist_id, content, measures, status,"
                       " written_by, written_at, signed_by, signed_at) VALUES (?, ?, ?, ?, '{}', ?, 'signed', 'priya', ?,"
                       " 'priya', ?)",
                       "note-" + id + std::to_string(k), k == 0 ? id : id + "-later", who, staff_id("priya"),
                       json::serialize(measures), format_instant(start), format_instant(start))
                .run();
            if (k == 0) {
                auto later = b;
                later.id = id + "-later";
                later.start = start + days{7};
                later.end = later.start + hours{1};
                insert(later);
            }
        }
    };
    for (int i = 0; i < 6; ++i) {
        const auto who = new_client();
        const auto course = "course-" + std::to_string(i);
        db().query("INSERT INTO sched_courses(id, client_id, service_id, condition_type, sessions_per_week, weeks,"
                   " status, created_by, created_at) VALUES (?, ?, ?, 'chronic', 2, 8, 'booked', 'owner',"
                   " '2026-03-20T00:00:00.000Z')",
                   course, who, remedial)
            .run();
        noted(who, "c" + std::to_string(i), at("2026-03-02T09:00:00Z") + hours{i}, std::nullopt);
    }
    noted(new_client(), "loner", at("2026-03-03T09:00:00Z"), std::nullopt);

    const auto by_condition = rows(report("outcomes", "2026-03-01", "2026-03-31"), "by_condition");
    ASSERT_EQ(by_condition.count("chronic"), 1u);
    EXPECT_EQ(by_condition.at("chronic").at("clients").as_int64(), 6);
    ASSERT_EQ(by_condition.count("no course"), 1u);
    EXPECT_EQ(by_condition.at("no course").at("clients").as_int64(), 1);
}

TEST_F(reporting_reports, BadRequestsNameWhatWasWrong)
{
    const auto* service = extensions.services.get<ReportingService>(service_id);
    const auto d = *parse_date("2026-03-01");
    const auto field = [&](Request q) {
        auto r = service->run(db(), q);
        EXPECT_FALSE(r);
        return r ? std::string() : r.error().field;
    };
    EXPECT_EQ(field({"takings", d, d, std::nullopt, "month"}), "report");
    EXPECT_EQ(field({"revenue", d, *parse_date("2026-02-01"), std::nullopt, "month"}), "to");
    EXPECT_EQ(field({"revenue", d, d, std::nullopt, "year"}), "by");
    EXPECT_EQ(field({"revenue", d, d, std::string("nobody"), "month"}), "therapist");
    EXPECT_EQ(field({"vouchers", d, d, std::string("tom"), "month"}), "therapist");
}

} // namespace
} // namespace fascia::reporting::test
