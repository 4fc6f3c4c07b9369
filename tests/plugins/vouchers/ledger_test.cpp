// The module in-process, registered exactly as the plugin registers it: sale,
// partial redemption, idempotency, expiry on the day before, of and after
// (moving clock, clinic time zone), extension, void, refund, service vouchers
// at the price sold, the append-only ledger, the reports against the sum of
// the ledgers, and a redemption inside another module's command.
#include "vouchers_test_support.h"

#include <fascia/catalogue.h>
#include <fascia/demo.h>

#include <gmock/gmock.h>

#include <random>

namespace fascia::vouchers::test {
namespace {

using ::testing::HasSubstr;

using vouchers_ledger = VouchersModule;

TEST_F(vouchers_ledger, ASaleStartsTheLedgerAndExpiresAfterTheClinicsTerm)
{
    const auto r = run("vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann Lee"}, {"recipient", "Bo"},
                                         {"message", "Happy birthday"}, {"paid_by", "cash"}},
                       "desk");
    EXPECT_EQ(r.at("balance"), "50.00");
    EXPECT_EQ(r.at("currency"), "GBP");
    EXPECT_EQ(r.at("expires_on"), "2027-11-22");
    const auto v = voucher(std::string(r.at("code").as_string()));
    EXPECT_EQ(v.status, "active");
    EXPECT_EQ(v.balance, (Money{5000, "GBP"}));
    EXPECT_EQ(v.paid_by, "cash");
    EXPECT_EQ(v.sold_by, "desk");
    ASSERT_EQ(v.ledger.size(), 1u);
    EXPECT_EQ(v.ledger[0].kind, "sale");
    EXPECT_EQ(v.ledger[0].effective_on, "2026-11-22");

    // An Australian clinic sets three years; the setting is the module's, changed like any other.
    run("settings.update", {{"modules", {{"vouchers.default_term_months", 36}}}});
    EXPECT_EQ(clinic->setting("vouchers.default_term_months"), 36);
    EXPECT_EQ(run("vouchers.sell", {{"amount", "20"}, {"purchaser", "Cy"}}, "desk").at("expires_on"), "2029-11-22");
    const auto below = attempt("settings.update", {{"modules", {{"vouchers.default_term_months", 0}}}}, "owner");
    ASSERT_FALSE(below);
    EXPECT_EQ(below.error().kind, ErrorKind::invalid_input);
}

TEST_F(vouchers_ledger, AGivenExpiryMayLengthenTheTermButNeverShortenIt)
{
    EXPECT_EQ(run("vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"expires_on", "2028-01-31"}}, "desk")
                  .at("expires_on"),
              "2028-01-31");
    const auto shorter = attempt("vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"expires_on", "2027-06-01"}});
    ASSERT_FALSE(shorter);
    EXPECT_EQ(shorter.error().kind, ErrorKind::refused);
    EXPECT_THAT(shorter.error().message, HasSubstr("12 months"));
    const auto past = attempt("vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"expires_on", "2026-11-01"}});
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().kind, ErrorKind::invalid_input);
}

TEST_F(vouchers_ledger, AMonthEndSaleExpiresOnTheLastDayOfTheShorterMonth)
{
    EXPECT_EQ(format_date(add_months(day("2027-01-31"), 1)), "2027-02-28");
    EXPECT_EQ(format_date(add_months(day("2028-02-29"), 12)), "2029-02-28");
    EXPECT_EQ(format_date(add_months(day("2026-11-22"), 36)), "2029-11-22");
    EXPECT_EQ(months_between(day("2026-01-31"), day("2026-02-28")), 0);
    EXPECT_EQ(months_between(day("2026-01-15"), day("2026-04-15")), 3);
}

TEST_F(vouchers_ledger, PartialRedemptionsLeaveABalanceThatIsTheSumOfTheLedger)
{
    const auto code = sell("50.00");
    auto first = redeem(code, "20.00");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->result.at("balance"), "30.00");
    auto second = redeem(code, "12.5");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->result.at("balance"), "17.50");
    const auto v = voucher(code);
    ASSERT_EQ(v.ledger.size(), 3u);
    std::int64_t sum = 0;
    for (const auto& e : v.ledger)
        sum += e.amount.minor;
    EXPECT_EQ(v.balance.minor, sum);
    EXPECT_EQ(v.balance.minor, 1750);
    EXPECT_EQ(v.ledger.back().balance_after.minor, 1750);
    EXPECT_EQ(ledger_sum(), 1750);
}

