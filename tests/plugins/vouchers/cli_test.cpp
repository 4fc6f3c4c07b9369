// `fascia voucher` end to end through the real binary with the plugin loaded:
// the contract's JSON, exit codes for insufficient, expired, void, mistyped
// and unknown codes, idempotent redemption with --key, bad input that changes
// nothing, the reports, the demo, and who may do what.
#include "vouchers_test_support.h"

#include <fascia/database.h>

#include <gmock/gmock.h>

#include <set>

namespace fascia::vouchers::test {
namespace {

using ::testing::HasSubstr;

class vouchers_cli : public VouchersCli {
protected:
    void SetUp() override
    {
        VouchersCli::SetUp();
        init_clinic();
    }

    /// Rows in a table, read straight from the file (to prove nothing changed).
    std::int64_t count(const char* table) const
    {
        auto opened = Database::open(db, OpenMode::read_only);
        EXPECT_TRUE(opened);
        auto q = (*opened)->query(std::string("SELECT count(*) FROM ") + table);
        q.step();
        return q.integer(0);
    }

    static std::set<std::string> keys_of(const json::value& v)
    {
        std::set<std::string> keys;
        for (const auto& kv : v.as_object())
            keys.insert(std::string(kv.key()));
        return keys;
    }
};

TEST_F(vouchers_cli, SellPrintsTheCodeBalanceCurrencyAndExpiry)
{
    const auto r = fascia({"voucher", "sell", "--amount", "50.00", "--purchaser", "Ann Lee", "--recipient", "Bo Lee",
                           "--message", "Happy birthday!", "--paid-by", "cash", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto v = parsed(r);
    EXPECT_EQ(keys_of(v), (std::set<std::string>{"code", "balance", "currency", "expires_on"}));
    EXPECT_EQ(v.at("balance"), "50.00");
    EXPECT_EQ(v.at("currency"), "GBP");
    EXPECT_EQ(v.at("expires_on"), "2027-11-22");
    EXPECT_EQ(check_code(std::string(v.at("code").as_string())).state, CodeState::valid);
    const auto shown = show(std::string(v.at("code").as_string()));
    EXPECT_EQ(shown.at("recipient"), "Bo Lee");
    EXPECT_EQ(shown.at("message"), "Happy birthday!");
    EXPECT_EQ(shown.at("paid_by"), "cash");

    const auto until = fascia({"voucher", "sell", "--amount", "25", "--purchaser", "Ann", "--expires", "2028-12-24",
                               "--json"});
    ASSERT_EQ(until.exit_code, 0) << until.err;
    EXPECT_EQ(parsed(until).at("expires_on"), "2028-12-24");
    EXPECT_EQ(parsed(until).at("balance"), "25.00");
    const auto human = fascia({"voucher", "sell", "--amount", "10", "--purchaser", "Ann"});
    ASSERT_EQ(human.exit_code, 0) << human.err;
    EXPECT_THAT(human.out, HasSubstr("Sold voucher FAS-"));
    EXPECT_THAT(human.out, HasSubstr("GBP 10.00, valid through 2027-11-22"));
}

TEST_F(vouchers_cli, RedeemPrintsTheBalanceLeftHoweverTheCodeIsTyped)
{
    const auto code = sell("50.00");
    auto r = fascia({"voucher", "redeem", code, "--amount", "20.00", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r), json::parse(R"({"balance":"30.00"})"));
    std::string typed;
    for (char c : code)
        typed += c == '0' ? 'O' : c == '1' ? 'i' : static_cast<char>(std::tolower(c));
    // (An --appointment must exist now that scheduling is installed: scheduling's checkout tests cover it.)
    r = fascia({"voucher", "redeem", typed, "--amount", "5", "--reference", "retail: foam roller", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("balance"), "25.00");
    const auto v = show(code);
    EXPECT_EQ(v.at("status"), "active");
    EXPECT_EQ(v.at("balance"), "25.00");
    const auto& ledger = v.at("ledger").as_array();
    ASSERT_EQ(ledger.size(), 3u);
    EXPECT_EQ(ledger[0].at("kind"), "sale");
    EXPECT_EQ(ledger[1].at("amount"), "-20.00");
    EXPECT_EQ(ledger[2].at("reference"), "retail: foam roller");
    EXPECT_EQ(ledger[2].at("balance_after"), "25.00");
    const auto human = fascia({"voucher", "redeem", code, "--amount", "5"});
    EXPECT_THAT(human.out, HasSubstr("Redeemed GBP 5.00; GBP 20.00 left."));
}

TEST_F(vouchers_cli, InsufficientExpiredAndVoidAreRefusedWithTheReason)
{
    const auto code = sell("50.00");
    auto r = fascia({"voucher", "redeem", code, "--amount", "50.01", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("kind"), "refused");
    // Words for people, the code for scripts.
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()), HasSubstr("not enough on voucher"));
    EXPECT_EQ(error_of(r).at("reason"), "insufficient");

    r = fascia_at("2027-11-23T09:00:00Z", {"voucher", "redeem", code, "--amount", "10.00"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("expired"));
    EXPECT_THAT(r.err, HasSubstr("fascia voucher extend"));
    ASSERT_EQ(fascia_at("2027-11-22T09:00:00Z", {"voucher", "redeem", code, "--amount", "10.00"}).exit_code, 0);
    // Only the owner extends.
    r = fascia_at("2027-11-23T09:00:00Z", {"voucher", "extend", code, "--to", "2028-05-31", "--as", "ana"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("may not run vouchers.extend"));
    r = fascia_at("2027-11-23T09:00:00Z", {"voucher", "extend", code, "--to", "2028-05-31", "--reason", "illness",
                                           "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("expires_on"), "2028-05-31");
    ASSERT_EQ(fascia_at("2027-11-23T09:00:00Z", {"voucher", "redeem", code, "--amount", "10.00"}).exit_code, 0);

    r = fascia({"voucher", "void", code, "--reason", "sold in error", "--as", "ana", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("voided"), "30.00");
    r = fascia({"voucher", "redeem", code, "--amount", "1.00", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()), HasSubstr("void"));
    EXPECT_EQ(show(code).at("status"), "void");
    EXPECT_EQ(show(code).at("balance"), "0.00");
}

TEST_F(vouchers_cli, AMistypedCodeIsExitTwoAndAWellFormedUnknownCodeIsExitOne)
{
    const auto code = sell("50.00");
    std::string swapped = code;
    std::size_t i = 4;
    while (swapped[i] == swapped[i + 1] || swapped[i + 1] == '-')
        ++i;
    std::swap(swapped[i], swapped[i + 1]);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"voucher", "redeem", swapped, "--amount", "10.00", "--json"},
             {"voucher", "show", swapped, "--json"},
             {"voucher", "void", swapped, "--reason", "x", "--json"},
             {"voucher", "refund", swapped, "--amount", "1", "--json"},
             {"voucher", "extend", swapped, "--to", "2029-01-01", "--json"}}) {
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
        EXPECT_EQ(error_of(r).at("kind"), "invalid_input");
        EXPECT_THAT(std::string(error_of(r).at("message").as_string()), HasSubstr("mistyped"));
    }
    const std::string unknown = code_from_bits(0x0123456789ABCDEull);
    auto r = fascia({"voucher", "redeem", unknown, "--amount", "10.00", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("kind"), "not_found");
    r = fascia({"voucher", "show", unknown});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("not found"));
    EXPECT_EQ(show(code).at("balance"), "50.00");
}

TEST_F(vouchers_cli, ARedemptionWithAKeyAppliesOnceHoweverOftenItIsSent)
{
    const auto code = sell("50.00");
    for (int i = 0; i < 4; ++i) {
        const auto r = fascia({"voucher", "redeem", code, "--amount", "20.00", "--key", "till-3-sale-1187", "--json"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(parsed(r).at("balance"), "30.00") << "the first result, every time";
    }
    const auto v = show(code);
    EXPECT_EQ(v.at("balance"), "30.00");
    EXPECT_EQ(v.at("ledger").as_array().size(), 2u);
    const auto human = fascia({"voucher", "redeem", code, "--amount", "20.00", "--key", "till-3-sale-1187"});
    EXPECT_THAT(human.out, HasSubstr("already done"));
}

TEST_F(vouchers_cli, BadInputIsExitTwoAndChangesNothing)
{
    const auto code = sell("50.00");
    const auto entries = count("voucher_ledger"), vouchers = count("vouchers"), log = count("command_log");
    std::string mistyped = code;
    mistyped.back() = mistyped.back() == 'A' ? 'B' : 'A';
    const std::vector<std::vector<std::string>> cases{
        {"voucher", "sell", "--amount", "0", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "0.00", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "-10.00", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "10.001", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "1e3", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "99999999999999999999.00", "--purchaser", "Ann"},
        {"voucher", "sell", "--amount", "50.00", "--purchaser", "Ann", "--currency", "XYZ"},
        {"voucher", "sell", "--amount", "50.00", "--purchaser", "Ann", "--paid-by", "IOU"},
        {"voucher", "sell", "--amount", "50.00", "--purchaser", "Ann", "--expires", "2027-13-01"},
        {"voucher", "sell", "--amount", "50.00"},
        {"voucher", "sell", "--purchaser", "Ann"},
        {"voucher", "redeem", code, "--amount", "0"},
        {"voucher", "redeem", code, "--amount", "-5"},
        {"voucher", "redeem", code, "--amount", "5.555"},
        {"voucher", "redeem", code},
        {"voucher", "redeem", mistyped, "--amount", "5.00"},
        {"voucher", "redeem", "FAS-12", "--amount", "5.00"},
        {"voucher", "redeem", "hello", "--amount", "5.00"},
        {"voucher", "refund", code, "--amount", "0", "--as", "owner"},
        {"voucher", "refund", code},
        {"voucher", "void", code},
        {"voucher", "extend", code, "--to", "soon"},
        {"voucher", "liability", "--as-of", "31/12/2026"},
        {"voucher", "activity", "--by", "fortnight"},
        {"voucher", "activity", "--from", "2026-12-01", "--to", "2026-11-01"},
        {"voucher", "frobnicate"},
    };
    for (auto args : cases) {
        args.push_back("--json");
        const auto r = fascia(args);
        std::string shown;
        for (const auto& a : args)
            shown += a + " ";
        EXPECT_EQ(r.exit_code, 2) << shown << "\n" << r.err;
        EXPECT_EQ(error_of(r).at("kind"), "invalid_input") << shown;
        EXPECT_TRUE(r.out.empty()) << shown << r.out;
    }
    EXPECT_EQ(count("voucher_ledger"), entries);
    EXPECT_EQ(count("vouchers"), vouchers);
    EXPECT_EQ(count("command_log"), log);
    EXPECT_EQ(show(code).at("balance"), "50.00");

    // The words: the option typed (not the command's field), and why.
    auto r = fascia({"voucher", "sell", "--amount", "99999999999999999999.00", "--purchaser", "Ann"});
    EXPECT_THAT(r.err, HasSubstr("fascia: --amount: '99999999999999999999.00' is too large: the largest amount "
                                 "accepted is "));
    EXPECT_THAT(r.err, HasSubstr(" 999999999.99\n"));
    r = fascia({"voucher", "redeem", code, "--amount", "0"});
    EXPECT_EQ(r.err, "fascia: --amount: '0' must be more than zero\n");
}

TEST_F(vouchers_cli, AServiceVoucherIsSoldAtTodaysPriceAndRedeemedWhole)
{
    auto svc = fascia({"services", "add", "--name", "60-minute remedial massage", "--modality", "remedial",
                       "--minutes", "60", "--price", "75.00", "--json"});
    ASSERT_EQ(svc.exit_code, 0) << svc.err;
    const auto service = std::string(parsed(svc).at("id").as_string());
    auto r = fascia({"voucher", "sell", "--service", service, "--purchaser", "Jo", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("balance"), "75.00");
    const auto code = std::string(parsed(r).at("code").as_string());
    svc = fascia({"services", "add", "--id", service, "--name", "60-minute remedial massage", "--modality", "remedial",
                  "--minutes", "60", "--price", "90.00"});
    ASSERT_EQ(svc.exit_code, 0) << svc.err;
    const auto v = show(code);
    EXPECT_EQ(v.at("kind"), "service");
    EXPECT_EQ(v.at("service").at("name"), "60-minute remedial massage");
    EXPECT_EQ(v.at("face_value"), "75.00");
    r = fascia({"voucher", "redeem", code, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("balance"), "0.00");
    EXPECT_EQ(show(code).at("status"), "redeemed");
}

TEST_F(vouchers_cli, RefundAndTheReportsAgreeWithTheLedgers)
{
    const auto a = sell("50.00"), b = sell("100.00"), c = sell("30.00");
    ASSERT_EQ(fascia({"voucher", "redeem", a, "--amount", "20"}).exit_code, 0);
    auto r = fascia({"voucher", "refund", b, "--amount", "40", "--reason", "changed mind", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("balance"), "60.00");
    EXPECT_EQ(fascia({"voucher", "refund", b, "--amount", "40", "--as", "desk"}).exit_code, 1) << "owner or admin only";

    r = fascia({"voucher", "liability", "--as-of", "2026-11-22", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto l = parsed(r);
    EXPECT_EQ(l.at("total"), "120.00"); // 30 + 60 + 30
    EXPECT_EQ(l.at("vouchers"), 3);
    EXPECT_EQ(l.at("by_age").as_array()[0].at("outstanding"), "120.00");
    double from_shows = 0; // only to compare two printed totals; money itself is never a double
    for (const auto& code : {a, b, c})
        from_shows += std::stod(std::string(show(code).at("balance").as_string()));
    EXPECT_DOUBLE_EQ(from_shows, 120.0);
    EXPECT_EQ(parsed(fascia({"voucher", "liability", "--as-of", "2026-11-21", "--json"})).at("total"), "0.00");

    // A year and a bit later: all three expired; written off, they are breakage.
    r = fascia_at("2027-12-01T09:00:00Z", {"voucher", "liability", "--json"});
    l = parsed(r);
    EXPECT_EQ(l.at("as_of"), "2027-12-01");
    EXPECT_EQ(l.at("expired_not_written_off").at("outstanding"), "120.00");
    EXPECT_EQ(l.at("by_age").as_array()[3].at("vouchers"), 3) << "12 to 24 months";
    r = fascia_at("2027-12-01T09:00:00Z", {"voucher", "expire", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("written_off"), 3);
    EXPECT_EQ(parsed(fascia_at("2027-12-01T09:00:00Z", {"voucher", "liability", "--json"})).at("total"), "0.00");
    r = fascia_at("2027-12-01T09:00:00Z", {"voucher", "breakage", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("breakage"), "120.00");
    EXPECT_EQ(parsed(r).at("vouchers").as_array().size(), 3u);

    r = fascia_at("2027-12-01T09:00:00Z", {"voucher", "activity", "--from", "2026-11-01", "--to", "2027-12-31", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto act = parsed(r);
    EXPECT_EQ(act.at("periods").as_array().size(), 14u);
    EXPECT_EQ(act.at("periods").as_array()[0].at("sold"), "180.00");
    EXPECT_EQ(act.at("periods").as_array()[0].at("sold_count"), 3);
    EXPECT_EQ(act.at("periods").as_array()[0].at("redeemed"), "20.00");
    EXPECT_EQ(act.at("totals").at("refunded"), "40.00");
    EXPECT_EQ(act.at("totals").at("written_off"), "120.00");
    const auto human = fascia_at("2027-12-01T09:00:00Z", {"voucher", "activity", "--from", "2026-11-01"});
    EXPECT_THAT(human.out, HasSubstr("total"));

    // Reports are for owners and admins.
    EXPECT_EQ(fascia({"voucher", "liability", "--as", "desk"}).exit_code, 1);
    EXPECT_EQ(fascia({"voucher", "liability", "--as", "ana"}).exit_code, 0);
}

TEST_F(vouchers_cli, ListAndShowForPeople)
{
    const auto code = sell("50.00", {"--recipient", "Bo"});
    ASSERT_EQ(fascia({"voucher", "redeem", code, "--amount", "12.50", "--reference", "retail: foam roller"}).exit_code, 0);
    const auto shown = fascia({"voucher", "show", code});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_THAT(shown.out, HasSubstr(code + "  active  GBP 37.50 left"));
    EXPECT_THAT(shown.out, HasSubstr("retail: foam roller"));
    const auto list = fascia({"voucher", "list", "--status", "active", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(parsed(list).at("vouchers").as_array().size(), 1u);
    EXPECT_EQ(fascia({"voucher", "list", "--status", "lost"}).exit_code, 2);
    const auto help = fascia({"voucher", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_THAT(help.out, HasSubstr("liability"));
}

TEST_F(vouchers_cli, TheDefaultTermIsAModuleSetting)
{
    const auto shown = fascia({"settings", "show", "--json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(parsed(shown).at("modules").at("vouchers.default_term_months"), 12);
    EXPECT_THAT(fascia({"settings", "show"}).out, HasSubstr("Australian law requires at least 36"));
    const auto set = fascia({"settings", "set", "--module", "vouchers.default_term_months=36"});
    ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
    EXPECT_EQ(parsed(fascia({"voucher", "sell", "--amount", "10", "--purchaser", "A", "--json"})).at("expires_on"),
              "2029-11-22");
}

using vouchers_demo = VouchersCli;

TEST_F(vouchers_demo, TheDemoClinicHasAVoucherHistory)
{
    const auto r = fascia({"demo", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto list = fascia({"voucher", "list", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    std::map<std::string, int> statuses;
    const auto vouchers = parsed(list);
    for (const auto& v : vouchers.at("vouchers").as_array())
        ++statuses[std::string(v.at("status").as_string())];
    EXPECT_EQ(statuses["void"], 1);
    EXPECT_EQ(statuses["expired"], 1);
    EXPECT_GE(statuses["active"], 5);
    EXPECT_EQ(parsed(fascia({"voucher", "breakage", "--json"})).at("breakage"), "30.00");
    const auto audit = fascia({"audit", "verify"});
    EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

} // namespace
} // namespace fascia::vouchers::test
