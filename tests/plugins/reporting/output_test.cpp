// A report's CSV (RFC 4180), JSON and PDF, each read back the way its reader
// would: the CSV field by field, the JSON parsed, the PDF with pdftotext and
// pdfinfo (poppler-utils).
#include "process.h"
#include "reporting_test_support.h"

#include <fascia/pdf.h>

#include <gmock/gmock.h>

#include <filesystem>

namespace fascia::reporting::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class reporting_output : public ReportingModule {
protected:
    /// Two March sessions of priya's, paid by card and cash.
    Report march_revenue()
    {
        const auto who = new_client();
        insert(booking_of("a1", "priya", who, room_a, remedial, at("2026-03-03T10:00:00Z"), at("2026-03-03T11:00:00Z")));
        insert(booking_of("a2", "priya", who, room_a, remedial, at("2026-03-10T10:00:00Z"), at("2026-03-10T11:00:00Z")));
        insert(Paid{"p1", "a1", "payment", "card", 6000, at("2026-03-03T11:00:00Z")});
        insert(Paid{"p2", "a2", "payment", "cash", 4550, at("2026-03-10T11:00:00Z")});
        return report("revenue", "2026-03-01", "2026-03-31");
    }
};

TEST_F(reporting_output, CsvQuotesCommasQuotesAndLineBreaksAndEndsEachRecordWithCrlf)
{
    const Table t{"t", "T", {{"name", "Name", Kind::text}, {"share", "Share", Kind::rate}, {"n", "N", Kind::count}},
                  {{json::value("Smith, \"Jo\""), 0.25, std::int64_t{3}},
                   {json::value("two\nlines"), json::value(too_small), std::int64_t{0}},
                   {json::value("plain"), 1.0, std::int64_t{12}}}};
    EXPECT_EQ(to_csv(t), "name,share,n\r\n"
                         "\"Smith, \"\"Jo\"\"\",0.2500,3\r\n"
                         "\"two\nlines\",too small to say,0\r\n"
                         "plain,1.0000,12\r\n");
}

TEST_F(reporting_output, CsvOfAReportHasAHeaderAndOneRecordPerRow)
{
    const auto r = march_revenue();
    const auto csv = to_csv(r.tables.at(1)); // by therapist
    EXPECT_EQ(csv, "group,payments,received,refunded,net,vouchers_redeemed\r\n"
                   "priya,2,105.50,0.00,105.50,0.00\r\n");
}

TEST_F(reporting_output, JsonHasThePeriodAndEveryTableRowKeyedByColumn)
{
    const auto r = march_revenue();
    const auto v = json::parse(json::serialize(to_json(r)));
    EXPECT_EQ(v.at("report"), "revenue");
    EXPECT_EQ(v.at("clinic"), "Harbour Remedial");
    EXPECT_EQ(v.at("from"), "2026-03-01");
    EXPECT_EQ(v.at("to"), "2026-03-31");
    EXPECT_EQ(v.at("time_zone"), "Europe/London");
    EXPECT_EQ(v.at("currency"), "GBP");
    const auto& tables = v.at("tables").as_array();
    ASSERT_EQ(tables.size(), r.tables.size());
    const auto& by_method = tables.at(3).as_object();
    EXPECT_EQ(by_method.at("key"), "by_method");
    ASSERT_EQ(by_method.at("rows").as_array().size(), 2u);
    EXPECT_EQ(by_method.at("rows").at(0).at("group"), "card");
    EXPECT_EQ(by_method.at("rows").at(0).at("received"), "60.00");
    EXPECT_EQ(by_method.at("rows").at(1).at("received"), "45.50");
}

TEST_F(reporting_output, PdfHasTheClinicThePeriodAndTheTables)
{
    const auto r = march_revenue();
    const auto dir = fascia::test::make_temp_dir("reporting-pdf");
    const auto path = dir + "/revenue.pdf";
    ASSERT_TRUE(pdf::write({"Revenue — Harbour Remedial", to_html(r)}, path));
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", path, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const char* expected : {"Harbour Remedial", "Revenue", "2026-03-01 to 2026-03-31 (Europe/London)",
                                 "By therapist", "By payment method", "priya", "105.50", "45.50"})
        EXPECT_THAT(text.out, HasSubstr(expected));
    const auto info = fascia::test::run_process("/usr/bin/pdfinfo", {path});
    EXPECT_THAT(info.out, HasSubstr("Revenue — Harbour Remedial"));
    EXPECT_THAT(info.out, ContainsRegex("Pages: +1\n"));
    std::filesystem::remove_all(dir);
}

TEST_F(reporting_output, TextLinesUpFiguresAndShowsRatesAsPercentages)
{
    const auto who = new_client();
    insert(booking_of("a1", "priya", who, room_a, remedial, at("2026-03-03T10:00:00Z"), at("2026-03-03T11:00:00Z"), "no_show"));
    insert(booking_of("a2", "priya", who, room_a, remedial, at("2026-03-10T10:00:00Z"), at("2026-03-10T11:00:00Z")));
    const auto text = to_text(report("attendance", "2026-03-01", "2026-03-31"));
    EXPECT_THAT(text, HasSubstr("Attendance: Harbour Remedial, 2026-03-01 to 2026-03-31 (Europe/London)"));
    EXPECT_THAT(text, HasSubstr("50.0%")); // one no-show of two booked
}

} // namespace
} // namespace fascia::reporting::test