TEST_F(vouchers_ledger, MoreThanTheBalanceIsRefusedAndNothingIsWritten)
{
    const auto code = sell("50.00");
    ASSERT_TRUE(redeem(code, "45.00"));
    const auto entries = count("voucher_ledger"), log = count("command_log");
    const auto r = redeem(code, "10.00");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_THAT(r.error().message, HasSubstr("not enough on voucher"));
    EXPECT_EQ(r.error().reason, "insufficient") << "the code stays for scripts, beside the words";
    EXPECT_THAT(r.error().message, HasSubstr("5.00 GBP left"));
    EXPECT_EQ(count("voucher_ledger"), entries);
    EXPECT_EQ(count("command_log"), log);
    ASSERT_TRUE(redeem(code, "5.00"));
    const auto spent = redeem(code, "0.01");
    ASSERT_FALSE(spent);
    EXPECT_THAT(spent.error().message, HasSubstr("nothing left"));
    EXPECT_EQ(voucher(code).status, "redeemed");
}

TEST_F(vouchers_ledger, ARedemptionSentAgainWithItsKeyAppliesOnce)
{
    const auto code = sell("50.00");
    auto first = redeem(code, "20.00", "desk1-checkout-0042");
    ASSERT_TRUE(first);
    for (int i = 0; i < 3; ++i) {
        auto again = redeem(code, "20.00", "desk1-checkout-0042");
        ASSERT_TRUE(again) << again.error().message;
        EXPECT_TRUE(again->replayed);
        EXPECT_EQ(again->result, first->result);
    }
    EXPECT_EQ(voucher(code).balance.minor, 3000);
    EXPECT_EQ(voucher(code).ledger.size(), 2u);
    // The same key for another amount is a mistake the bus names.
    const auto other = redeem(code, "5.00", "desk1-checkout-0042");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().kind, ErrorKind::invalid_input);
}

TEST_F(vouchers_ledger, ExpiryCountsTheDayOfExpiryAsValidAndTheDayAfterAsExpired)
{
    const auto code = sell("50.00"); // sold 2026-11-22, valid through 2027-11-22
    clock.set(at("2027-11-21T12:00:00Z"));
    ASSERT_TRUE(redeem(code, "10.00"));
    EXPECT_EQ(voucher(code).status, "active");
    clock.set(at("2027-11-22T23:30:00Z")); // still the 22nd in London (GMT in November)
    ASSERT_TRUE(redeem(code, "10.00"));
    clock.set(at("2027-11-23T00:00:01Z"));
    EXPECT_EQ(voucher(code).status, "expired");
    const auto r = redeem(code, "10.00");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_THAT(r.error().message, HasSubstr("expired"));
    EXPECT_THAT(r.error().message, HasSubstr("2027-11-22"));
    EXPECT_EQ(voucher(code).balance.minor, 3000);
}

TEST_F(vouchers_ledger, TheDayIsTheClinicsDayInItsTimeZone)
{
    run("settings.update", {{"time_zone", "Australia/Sydney"}});
    clock.set(at("2026-11-22T01:00:00Z")); // 12:00 on the 22nd in Sydney
    const auto code = run("vouchers.sell", {{"amount", "50.00"}, {"currency", "GBP"}, {"purchaser", "Ann"}}, "desk");
    EXPECT_EQ(code.at("expires_on"), "2029-11-22"); // a Sydney clinic is in Australia: three years
    clock.set(at("2029-11-22T12:59:00Z")); // 23:59 on the 22nd in Sydney (AEDT, +11)
    ASSERT_TRUE(redeem(std::string(code.at("code").as_string()), "1.00"));
    clock.set(at("2029-11-22T13:01:00Z")); // 00:01 on the 23rd in Sydney, still the 22nd in London
    const auto r = redeem(std::string(code.at("code").as_string()), "1.00");
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error().message, HasSubstr("expired"));
}

