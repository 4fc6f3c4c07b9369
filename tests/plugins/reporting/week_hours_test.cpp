// The utilisation report's busiest hours of the week against figures worked
// out here from the hours and appointments the test wrote: two weeks either
// side of the spring clock change (29 March 2026), so a 10:30 session in
// summer (09:30 UTC) must land in the 10:00 column, with a closed Friday, a
// break and a session on a day no one works.
#include "reporting_test_support.h"

namespace fascia::reporting::test {
namespace {

using namespace std::chrono;

class reporting_week_hours : public ReportingModule {
protected:
    void SetUp() override
    {
        ReportingModule::SetUp();
        if (HasFatalFailure())
            return;
        const auto open = [](const char* from, const char* to) { return json::array{from, to}; };
        ok("settings.update", {{"opening_hours", {{"mon", open("08:00", "18:00")},
                                                  {"tue", open("08:00", "18:00")},
                                                  {"wed", open("08:00", "18:00")},
                                                  {"thu", open("08:00", "18:00")},
                                                  {"fri", open("08:00", "18:00")},
                                                  {"sat", open("09:00", "13:00")},
                                                  {"sun", nullptr}}}});
        usual_hours("priya"); // weekdays 09:00–17:00, break 12:30–13:00
        db().exec("INSERT INTO sched_closures(id, from_date, to_date, reason) VALUES ('c1', '2026-03-27', '2026-03-27', 'flood')");
        client = new_client();
    }

    void book(const char* id, const char* therapist, const char* start_utc, int minutes_long,
              const char* status = "completed")
    {
        const auto start = at(start_utc);
        insert(booking_of(id, therapist, client, room_a, remedial, start, start + minutes{minutes_long}, status));
    }

    /// The report's cell for a weekday row ("Mon") and hour column ("h10").
    static json::value cell(const Report& r, const std::string& day, const std::string& hour)
    {
        return rows(r, "by_hour_of_week").at(day).at(hour);
    }

    std::string client;
};

TEST_F(reporting_week_hours, EachCellIsBookedOverAvailableTimeInThatClockHourOfThatWeekday)
{
    book("mon-winter", "priya", "2026-03-23T10:00:00Z", 60);                 // Mon 10:00–11:00 GMT
    book("mon-summer", "priya", "2026-03-30T09:30:00Z", 60, "no_show");      // Mon 10:30–11:30 BST: held the time
    book("mon-cancelled", "priya", "2026-03-30T13:00:00Z", 60, "cancelled"); // not booked time
    book("wed-break", "priya", "2026-03-25T12:00:00Z", 60);                  // Wed 12:00–13:00 GMT, over the break
    book("fri-open", "priya", "2026-04-03T08:00:00Z", 45);                   // Fri 09:00–09:45 BST
    book("sat-tom", "tom", "2026-03-28T09:00:00Z", 60);                      // Sat 09:00 GMT: no one's working hours
    const auto r = report("utilisation", "2026-03-23", "2026-04-05");

    // Minutes available in one weekday's clock hour over the two weeks, and booked in it.
    const double hour_on_two_days = 2 * 60.0;
    EXPECT_DOUBLE_EQ(cell(r, "Mon", "h10").as_double(), (60 + 30) / hour_on_two_days);
    EXPECT_DOUBLE_EQ(cell(r, "Mon", "h11").as_double(), 30 / hour_on_two_days);
    EXPECT_DOUBLE_EQ(cell(r, "Mon", "h13").as_double(), 0.0);
    EXPECT_DOUBLE_EQ(cell(r, "Tue", "h10").as_double(), 0.0);
    // 12:00–12:30 is worked, 12:30–13:00 is the break: 30 minutes a Wednesday.
    EXPECT_DOUBLE_EQ(cell(r, "Wed", "h12").as_double(), 60 / (2 * 30.0));
    // Friday 27 March was closed: only 3 April's hour is available.
    EXPECT_DOUBLE_EQ(cell(r, "Fri", "h09").as_double(), 45 / 60.0);
    // Before work starts, on Saturday and on Sunday no one is available: no share at all.
    EXPECT_TRUE(cell(r, "Mon", "h08").is_null());
    EXPECT_TRUE(cell(r, "Sat", "h09").is_null());
    EXPECT_TRUE(cell(r, "Sun", "h12").is_null());

    // The columns are the opening hours, 08:00 to the 17:00 hour; the rows Monday to Sunday.
    const auto table = std::find_if(r.tables.begin(), r.tables.end(),
                                    [](const Table& t) { return t.key == "by_hour_of_week"; });
    ASSERT_NE(table, r.tables.end());
    ASSERT_EQ(table->columns.size(), 11u);
    EXPECT_EQ(table->columns[1].label, "08:00");
    EXPECT_EQ(table->columns[10].key, "h17");
    ASSERT_EQ(table->rows.size(), 7u);
    EXPECT_EQ(table->rows.front()[0].as_string(), "Mon");
    EXPECT_EQ(table->rows.back()[0].as_string(), "Sun");

    // CSV and JSON carry the same table: rates with four decimals, an empty field where no one worked.
    const auto csv = to_csv(*table);
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "day,h08,h09,h10,h11,h12,h13,h14,h15,h16,h17");
    EXPECT_NE(csv.find("\r\nMon,,0.0000,0.7500,0.2500,0.0000,0.0000,0.0000,0.0000,0.0000,\r\n"), std::string::npos)
        << csv;
    bool in_json = false;
    const auto json_report = to_json(r);
    for (const auto& t : json_report.at("tables").as_array())
        if (t.at("key") == "by_hour_of_week") {
            in_json = true;
            EXPECT_DOUBLE_EQ(t.at("rows").as_array()[2].at("h12").as_double(), 1.0);
        }
    EXPECT_TRUE(in_json);
}

TEST_F(reporting_week_hours, OneTherapistsHeatMapCountsOnlyTheirTime)
{
    book("mon", "priya", "2026-03-23T10:00:00Z", 60);
    book("sat-tom", "tom", "2026-03-28T09:00:00Z", 60);
    const auto r = report("utilisation", "2026-03-23", "2026-03-29", "week", "tom");
    // Tom has no working hours: every cell is empty, his Saturday session included.
    for (const auto& [day, row] : rows(r, "by_hour_of_week"))
        for (const auto& [key, value] : row) {
            if (key != "day") {
                EXPECT_TRUE(value.is_null()) << day << " " << std::string(key);
            }
        }
}

} // namespace
} // namespace fascia::reporting::test
