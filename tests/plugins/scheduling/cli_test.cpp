// The `fascia schedule` contract through the real binary with the plugins
// loaded, on the demo clinic: --json answers, refusals with reason codes,
// bad input as exit 2 with the database byte-identical; and eight processes
// racing for one slot, where exactly one wins.
#include "module_cli_test.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::Not;

class schedule_cli : public fascia::test::ModuleCliTest {
protected:
    schedule_cli() : ModuleCliTest("schedule", Start::demo) { now = "2026-11-23T08:00:00Z"; }

    /// A client of the demo with a course (screened and bookable).
    std::string course_client()
    {
        const auto r = fascia({"schedule", "waitlist", "list", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("waiting").as_array().at(0).at("client_id").as_string());
    }

    /// The first free slot with priya for the client (from `find`).
    std::string free_slot(const std::string& client)
    {
        const auto r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--therapist", "priya",
                               "--from", "2026-11-24T08:00+00:00", "--client", client, "--count", "1", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("slots").as_array().at(0).at("start").as_string());
    }

};

TEST_F(schedule_cli, FindBookAndReadTheCalendarWithJson)
{
    const auto client = course_client();
    const auto slot = free_slot(client);
    auto r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                     "--therapist", "priya", "--start", slot, "--json", "--as", "frontdesk"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto booked = parsed(r);
    EXPECT_EQ(booked.at("start").as_string(), slot);
    EXPECT_EQ(booked.at("therapist"), "priya");

    r = fascia({"schedule", "day", "--date", slot.substr(0, 10), "--therapist", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bool found = false;
    const auto day = parsed(r);
    for (const auto& a : day.at("appointments").as_array())
        found = found || a.at("id") == booked.at("id");
    EXPECT_TRUE(found);

    // The same slot again: refused with the reason code, exit 1.
    r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                "priya", "--start", slot, "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "therapist_busy");

    r = fascia({"schedule", "client", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(parsed(r).at("courses").as_array().empty());
    // The same as text, for a person at the desk.
    r = fascia({"schedule", "client", client});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Course "));

    r = fascia({"schedule", "rooms", "list", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("rooms").as_array().size(), 2u);
}

TEST_F(schedule_cli, BadInputIsExitTwoAndLeavesTheDatabaseByteIdentical)
{
    const auto client = course_client();
    const auto before = bytes();
    const std::vector<std::vector<std::string>> bad{
        {"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist", "priya",
         "--start", "2026-11-24T10:00"}, // no zone offset
        {"schedule", "book", "--client", client, "--service", "no such service", "--therapist", "priya", "--start",
         "2026-11-24T10:00+00:00"},
        {"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist", "nobody",
         "--start", "2026-11-24T10:00+00:00"},
        {"schedule", "book", "--client", "no-such-client", "--service", "60-minute remedial massage", "--therapist",
         "priya", "--start", "2026-11-24T10:00+00:00"},
        {"schedule", "find", "--service", "60-minute remedial massage", "--from", "2026-11-24T08:00+00:00", "--count",
         "-3"},
        {"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from", "2026-13-01"},
        {"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from", "2026-11-30",
         "--weeks", "-1"},
        {"schedule", "leave", "add", "--therapist", "priya", "--start", "2026-11-24T10:00+00:00", "--end",
         "2026-11-24T09:00+00:00"},
    };
    for (auto args : bad) {
        args.push_back("--json");
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << ' ' << args.back() << ": " << r.err;
        EXPECT_EQ(error_of(r).at("kind"), "invalid_input") << r.err;
    }
    EXPECT_TRUE(bytes() == before) << "the database changed";
}

TEST_F(schedule_cli, PlanProposesACourseFromTheScreening)
{
    const auto client = course_client();
    const auto r = fascia({"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from",
                           "2027-01-04", "--weeks", "2", "--therapist", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto plan = parsed(r);
    EXPECT_EQ(plan.at("reassessment_at"), 3);
    const auto per_week = plan.at("sessions_per_week").as_int64();
    EXPECT_EQ(plan.at("sessions").as_array().size(), static_cast<std::size_t>(2 * per_week));
    for (const auto& s : plan.at("sessions").as_array()) {
        EXPECT_EQ(s.at("therapist"), "priya");
        EXPECT_THAT(std::string(s.at("start").as_string()), HasSubstr("+00:00"));
    }
}

TEST_F(schedule_cli, BookingAMergedClientIsRefusedNamingTheKeptClient)
{
    const auto merged = course_client();
    auto r = fascia({"clients", "add", "--first-name", "Ngaio", "--last-name", "Marsh", "--dob", "1975-03-04",
                     "--consent", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string kept(parsed(r).at("id").as_string());
    r = fascia({"clients", "merge", kept, merged});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = fascia({"schedule", "book", "--client", merged, "--service", "60-minute remedial massage", "--therapist",
                "priya", "--start", "2026-11-24T10:00+00:00"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("was merged into " + kept + " (Ngaio Marsh)"));
    EXPECT_THAT(r.err, Not(HasSubstr("screening")));
}

TEST_F(schedule_cli, EightProcessesRaceForOneSlotAndExactlyOneBooksIt)
{
    const auto client = course_client();
    const auto slot = free_slot(client);
    const auto results = fascia_at_once(8, [&](int i) -> std::vector<std::string> {
        return {"schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                "--therapist", "priya", "--start", slot, "--key", "desk-" + std::to_string(i), "--json"};
    });
    int won = 0;
    for (const auto& r : results) {
        if (r.exit_code == 0) {
            ++won;
            continue;
        }
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_EQ(error_of(r).at("reason"), "therapist_busy") << r.err;
        EXPECT_THAT(r.err, HasSubstr("already has a booking"));
    }
    EXPECT_EQ(won, 1);
    const auto day = parsed(fascia({"schedule", "day", "--date", slot.substr(0, 10), "--therapist", "priya", "--json"}));
    int at_slot = 0;
    for (const auto& a : day.at("appointments").as_array())
        at_slot += a.at("start") == json::value(slot) && a.at("status") == "booked";
    EXPECT_EQ(at_slot, 1);
}

} // namespace
} // namespace fascia::scheduling::test

namespace fascia::scheduling::test {
namespace {

// `fascia schedule checkout|refund|receipt|balance` (checkout.cpp): the contract
// with --json, a retry with --key charging once, and bad input as exit 2 with
// the database byte-identical.
TEST_F(schedule_cli, CheckoutRefundReceiptAndBalanceWithJson)
{
    const auto client = course_client();
    auto r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                     "priya", "--start", free_slot(client), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string id(parsed(r).at("id").as_string());
    r = fascia({"voucher", "sell", "--amount", "100.00", "--purchaser", "Ann Lee", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string code(parsed(r).at("code").as_string());

    const auto before = bytes();
    const std::vector<std::vector<std::string>> bad{
        {"schedule", "checkout", id, "--pay", "card"},
        {"schedule", "checkout", id, "--pay", "card:ten"},
        {"schedule", "checkout", id, "--pay", "cheque:10.00"},
        {"schedule", "checkout", id, "--pay", "card:10.00", "--pay", "voucher:"},
        {"schedule", "checkout", "no-such-appointment", "--pay", "card:10.00"},
        {"schedule", "refund", id, "--amount", "-1"},
        {"schedule", "balance", "--client", "no-such-client"},
        {"clients", "balance", "no-such-client"},
        {"voucher", "redeem", code, "--amount", "10.00", "--appointment", "no-such-appointment"},
    };
    for (auto args : bad) {
        args.push_back("--json");
        const auto bad_run = fascia(args);
        EXPECT_EQ(bad_run.exit_code, 2) << args[1] << ' ' << args[2] << ": " << bad_run.err;
        EXPECT_EQ(error_of(bad_run).at("kind"), "invalid_input") << bad_run.err;
    }
    // Errors name the option typed (in JSON too), never the payload's fields ("amount:", "id:").
    r = fascia({"schedule", "checkout", id, "--pay", "card:ten", "--json"});
    EXPECT_EQ(error_of(r).at("option"), "--pay") << r.err;
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()), ::testing::StartsWith("--pay: "));
    r = fascia({"schedule", "checkout", id, "--pay", "card:10.00", "--also", "no-such-appointment", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(error_of(r).at("option"), "--also") << r.err;
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()),
                HasSubstr("--also: there is no appointment no-such-appointment"));
    r = fascia({"clients", "balance", "no-such-client"});
    EXPECT_THAT(r.err, ::testing::StartsWith("fascia: there is no client no-such-client (")) << r.err;
    r = fascia({"schedule", "day", "--date", "2026-02-30", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(error_of(r).at("option"), "--date") << r.err;
    // A usage error points to the subcommand's own help.
    r = fascia({"schedule", "checkout", id});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("(run `fascia schedule checkout --help` for usage)"));
    EXPECT_TRUE(bytes() == before) << "the database changed";

    // Card and voucher; the voucher pays what is left. A retry with the key charges once.
    // The method in any case: people type CARD.
    for (int i = 0; i < 2; ++i) {
        r = fascia({"schedule", "checkout", id, "--pay", "CARD:10.00", "--pay", "voucher:" + code, "--key", "till-1",
                    "--json"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(parsed(r).at("due"), "0.00");
    }
    r = fascia({"schedule", "receipt", id, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto receipt = parsed(r);
    EXPECT_EQ(receipt.at("payments").as_array().size(), 2u);
    EXPECT_TRUE(receipt.at("therapist").at("registration").is_object()) << r.out;
    r = fascia({"schedule", "receipt", id});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Paid:       10.00"));
    EXPECT_THAT(r.out, HasSubstr("registration"));
    // The PDF for the insurer, through fascia::pdf (Qt loaded only now), read back as text.
    const auto pdf = dir + "/receipt.pdf";
    r = fascia({"schedule", "receipt", id, "--pdf", pdf, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("pdf"), json::value(pdf));
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", pdf, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("10.00 GBP by card"));
    EXPECT_THAT(text.out, HasSubstr("by voucher " + code));
    EXPECT_THAT(text.out, HasSubstr("registration"));
    r = fascia({"schedule", "receipt", id, "--pdf", "/no-such-folder/receipt.pdf", "--json"});
    EXPECT_EQ(r.exit_code, 2); // a path the person typed: bad input
    EXPECT_THAT(r.err, HasSubstr("/no-such-folder/receipt.pdf"));

    // A session still to come, refunded in full: its price is paid at the session, not owed
    // now (the client's balance says 0.00), and the text says so.
    r = fascia({"schedule", "refund", id, "--key", "back-1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // This refund's own amount first, then the running total as one ("in all").
    EXPECT_THAT(r.out, ::testing::StartsWith("Refunded 75.00 GBP now: "));
    EXPECT_THAT(r.out, HasSubstr("refunded 75.00 in all, 75.00 GBP due at the session"));
    EXPECT_THAT(r.out, Not(HasSubstr("due 75.00")));
    r = fascia({"schedule", "refund", id, "--key", "back-1", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("paid"), parsed(r).at("refunded"));
    EXPECT_EQ(parsed(r).at("due_at_session"), true);
    r = fascia({"schedule", "refund", id, "--key", "back-2", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "nothing_to_refund");
    r = fascia({"voucher", "show", code, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("balance"), "100.00") << r.out; // the voucher has its money back

    r = fascia({"schedule", "balance", "--client", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(parsed(r).as_object().contains("owed"));
    // Both commands take the id either way.
    for (const auto& args : {std::vector<std::string>{"schedule", "balance", client, "--json"},
                             std::vector<std::string>{"clients", "balance", "--client", client, "--json"}}) {
        const auto either = fascia(args);
        ASSERT_EQ(either.exit_code, 0) << either.err;
        EXPECT_EQ(parsed(either), parsed(r));
    }
    // The same from `fascia clients`, where a person looks for a client's money.
    const auto balance = parsed(r);
    r = fascia({"clients", "balance", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r), balance);
    r = fascia({"clients", "--help"});
    EXPECT_THAT(r.out, HasSubstr("balance"));
    // Text for people: amounts and words, never JSON's quotation marks.
    r = fascia({"clients", "balance", client});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Owes "));
    EXPECT_THAT(r.out, Not(HasSubstr("\"")));
}

/// The demo made in 2040, so that a command the pinned clock did not reach would
/// run at the real date, years before any session, and be refused as too early.
class schedule_cli_2040 : public schedule_cli {
protected:
    schedule_cli_2040() { now = "2040-01-02T08:00:00Z"; }
};

TEST_F(schedule_cli_2040, PrecheckRunsOnTheSessionsDayAsFASCIA_TEST_NOWPinsIt)
{
    const auto client = course_client();
    auto r = fascia({"schedule", "client", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string id, start;
    const auto mine = parsed(r);
    for (const auto& a : mine.at("appointments").as_array())
        if (a.at("status") == "booked" && id.empty()) {
            id = std::string(a.at("id").as_string());
            start = std::string(a.at("start").as_string()); // "2040-01-09T09:00:00+00:00"
        }
    ASSERT_FALSE(id.empty());
    const std::string day = start.substr(0, 10);

    // The day before, written as the schedule commands write times: honoured, so too early.
    r = fascia_at("2040-01-01T09:00+00:00", {"schedule", "precheck", id, "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(error_of(r).at("reason"), "precheck_too_early");
    // That morning (07:30 in London), with an offset and without seconds: recorded.
    r = fascia_at(day + "T06:30-01:00", {"schedule", "precheck", id, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(parsed(r).at("precheck_flagged").as_bool());
    // A value that is no date-time is said to be one, not silently the system clock.
    r = fascia_at("next tuesday", {"schedule", "today"});
    EXPECT_THAT(r.err, HasSubstr("FASCIA_TEST_NOW='next tuesday' is not a date-time"));
}

} // namespace
} // namespace fascia::scheduling::test