TEST_F(vouchers_ledger, OnlyTheOwnerExtendsAndTheExtensionIsAudited)
{
    const auto code = sell("50.00");
    clock.set(at("2027-12-01T10:00:00Z"));
    ASSERT_FALSE(redeem(code, "10.00"));
    for (const char* who : {"ana", "desk", "priya"}) {
        const auto r = attempt("vouchers.extend", {{"code", code}, {"expires_on", "2028-06-30"}}, who);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::forbidden) << who;
    }
    const auto earlier = attempt("vouchers.extend", {{"code", code}, {"expires_on", "2027-11-30"}}, "owner");
    ASSERT_FALSE(earlier);
    EXPECT_EQ(earlier.error().kind, ErrorKind::refused);
    const auto r = run("vouchers.extend", {{"code", code}, {"expires_on", "2028-06-30"}, {"reason", "client was ill"}});
    EXPECT_EQ(r.at("expires_on"), "2028-06-30");
    auto audit = db().query("SELECT actor, record_type, record_id FROM audit_log WHERE command = 'vouchers.extend'");
    ASSERT_TRUE(audit.step());
    EXPECT_EQ(audit.text(0), "owner");
    EXPECT_EQ(audit.text(1), "voucher");
    EXPECT_EQ(audit.text(2), voucher(code).id);
    auto redeemed = redeem(code, "10.00");
    ASSERT_TRUE(redeemed) << redeemed.error().message;
    const auto v = voucher(code);
    EXPECT_EQ(v.expires_on, "2028-06-30");
    EXPECT_EQ(v.status, "active");
    EXPECT_EQ(v.ledger[1].kind, "extension");
    EXPECT_EQ(v.ledger[1].amount.minor, 0);
    EXPECT_EQ(v.ledger[1].reason, "client was ill");
}

TEST_F(vouchers_ledger, ExpiredBalancesAreWrittenOffAsBreakageAndAnExtensionReinstatesThem)
{
    const auto code = sell("50.00");
    ASSERT_TRUE(redeem(code, "20.00"));
    const auto live = sell("40.00");
    clock.set(at("2027-11-22T10:00:00Z"));
    EXPECT_EQ(run("vouchers.write_off_expired", {}, "ana").at("written_off"), 0) << "valid through today";
    clock.set(at("2028-01-10T10:00:00Z"));
    EXPECT_TRUE(redeem(live, "1.00") ? false : true);
    const auto before = service()->liability(db(), day("2027-12-31"));
    ASSERT_TRUE(before);
    EXPECT_EQ(before->total.minor, 3000 + 4000);
    EXPECT_EQ(before->expired_vouchers, 2);
    EXPECT_EQ(before->expired_outstanding.minor, 7000);

    const auto r = run("vouchers.write_off_expired", {}, "ana");
    EXPECT_EQ(r.at("written_off"), 2);
    EXPECT_EQ(r.at("amount"), "70.00");
    const auto v = voucher(code);
    EXPECT_EQ(v.status, "expired");
    EXPECT_EQ(v.balance.minor, 0);
    EXPECT_EQ(v.ledger.back().kind, "expiry");
    EXPECT_EQ(v.ledger.back().effective_on, "2027-11-23") << "the value lapsed the day after the last valid day";
    EXPECT_EQ(run("vouchers.write_off_expired", {}, "ana").at("written_off"), 0) << "nothing twice";

    // Liability as of a date after expiry no longer counts it; as of the last valid day it does.
    EXPECT_EQ(service()->liability(db(), day("2027-12-31"))->total.minor, 0);
    EXPECT_EQ(service()->liability(db(), day("2027-11-22"))->total.minor, 7000);
    auto breakage = service()->breakage(db(), day("2027-01-01"), day("2027-12-31"));
    ASSERT_TRUE(breakage);
    EXPECT_EQ(breakage->written_off.minor, 7000);
    EXPECT_EQ(breakage->net.minor, 7000);
    ASSERT_EQ(breakage->vouchers.size(), 2u);
    EXPECT_EQ(breakage->vouchers[0].expired_on, "2027-11-22");

    // The owner extends one: its written-off £30 comes back, and the reversal shows in breakage.
    const auto ext = run("vouchers.extend", {{"code", code}, {"expires_on", "2028-03-31"}});
    EXPECT_EQ(ext.at("reinstated"), "30.00");
    EXPECT_EQ(ext.at("balance"), "30.00");
    ASSERT_TRUE(redeem(code, "30.00"));
    EXPECT_EQ(voucher(code).status, "redeemed");
    breakage = service()->breakage(db(), day("2027-01-01"), day("2028-12-31"));
    EXPECT_EQ(breakage->reinstated.minor, 3000);
    EXPECT_EQ(breakage->net.minor, 4000);
}

