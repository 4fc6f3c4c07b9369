// Issue 12 in the vouchers module: the Australian term, codes pasted with
// typographic dashes and spaces, and vouchers following a merged client.
#include "vouchers_test_support.h"

#include <fascia/clients.h>

#include <gmock/gmock.h>

namespace fascia::vouchers::test {
namespace {

using ::testing::HasSubstr;

using vouchers_jurisdiction = VouchersModule;

TEST_F(vouchers_jurisdiction, AnAustralianClinicsVouchersLastThreeYearsByDefault)
{
    run("settings.update", {{"country", "AU"}, {"time_zone", "Australia/Sydney"}});
    EXPECT_EQ(clinic->setting(std::string(term_setting)), 36);
    EXPECT_EQ(service()->default_term_months(db()), 36);
    EXPECT_EQ(run("vouchers.sell", {{"amount", "50"}, {"purchaser", "Ann"}}, "desk").at("expires_on"), "2029-11-22");
}

TEST_F(vouchers_jurisdiction, AShorterTermIsRefusedInAustraliaWithTheReason)
{
    run("settings.update", {{"country", "AU"}});
    const auto shorter = attempt("settings.update", {{"modules", {{std::string(term_setting), 12}}}}, "owner");
    ASSERT_FALSE(shorter);
    EXPECT_EQ(shorter.error().kind, ErrorKind::refused);
    EXPECT_THAT(shorter.error().message, HasSubstr("at least three years"));
    const auto short_sale =
        attempt("vouchers.sell", {{"amount", "50"}, {"purchaser", "Ann"}, {"expires_on", "2027-11-22"}});
    ASSERT_FALSE(short_sale);
    EXPECT_EQ(short_sale.error().kind, ErrorKind::refused);
    EXPECT_THAT(short_sale.error().message, HasSubstr("Australian"));
    run("settings.update", {{"modules", {{std::string(term_setting), 48}}}});
    EXPECT_EQ(clinic->setting(std::string(term_setting)), 48) << "longer is allowed";
}

TEST_F(vouchers_jurisdiction, ATwelveMonthTermSetBeforeMovingToAustraliaStillGivesThreeYears)
{
    run("settings.update", {{"modules", {{std::string(term_setting), 12}}}});
    run("settings.update", {{"country", "AU"}});
    EXPECT_EQ(run("vouchers.sell", {{"amount", "50"}, {"purchaser", "Ann"}}, "desk").at("expires_on"), "2029-11-22");
}

TEST_F(vouchers_jurisdiction, ACodePastedWithTypographicDashesAndSpacesIsRead)
{
    const auto code = sell("40.00");
    const auto with = [&](const std::string& dash, const std::string& space = "") {
        std::string typed;
        for (char c : code)
            typed += c == '-' ? space + dash + space : std::string(1, c);
        return typed;
    };
    for (const auto& typed : {with("\u2013"), with("\u2014"), with("\u2212"), with("\u2011"),
                              with("-", "\u00A0"), with("\u2013", "\u202F"), with("", "\u3000")}) {
        const auto read = check_code(typed);
        EXPECT_EQ(read.state, CodeState::valid) << typed << ": " << read.message;
        EXPECT_EQ(read.code, code) << typed;
    }
    // Full-width letters and digits, as a Japanese or Chinese keyboard types them.
    std::string wide;
    for (char c : code)
        wide += c == '-' ? std::string("\uFF0D")
                         : std::string{'\xEF', '\xBC', static_cast<char>(0x80 + (c - 0x20))}; // U+FF01 + (c - '!')
    EXPECT_EQ(check_code(wide).code, code) << wide;
    EXPECT_TRUE(redeem(with("\u2013"), "10.00"));
    EXPECT_EQ(voucher(code).balance.minor, 3000);
}

TEST_F(vouchers_jurisdiction, VouchersBoughtByAMergedRecordMoveToTheKeptOne)
{
    const auto add = [&](const char* dob) {
        return std::string(run("clients.create", {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", dob}})
                               .at("id")
                               .as_string());
    };
    const auto keep = add("1980-04-05");
    const auto other = add("1980-05-04");
    sell("50.00", {{"purchaser", "Ann Lee"}, {"purchaser_client_id", other}});
    sell("20.00", {{"purchaser", "Ann Lee"}, {"purchaser_client_id", other}});
    const auto merged = run("clients.merge", {{"keep", keep}, {"other", other}});
    EXPECT_EQ(merged.at("moved").at("vouchers.bought").as_int64(), 2);
    auto q = db().query("SELECT count(*) FROM vouchers WHERE purchaser_client_id = ?", keep);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 2);
    // A sale naming the merged record is recorded against the kept one.
    sell("10.00", {{"purchaser", "Ann Lee"}, {"purchaser_client_id", other}});
    auto after = db().query("SELECT count(*) FROM vouchers WHERE purchaser_client_id = ?", keep);
    ASSERT_TRUE(after.step());
    EXPECT_EQ(after.integer(0), 3);
}

} // namespace
} // namespace fascia::vouchers::test
