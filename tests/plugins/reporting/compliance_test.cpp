// The compliance report: what the vetting module says runs out in the period,
// each therapist's standing on its last day, and the screenings taken in it by
// disposition, counted here from intake's own rows.
#include "process.h"
#include "reporting_test_support.h"

#include <fascia/pdf.h>

#include <filesystem>
#include <sstream>

namespace fascia::reporting::test {
namespace {

using reporting_compliance = ReportingModule;

TEST_F(reporting_compliance, InsuranceRunningOutInTheMonthAndScreeningsByDispositionAreReported)
{
    clock.set(at("2026-11-23T08:00:00Z"));
    vet("tom"); // insurance good until 2027-05-31, registration until 2027-12-31; priya never vetted
    clock.set(at("2027-06-01T08:00:00Z"));
    screened_client({}, true, "2027-05-10");
    screened_client({"saddle_numbness"}, true, "2027-05-11");
    screened_client({"osteoporosis"}, true, "2027-05-31");
    screened_client({"saddle_numbness"}, true, "2027-04-30"); // April's, not May's

    const auto r = report("compliance", "2027-05-01", "2027-05-31");
    bool insurance = false;
    for (const auto& row : r.tables.at(0).rows) {
        EXPECT_NE(row.at(1).as_string(), "registration") << "tom's registration runs to December";
        if (row.at(0).as_string() == "tom" && row.at(1).as_string() == "insurance") {
            insurance = true;
            EXPECT_EQ(row.at(3).as_string(), "2027-05-31");
        }
    }
    EXPECT_TRUE(insurance);
    const auto standing = rows(r, "standing");
    EXPECT_EQ(standing.at("priya").at("status").as_string(), "pending");
    EXPECT_NE(standing.at("priya").at("reasons").as_string(), "");
    // People read words, not the vetting module's codes ("references_missing").
    EXPECT_EQ(std::string(standing.at("priya").at("reasons").as_string()).find('_'), std::string::npos)
        << standing.at("priya").at("reasons");
    EXPECT_EQ(standing.at("tom").at("reasons").as_string() == "", standing.at("tom").at("status").as_string() == "approved");

    std::map<std::string, std::int64_t> expected;
    std::int64_t referrals = 0;
    auto q = db().query("SELECT disposition, source, assessed_on FROM intake_screenings");
    while (q.step())
        if (q.text(2) >= "2027-05-01" && q.text(2) <= "2027-05-31" && q.text(1) == "intake") {
            ++expected[q.text(0)];
            referrals += q.text(0) != "proceed";
        }
    EXPECT_GE(referrals, 1) << "saddle numbness is an urgent referral";
    const auto screenings = rows(r, "screenings");
    ASSERT_EQ(screenings.size(), expected.size());
    // Each disposition in words: "urgent referral", "cleared to treat", "medical clearance needed".
    const std::map<std::string, std::string> words{{"urgent_referral", "urgent referral"},
                                                   {"proceed", "cleared to treat"},
                                                   {"clearance_required", "medical clearance needed"}};
    for (const auto& [disposition, n] : expected)
        EXPECT_EQ(screenings.at(words.at(disposition)).at("screenings").as_int64(), n) << disposition;
    EXPECT_EQ(r.tables.back().rows.at(0).at(0).as_int64(), referrals);

    // In the PDF the referrals' header sits on one line with the figure right under it
    // (a long header once wrapped onto lines of its own, away from its figure).
    const auto dir = fascia::test::make_temp_dir("reporting-compliance-pdf");
    ASSERT_TRUE(pdf::write({"Compliance", to_html(r)}, dir + "/compliance.pdf"));
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", dir + "/compliance.pdf", "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    std::vector<std::string> lines;
    std::istringstream in(text.out);
    for (std::string line; std::getline(in, line);) {
        line.erase(0, line.find_first_not_of(' '));
        line.erase(line.find_last_not_of(' ') + 1);
        lines.push_back(line);
    }
    const auto header = std::find(lines.begin(), lines.end(), "Referrals");
    ASSERT_NE(header, lines.end()) << text.out;
    ASSERT_NE(header + 1, lines.end());
    EXPECT_EQ(*(header + 1), std::to_string(referrals)) << text.out;
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace fascia::reporting::test