TEST_F(vouchers_ledger, AVoidedVoucherHasNothingLeftAndCannotBeUsedOrVoidedAgain)
{
    const auto code = sell("75.00");
    ASSERT_TRUE(redeem(code, "25.00"));
    const auto desk = attempt("vouchers.void", {{"code", code}, {"reason", "x"}}, "desk");
    ASSERT_FALSE(desk);
    EXPECT_EQ(desk.error().kind, ErrorKind::forbidden);
    const auto no_reason = attempt("vouchers.void", {{"code", code}}, "ana");
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(run("vouchers.void", {{"code", code}, {"reason", "card payment reversed"}}, "ana").at("voided"), "50.00");
    const auto v = voucher(code);
    EXPECT_EQ(v.status, "void");
    EXPECT_EQ(v.balance.minor, 0);
    EXPECT_EQ(v.ledger.back().reason, "card payment reversed");
    const auto r = redeem(code, "1.00");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_THAT(r.error().message, HasSubstr("void"));
    EXPECT_THAT(r.error().message, HasSubstr("card payment reversed"));
    const auto again = attempt("vouchers.void", {{"code", code}, {"reason", "again"}}, "owner");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);
    EXPECT_FALSE(attempt("vouchers.refund", {{"code", code}, {"amount", "1.00"}}, "owner"));
    EXPECT_FALSE(attempt("vouchers.extend", {{"code", code}, {"expires_on", "2030-01-01"}}, "owner"));
}

TEST_F(vouchers_ledger, RefundsTakeMoneyBackUpToTheBalance)
{
    const auto code = sell("60.00");
    const auto desk = attempt("vouchers.refund", {{"code", code}, {"amount", "10.00"}}, "desk");
    ASSERT_FALSE(desk);
    EXPECT_EQ(desk.error().kind, ErrorKind::forbidden);
    EXPECT_EQ(run("vouchers.refund", {{"code", code}, {"amount", "10.00"}, {"reason", "changed mind"}}, "ana")
                  .at("balance"),
              "50.00");
    const auto over = attempt("vouchers.refund", {{"code", code}, {"amount", "50.01"}}, "ana");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().kind, ErrorKind::refused);
    EXPECT_THAT(over.error().message, HasSubstr("not enough on voucher"));
    run("vouchers.refund", {{"code", code}, {"amount", "50.00"}}, "ana");
    EXPECT_EQ(voucher(code).status, "refunded");
    EXPECT_EQ(voucher(code).balance.minor, 0);
}

