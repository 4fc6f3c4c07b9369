// What `fascia schedule` and `fascia voucher` say to a person, through the real binary on
// the demo clinic (Europe/London): a checkout split with --also names the whole amount
// taken; a voucher's ledger does not say "appointment" twice; an empty --feature is
// named as the option; a --start whose offset is not the clinic's warns but books.
#include "module_cli_test.h"
#include "scheduler.h"

#include <fascia/money.h>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::Not;

class schedule_wording : public fascia::test::ModuleCliTest {
protected:
    schedule_wording() : ModuleCliTest("wording", Start::demo) { now = "2026-11-23T08:00:00Z"; }

    /// A client of the demo with a course (screened and bookable).
    std::string course_client()
    {
        const auto r = fascia({"schedule", "waitlist", "list", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("waiting").as_array().at(0).at("client_id").as_string());
    }

    /// Books the client's first free 60-minute remedial massage with priya from `from`; its id.
    std::string book(const std::string& client, const std::string& from = "2026-11-24T08:00+00:00")
    {
        auto r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--therapist", "priya",
                         "--from", from, "--client", client, "--count", "1", "--json"});
        if (r.exit_code != 0 || !parsed(r).is_object()) {
            ADD_FAILURE() << "find: " << r.err;
            return {};
        }
        const std::string slot(parsed(r).at("slots").as_array().at(0).at("start").as_string());
        r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                    "priya", "--start", slot, "--json"});
        if (r.exit_code != 0) {
            ADD_FAILURE() << "book: " << r.err;
            return {};
        }
        return std::string(parsed(r).at("id").as_string());
    }

    /// The price of the service the bookings above are for ("72.00").
    std::string remedial_price()
    {
        const auto r = fascia({"services", "list", "--json"});
        const auto services = parsed(r); // kept: a range-for does not keep parsed()'s temporary alive
        for (const auto& s : services.at("services").as_array())
            if (s.at("name") == "60-minute remedial massage")
                return std::string(s.at("price").as_string());
        ADD_FAILURE() << "no 60-minute remedial massage in the demo";
        return {};
    }
};

TEST(with_article, SaysAnBeforeAVowel)
{
    EXPECT_EQ(with_article("acute"), "an acute");
    EXPECT_EQ(with_article("chronic"), "a chronic");
    EXPECT_EQ(with_article("subacute"), "a subacute");
}

TEST_F(schedule_wording, CheckoutWithAlsoSaysTheWholeAmountTakenAndHowItWasSplit)
{
    const auto client = course_client();
    const auto first = book(client), second = book(client, "2026-11-26T08:00+00:00");
    ASSERT_FALSE(first.empty());
    ASSERT_FALSE(second.empty());
    const auto price = Money::parse(remedial_price(), "GBP");
    ASSERT_TRUE(price);
    const Money both{2 * price->minor, "GBP"};
    const auto r = fascia({"schedule", "checkout", first, "--pay", "card:" + both.amount_text(), "--also", second});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Paid " + both.amount_text() + " GBP now (" + price->amount_text()
                                 + " to this appointment, " + price->amount_text() + " to " + second + ")"))
        << r.out;
}

TEST_F(schedule_wording, AVoucherLedgerLineSaysAppointmentOnce)
{
    const auto client = course_client();
    const auto id = book(client);
    auto r = fascia({"voucher", "sell", "--amount", "100.00", "--purchaser", "Ann Lee", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string code(parsed(r).at("code").as_string());
    r = fascia({"schedule", "checkout", id, "--pay", "voucher:" + code});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = fascia({"voucher", "show", code});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("appointment " + id)) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("appointment " + id + "  appointment"))) << r.out;
}

TEST_F(schedule_wording, AnEmptyFeatureIsNamedAsTheOptionTyped)
{
    const auto before = bytes();
    const auto r = fascia({"schedule", "rooms", "add", "Room 3", "--feature", "", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(error_of(r).at("option"), "--feature") << r.err;
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()), ::testing::StartsWith("--feature: ")) << r.err;
    EXPECT_TRUE(bytes() == before) << "the database changed";
}

TEST_F(schedule_wording, AStartWithAnOffsetNotTheClinicsWarnsAndBooks)
{
    const auto client = course_client();
    // 11:00+01:00 is 10:00 GMT: London is on +00:00 in November.
    std::vector<std::string> args{"schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                                  "--therapist", "priya", "--start", "2026-11-24T11:00+01:00"};
    auto r = fascia(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("11:00+01:00 is 10:00 in the clinic's time (Europe/London, +00:00 on 24 Nov 2026)"));
    EXPECT_THAT(r.out, HasSubstr("2026-11-24T10:00")) << r.out;

    // --json: the warning is in the answer, stderr stays empty.
    args.back() = "2026-11-25T10:00+01:00";
    args.push_back("--json");
    r = fascia(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const auto answer = parsed(r);
    ASSERT_TRUE(answer.as_object().contains("warnings")) << r.out;
    EXPECT_EQ(answer.at("warnings").as_array().at(0),
              "10:00+01:00 is 09:00 in the clinic's time (Europe/London, +00:00 on 25 Nov 2026)");

    // The clinic's own offset: no warning.
    args.pop_back();
    args.back() = "2026-11-26T10:00+00:00";
    r = fascia(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

} // namespace
} // namespace fascia::scheduling::test