TEST_F(vouchers_ledger, AServiceVoucherIsHonouredAtThePriceItWasSoldForEvenAfterAPriceRise)
{
    const auto sold = run("vouchers.sell", {{"service_id", remedial}, {"purchaser", "Jo"}, {"recipient", "Dad"}}, "desk");
    EXPECT_EQ(sold.at("balance"), "75.00");
    const auto code = std::string(sold.at("code").as_string());
    // The price goes up to £85.
    run("services.upsert", {{"id", remedial}, {"name", "60-minute remedial massage"}, {"modality", "remedial"},
                            {"duration_minutes", 60}, {"price", "85.00"}});
    ASSERT_EQ(find_service(db(), remedial)->price.minor, 8500);
    auto v = voucher(code);
    EXPECT_EQ(v.kind, "service");
    EXPECT_EQ(v.service_name, "60-minute remedial massage");
    EXPECT_EQ(v.face_value.minor, 7500);
    // Part of it is not how a service voucher works; it redeems the service whole.
    const auto part = redeem(code, "20.00");
    ASSERT_FALSE(part);
    EXPECT_EQ(part.error().kind, ErrorKind::refused);
    EXPECT_THAT(part.error().message, HasSubstr("redeemed whole"));
    const auto partial_refund = attempt("vouchers.refund", {{"code", code}, {"amount", "20.00"}}, "owner");
    ASSERT_FALSE(partial_refund);
    auto whole = redeem(code, nullptr);
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_EQ(whole->result.at("redeemed"), "75.00");
    EXPECT_EQ(whole->result.at("balance"), "0.00");
    // Selling one today uses today's price, and a mismatched amount is a typing mistake.
    EXPECT_EQ(run("vouchers.sell", {{"service_id", remedial}, {"purchaser", "Jo"}}, "desk").at("balance"), "85.00");
    const auto wrong = attempt("vouchers.sell", {{"service_id", remedial}, {"purchaser", "Jo"}, {"amount", "75.00"}});
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, ErrorKind::invalid_input);
    // A service is named by its id or its name, in any case, as a booking names it; a name
    // no service has is a typing mistake.
    const auto by_name = run("vouchers.sell", {{"service_id", "60-MINUTE remedial massage"}, {"purchaser", "Jo"}}, "desk");
    EXPECT_EQ(by_name.at("balance"), "85.00");
    const auto unknown = attempt("vouchers.sell", {{"service_id", "nope"}, {"purchaser", "Jo"}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(unknown.error().message, "service_id: there is no service 'nope' (`fascia services list` shows ids and names)");
}

TEST_F(vouchers_ledger, TheLedgerAndTheSoldVoucherCannotBeChangedOrDeletedOrOverdrawn)
{
    const auto code = sell("50.00");
    ASSERT_TRUE(redeem(code, "20.00"));
    for (const char* sql : {"UPDATE voucher_ledger SET amount_minor = 99999",
                            "DELETE FROM voucher_ledger",
                            "UPDATE vouchers SET face_value_minor = 1",
                            "DELETE FROM vouchers"}) {
        try {
            db().exec(sql);
            ADD_FAILURE() << sql << " was allowed";
        } catch (const Failure& f) {
            EXPECT_THAT(f.error().message, ::testing::AnyOf(HasSubstr("append-only"), HasSubstr("immutable"),
                                                           HasSubstr("cannot be deleted")))
                << sql;
        }
    }
    // Even a direct insert cannot take the balance below zero.
    try {
        db().query("INSERT INTO voucher_ledger(id, voucher_id, kind, amount_minor, effective_on, recorded_by,"
                   " recorded_at) VALUES ('x', ?, 'redemption', -3001, '2026-11-22', 'owner', 'now')",
                   voucher(code).id)
            .run();
        ADD_FAILURE() << "an overdraft was inserted";
    } catch (const Failure& f) {
        EXPECT_THAT(f.error().message, HasSubstr("below zero"));
    }
    EXPECT_EQ(voucher(code).balance.minor, 3000);
}

TEST_F(vouchers_ledger, BadInputIsRefusedAsSuchAndChangesNothing)
{
    const auto code = sell("50.00");
    const auto entries = count("voucher_ledger"), vouchers = count("vouchers"), log = count("command_log");
    std::string mistyped = code;
    std::swap(mistyped[5], mistyped[6]);
    if (mistyped == code)
        std::swap(mistyped[6], mistyped[7]);
    const std::vector<std::pair<const char*, json::object>> cases{
        {"vouchers.sell", {{"amount", "0"}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "0.00"}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "-5.00"}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "10.001"}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "ten"}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"currency", "XYZ"}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"currency", "AUD"}}},
        {"vouchers.sell", {{"amount", "50.00"}}},
        {"vouchers.sell", {{"amount", 50}, {"purchaser", "Ann"}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"paid_by", "cheque"}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"expires_on", "2027-02-30"}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"code", mistyped}}},
        {"vouchers.sell", {{"amount", "50.00"}, {"purchaser", "Ann"}, {"colour", "red"}}},
        {"vouchers.redeem", {{"code", code}, {"amount", "0"}}},
        {"vouchers.redeem", {{"code", code}, {"amount", "-1"}}},
        {"vouchers.redeem", {{"code", code}, {"amount", "1.234"}}},
        {"vouchers.redeem", {{"code", code}, {"amount", "1.00"}, {"currency", "QQQ"}}},
        {"vouchers.redeem", {{"code", mistyped}, {"amount", "1.00"}}},
        {"vouchers.redeem", {{"code", "FAS-1234"}, {"amount", "1.00"}}},
        {"vouchers.redeem", {{"code", "not a code"}, {"amount", "1.00"}}},
        {"vouchers.redeem", {{"code", code}}},
        {"vouchers.refund", {{"code", code}, {"amount", "0.00"}}},
        {"vouchers.extend", {{"code", code}, {"expires_on", "next year"}}},
    };
    for (const auto& [type, payload] : cases) {
        const auto r = attempt(type, payload, "owner");
        ASSERT_FALSE(r) << type << " " << json::serialize(payload);
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << json::serialize(payload) << ": " << r.error().message;
    }
    EXPECT_EQ(count("voucher_ledger"), entries);
    EXPECT_EQ(count("vouchers"), vouchers);
    EXPECT_EQ(count("command_log"), log);
    EXPECT_EQ(voucher(code).balance.minor, 5000);
}

TEST_F(vouchers_ledger, AMistypedCodeIsBadInputAndAWellFormedUnknownOneIsNotFound)
{
    const auto code = sell("50.00");
    std::string mistyped = code;
    mistyped[5] = mistyped[5] == 'A' ? 'B' : 'A';
    const auto typo = redeem(mistyped, "1.00");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(typo.error().message, HasSubstr("mistyped"));
    const auto unknown = redeem(service()->new_code(), "1.00");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
    EXPECT_EQ(service()->find(db(), mistyped, day("2026-11-22")).error().kind, ErrorKind::invalid_input);
    // Typed as a person might: lower case, O for 0, L for 1, no dashes.
    std::string typed;
    for (char c : code)
        if (c != '-')
            typed += c == '0' ? 'o' : c == '1' ? 'l' : static_cast<char>(std::tolower(c));
    ASSERT_TRUE(redeem(typed, "1.00"));
    EXPECT_EQ(voucher(code).balance.minor, 4900);
}

TEST_F(vouchers_ledger, WhoMayDoWhat)
{
    EXPECT_EQ(attempt("vouchers.sell", {{"amount", "5"}, {"purchaser", "A"}}, "priya").error().kind, ErrorKind::forbidden);
    const auto code = sell("50.00");
    ASSERT_TRUE(redeem(code, "5.00", {}, "priya")) << "a therapist checks their own client out";
    EXPECT_EQ(attempt("vouchers.write_off_expired", {}, "desk").error().kind, ErrorKind::forbidden);
    EXPECT_TRUE(attempt("vouchers.write_off_expired", {}, "ana"));
}

TEST_F(vouchers_ledger, ADeskThatPrintsBeforeSyncingSendsItsOwnCodeAndItIsKept)
{
    const auto code = service()->new_code();
    EXPECT_EQ(run("vouchers.sell", {{"amount", "30.00"}, {"purchaser", "Ann"}, {"code", code}}, "desk").at("code").as_string(), code);
    const auto again = attempt("vouchers.sell", {{"amount", "30.00"}, {"purchaser", "Bo"}, {"code", code}});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);
    // Without a code the handler cannot make one that every database would agree on.
    const auto none = clinic->bus().execute({"vouchers.sell", {{"amount", "30.00"}, {"purchaser", "Bo"}}, "desk"});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(none.error().field, "code");
}

// Liability, by construction, is the ledger's sum up to a date: checked on a
// random year of sales, redemptions, refunds, voids, write-offs and extensions.
TEST_F(vouchers_ledger, LiabilityAndActivityTotalsEqualTheSumOfTheLedgers)
{
    std::mt19937 rng(7);
    std::vector<std::string> codes;
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int d = 0; d < 500; ++d) {
        clock.set(at("2026-11-22T10:00:00Z") + std::chrono::days{d});
        if (pick(3) == 0)
            codes.push_back(sell(pick(2) ? "50.00" : "120.00"));
        if (!codes.empty() && pick(2) == 0)
            (void)redeem(codes[static_cast<std::size_t>(pick(static_cast<int>(codes.size())))],
                         pick(2) ? "10.00" : "35.50");
        if (!codes.empty() && pick(40) == 0)
            (void)attempt("vouchers.refund",
                          {{"code", codes[static_cast<std::size_t>(pick(static_cast<int>(codes.size())))]},
                           {"amount", "5.00"}},
                          "owner");
        if (!codes.empty() && pick(60) == 0)
            (void)attempt("vouchers.void",
                          {{"code", codes[static_cast<std::size_t>(pick(static_cast<int>(codes.size())))]},
                           {"reason", "test"}},
                          "owner");
        if (d % 30 == 29)
            run("vouchers.write_off_expired", {}, "owner");
        if (d == 450 && !codes.empty())
            (void)attempt("vouchers.extend", {{"code", codes.front()}, {"expires_on", "2028-12-31"}}, "owner");
    }
    ASSERT_GT(codes.size(), 100u);
    std::int64_t balances = 0;
    for (const auto& c : codes) {
        const auto v = voucher(c);
        ASSERT_GE(v.balance.minor, 0);
        balances += v.balance.minor;
    }
    EXPECT_EQ(balances, ledger_sum());
    for (const char* d : {"2026-11-22", "2027-02-28", "2027-06-30", "2027-11-22", "2027-11-23", "2027-12-31",
                          "2028-04-05", "2030-01-01"}) {
        const auto l = service()->liability(db(), day(d));
        ASSERT_TRUE(l);
        EXPECT_EQ(l->total.minor, ledger_sum(d)) << d;
        std::int64_t bands = 0;
        int vouchers = 0;
        for (const auto& b : l->by_age) {
            bands += b.outstanding.minor;
            vouchers += b.vouchers;
        }
        EXPECT_EQ(bands, l->total.minor) << d;
        EXPECT_EQ(vouchers, l->vouchers) << d;
    }
    const auto a = service()->activity(db(), day("2026-11-22"), day("2028-04-05"), "month");
    ASSERT_TRUE(a);
    const auto& t = a->totals;
    EXPECT_EQ(t.sold.minor - t.redeemed.minor - t.refunded.minor - t.voided.minor - t.written_off.minor
                  + t.reinstated.minor,
              ledger_sum("2028-04-05"));
    EXPECT_EQ(a->periods.front().start, "2026-11-22");
    EXPECT_EQ(a->periods[1].start, "2026-12-01");
    EXPECT_EQ(a->periods.back().end, "2028-04-05");
    std::int64_t sold = 0;
    for (const auto& p : a->periods)
        sold += p.sold.minor;
    EXPECT_EQ(sold, t.sold.minor);
    EXPECT_EQ(t.sold_count, static_cast<int>(codes.size()));
    const auto weeks = service()->activity(db(), day("2026-11-22"), day("2026-12-31"), "week");
    ASSERT_TRUE(weeks);
    EXPECT_EQ(weeks->periods[1].start, "2026-11-23") << "weeks start on Monday";
    EXPECT_EQ(service()->activity(db(), day("2026-11-22"), day("2026-12-31"), "fortnight").error().kind,
              ErrorKind::invalid_input);
}

// What scheduling's checkout will do: redeem inside its own command.
class vouchers_checkout : public VouchersModule {
protected:
    void extend_context(PluginContext& context) override
    {
        context.add_command({
            .type = "test.checkout",
            .summary = "Checks a client out, paying with a voucher",
            .roles = all_roles(),
            .handler = [this](CommandContext& ctx) -> Result<json::value> {
                const auto& p = ctx.command.payload;
                auto paid = service()->redeem(ctx, p.at("voucher").as_object());
                if (!paid)
                    return paid.error();
                if (p.contains("then_refuse"))
                    return refused("the card machine declined the rest");
                ctx.touch("appointment", "a1");
                return json::value(json::object{{"balance", paid->balance.amount_text()}});
            },
        });
    }
};

TEST_F(vouchers_checkout, ARedemptionInsideAnotherCommandIsKeptOrUndoneWithIt)
{
    const auto code = sell("50.00");
    json::object paying{{"code", code}, {"amount", "20.00"}, {"appointment_id", "appt-2026-11-22-0930"}};
    const auto refused_checkout = attempt("test.checkout", {{"voucher", paying}, {"then_refuse", true}});
    ASSERT_FALSE(refused_checkout);
    EXPECT_EQ(voucher(code).balance.minor, 5000) << "undone with the checkout";
    EXPECT_EQ(run("test.checkout", {{"voucher", paying}}, "desk").at("balance"), "30.00");
    const auto v = voucher(code);
    EXPECT_EQ(v.ledger.back().appointment_id, "appt-2026-11-22-0930");
    const auto too_much = attempt("test.checkout", {{"voucher", json::object{{"code", code}, {"amount", "31.00"}}}});
    ASSERT_FALSE(too_much);
    EXPECT_EQ(too_much.error().kind, ErrorKind::refused);
}

TEST_F(vouchers_ledger, TheDemoHasARealisticHistory)
{
    // Only the core and this module: the demo's voucher step runs after the core's data.
    clinic.reset();
    auto opened = Clinic::open_in_memory(extensions, clock);
    ASSERT_TRUE(opened);
    clinic = std::move(*opened);
    auto demo = build_demo_clinic(*clinic, DemoOptions{.clients = 5});
    ASSERT_TRUE(demo) << demo.error().message;
    const auto today = day("2026-11-22");
    auto all = service()->list(db(), today, "");
    ASSERT_TRUE(all);
    std::map<std::string, int> statuses;
    for (const auto& v : *all)
        ++statuses[v.status];
    EXPECT_EQ(all->size(), 11u);
    EXPECT_GE(statuses["active"], 5);
    EXPECT_EQ(statuses["expired"], 1);
    EXPECT_EQ(statuses["void"], 1);
    EXPECT_EQ(statuses["refunded"], 1);
    EXPECT_GE(statuses["redeemed"], 2);
    const auto l = service()->liability(db(), today);
    EXPECT_EQ(l->total.minor, ledger_sum(format_date(today)));
    EXPECT_GT(l->total.minor, 0);
    const auto b = service()->breakage(db(), day("2025-11-23"), today);
    EXPECT_EQ(b->net.minor, 3000);
    // The same seed gives the same codes.
    auto again = Clinic::open_in_memory(extensions, clock);
    ASSERT_TRUE(build_demo_clinic(**again, DemoOptions{.clients = 5}));
    EXPECT_EQ(service()->list((*again)->db(), today, "")->front().code, all->front().code);
}

} // namespace
} // namespace fascia::vouchers::test
