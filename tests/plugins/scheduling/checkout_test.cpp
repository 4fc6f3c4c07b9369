// Checkout through the real bus with the vouchers module registered as its
// plugin registers it: split payments, vouchers at the till (two on one bill,
// never more than is due), refunds that give a voucher its money back once
// however often pressed, late-cancellation and no-show fees at the window's
// edge, a fee on another appointment taken with a session's payment, the
// receipt, a client's balance (a card-paid cancelled session is owed back; a
// session still to come is due at the session), and the front desk's day in
// the clinic's zone (Melbourne).
#include "checkout_test_support.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>

namespace fascia::scheduling::test {
namespace {

using ::testing::HasSubstr;

using checkout = CheckoutModule;

TEST_F(checkout, SplitPaymentsPayTheServicePriceFixedAtBooking)
{
    const auto id = booked("2026-11-23T10:00+00:00");
    // A price rise after booking does not change what this client pays.
    ok("services.upsert", {{"id", remedial}, {"name", "60-minute remedial massage"}, {"modality", "remedial"},
                           {"duration_minutes", 60}, {"price", "75.00"}});
    EXPECT_EQ(due(id), "60.00");
    auto r = pay(id, {by("card", "45.00"), by("cash", "15.00")});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("paid"), "60.00");
    EXPECT_EQ(r->result.at("due"), "0.00");
    EXPECT_EQ(r->result.at("payments").as_array().size(), 2u);
    EXPECT_EQ(reason_of(pay(id, {by("card", "1.00")})), "nothing_due");
    // Booked after the rise: the new price. Bad input is exit 2 and changes nothing.
    const auto other = booked("2026-11-24T10:00+00:00");
    EXPECT_EQ(due(other), "75.00");
    for (auto bad : {by("cheque", "10.00"), by("card", "-5"), by("card", "ten"), json::object{{"method", "cash"}}}) {
        auto refused = pay(other, {by("card", "10.00"), bad});
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input) << refused.error().message;
    }
    EXPECT_EQ(due(other), "75.00");
    EXPECT_EQ(count("SELECT count(*) FROM sched_payments WHERE appointment_id = '" + other + "'"), 0);
}

TEST_F(checkout, TwoVouchersOnOneBillTakeOnlyWhatIsDue)
{
    const auto seventy = id_of(ok("services.upsert", {{"name", "75-minute remedial massage"}, {"modality", "remedial"},
                                                      {"duration_minutes", 75}, {"price", "70.00"}}));
    const auto id = booked("2026-11-23T10:00+00:00", seventy);
    const auto first = voucher("50.00");
    const auto second = voucher("50.00");
    auto r = pay(id, {by_voucher(first), by_voucher(second)});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(voucher_balance(first), 0);
    EXPECT_EQ(voucher_balance(second), 3000);
    EXPECT_EQ(r->result.at("due"), "0.00");
    // The redemptions name the appointment (the vouchers module checked it exists).
    EXPECT_EQ(count("SELECT count(*) FROM voucher_ledger WHERE kind = 'redemption' AND appointment_id = '" + id + "'"), 2);
}

TEST_F(checkout, AVoucherCannotPayMoreThanIsDue)
{
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("100.00");
    EXPECT_EQ(reason_of(pay(id, {by_voucher(code, "80.00")})), "more_than_due");
    EXPECT_EQ(reason_of(pay(id, {by("card", "40.00"), by_voucher(code, "30.00")})), "more_than_due");
    // Nothing of a refused checkout is kept: not the card payment, not a redemption.
    EXPECT_EQ(voucher_balance(code), 10000);
    EXPECT_EQ(count("SELECT count(*) FROM sched_payments"), 0);
    EXPECT_EQ(due(id), "60.00");
    ASSERT_TRUE(pay(id, {by("card", "40.00"), by_voucher(code)}));
    EXPECT_EQ(voucher_balance(code), 8000);
    EXPECT_EQ(due(id), "0.00");
}

TEST_F(checkout, TheSameVoucherTwiceIsNamedAsRepeatedAndNothingIsRedeemed)
{
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("50.00");
    // Written the same, or once in lower case with its dashes left out: the same voucher.
    std::string typed = code;
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    for (const auto& payments :
         {json::array{by_voucher(code), by_voucher(code)},
          json::array{by_voucher(code, "20.00"), by("card", "10.00"), by_voucher(typed, "20.00")}}) {
        auto r = pay(id, payments);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(r.error().message, "voucher " + code + " is listed twice; give it once with the whole amount");
    }
    EXPECT_EQ(voucher_balance(code), 5000);
    EXPECT_EQ(due(id), "60.00");
    ASSERT_TRUE(pay(id, {by_voucher(code, "40.00"), by("card", "20.00")})) << "given once, it pays";
}

TEST_F(checkout, AVoidVoucherGivenWithoutAnAmountIsRefusedNotTakenAsNothing)
{
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("50.00");
    ok("vouchers.void", {{"code", code}, {"reason", "card payment reversed"}}, "owner");
    auto r = pay(id, {by_voucher(code)});
    ASSERT_FALSE(r) << "a void voucher paid " << (r ? json::serialize(r->result) : "");
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_THAT(r.error().message, HasSubstr("void"));
    EXPECT_EQ(due(id), "60.00");
    EXPECT_EQ(count("SELECT count(*) FROM sched_payments"), 0);
}

TEST_F(checkout, AServiceVoucherPaysOnlyForItsOwnServiceAndWhole)
{
    const auto swedish = id_of(ok("services.upsert", {{"name", "60-minute Swedish massage"}, {"modality", "swedish"},
                                                      {"duration_minutes", 60}, {"price", "65.00"}}));
    const auto sell_swedish = [&] {
        const auto sold_by = extensions.services.get<vouchers::VoucherService>(vouchers::service_id);
        return std::string(ok("vouchers.sell",
                              {{"code", sold_by->new_code()}, {"service_id", swedish}, {"purchaser", "Ann Lee"}}, "desk")
                               .at("code")
                               .as_string());
    };
    const auto code = sell_swedish();
    // At a remedial massage: refused in words naming both services, with or without an
    // amount (it used to ask to "leave out the amount", or with one pay for the wrong service).
    const auto remedial_session = booked("2026-11-23T10:00+00:00");
    for (const auto& payments : {json::array{by_voucher(code)}, json::array{by_voucher(code, "60.00")},
                                 json::array{by("card", "10.00"), by_voucher(code)}}) {
        auto r = pay(remedial_session, payments);
        ASSERT_FALSE(r) << json::serialize(r->result);
        EXPECT_EQ(r.error().reason, "wrong_service");
        EXPECT_THAT(r.error().message, HasSubstr("is for one 60-minute Swedish massage and pays only for that service,"
                                                 " not for a 60-minute remedial massage"));
    }
    EXPECT_EQ(voucher_balance(code), 6500);
    EXPECT_EQ(due(remedial_session), "60.00");
    // At its own service: whole, never in part.
    const auto swedish_session = booked("2026-11-24T10:00+00:00", swedish);
    EXPECT_EQ(reason_of(pay(swedish_session, {by_voucher(code, "30.00"), by("card", "35.00")})), "service_voucher_whole");
    EXPECT_EQ(reason_of(pay(swedish_session, {by("card", "10.00"), by_voucher(code)})), "more_than_due");
    EXPECT_EQ(voucher_balance(code), 6500);
    auto r = pay(swedish_session, {by_voucher(code)});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("due"), "0.00");
    EXPECT_EQ(voucher_balance(code), 0);
    // Through an "also" list it finds the session of its service, after paying nothing else.
    const auto second = sell_swedish();
    const auto later = booked("2026-11-25T10:00+00:00", swedish);
    r = run("scheduling.checkout",
            {{"id", remedial_session}, {"payments", json::array{by("card", "60.00"), by_voucher(second, "65.00")}},
             {"also", json::array{later}}},
            "desk");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(due(remedial_session), "0.00");
    EXPECT_EQ(due(later), "0.00");
    EXPECT_EQ(count("SELECT count(*) FROM sched_payments WHERE method = 'voucher' AND appointment_id = '" + later + "'"),
              1);
}

TEST_F(checkout, AnAbsurdAmountIsTooLargeWithTheLargestAccepted)
{
    const auto id = booked("2026-11-23T10:00+00:00");
    auto r = pay(id, {by("card", "99999999999999999999.00")});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(r.error().field, "amount");
    EXPECT_THAT(r.error().message, HasSubstr("too large"));
    EXPECT_THAT(r.error().message, HasSubstr("the largest amount accepted is GBP 999999999.99"));
    r = pay(id, {by("card", "0.00")});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "amount: '0.00' must be more than zero");
    EXPECT_EQ(due(id), "60.00");
}

TEST_F(checkout, RefundGivesAVoucherItsMoneyBackOnceWhenPressedTwice)
{
    const auto [id, code] = paid_by_card_and_voucher("2026-11-23T10:00+00:00");
    ASSERT_FALSE(HasFailure());
    auto once = run("scheduling.refund", {{"id", id}}, "desk", "refund-1");
    ASSERT_TRUE(once) << once.error().message;
    EXPECT_EQ(once->result.at("refunded_now"), "60.00");
    EXPECT_EQ(voucher_balance(code), 5000);
    // Pressed again: the same key answers with the first result; a new key finds nothing to refund.
    auto again = run("scheduling.refund", {{"id", id}}, "desk", "refund-1");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(reason_of(run("scheduling.refund", {{"id", id}}, "desk", "refund-2")), "nothing_to_refund");
    EXPECT_EQ(voucher_balance(code), 5000);
    EXPECT_EQ(count("SELECT count(*) FROM voucher_ledger WHERE kind = 'reversal'"), 1);
    EXPECT_EQ(due(id), "60.00");
}

TEST_F(checkout, CancellingGivesAVoucherItsMoneyBackOnceAndLeavesCardMoneyOwedBack)
{
    const auto [id, code] = paid_by_card_and_voucher("2026-11-25T10:00+00:00");
    ASSERT_FALSE(HasFailure());
    ok("scheduling.cancel", {{"id", id}, {"reason", "Feeling better"}, {"by", "client"}}, "desk");
    // The voucher has its 50.00 back at once; the card's 10.00 is the client's until refunded.
    EXPECT_EQ(voucher_balance(code), 5000);
    EXPECT_EQ(bill_json(bill_of(db(), id)).at("credit"), "10.00");
    EXPECT_EQ(client_balance(db(), client, clock.now()).at("credit"), "10.00");
    auto r = run("scheduling.refund", {{"id", id}});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("refunded_now"), "10.00");
    EXPECT_EQ(reason_of(run("scheduling.refund", {{"id", id}})), "nothing_to_refund");
    EXPECT_EQ(voucher_balance(code), 5000) << "given back once";
    EXPECT_EQ(count("SELECT count(*) FROM voucher_ledger WHERE kind = 'reversal'"), 1);
    EXPECT_EQ(client_balance(db(), client, clock.now()).at("credit"), "0.00");
}

TEST_F(checkout, ALateCancellationFeeStartsInsideTheWindowNotAtItsEdge)
{
    ok("settings.update", {{"modules", {{std::string(late_cancel_fee_setting), 50}}}});
    // The window is 24 hours (the default): cancelled exactly 24 hours before is not late.
    const auto on_time = booked("2026-11-24T10:00+00:00");
    clock.set(at("2026-11-23T10:00:00Z"));
    ok("scheduling.cancel", {{"id", on_time}, {"reason", "Work"}, {"by", "client"}}, "desk");
    EXPECT_EQ(bill_json(bill_of(db(), on_time)).at("fee"), "0.00");
    // One minute inside it is late: half the price is owed.
    const auto late = booked("2026-11-25T10:00+00:00");
    clock.set(at("2026-11-24T10:01:00Z"));
    ok("scheduling.cancel", {{"id", late}, {"reason", "Work"}, {"by", "client"}}, "desk");
    const auto b = bill_json(bill_of(db(), late));
    EXPECT_EQ(b.at("fee_kind"), "late_cancel");
    EXPECT_EQ(b.at("due"), "30.00");
    // The receipt says it in words; the JSON keeps the code.
    const auto receipt = receipt_json(db(), dependencies_of(clinic->extensions()).vetting, late);
    EXPECT_EQ(receipt.at("fee_kind"), "late_cancel");
    EXPECT_THAT(receipt_text(receipt), HasSubstr("Charge:     30.00 GBP (late cancellation fee)"));
    const auto balance = client_balance(db(), client, clock.now());
    EXPECT_EQ(balance.at("owed"), "30.00");
    ASSERT_EQ(balance.at("appointments").as_array().size(), 1u);
    ASSERT_TRUE(pay(late, {by("card", "30.00")}));
    EXPECT_EQ(client_balance(db(), client, clock.now()).at("owed"), "0.00");
}

TEST_F(checkout, ANoShowOwesTheClinicsFeeAndNothingByDefault)
{
    const auto free = booked("2026-11-23T10:00+00:00");
    clock.set(at("2026-11-23T11:30:00Z"));
    ok("scheduling.no_show", {{"id", free}}, "desk");
    EXPECT_EQ(due(free), "0.00");
    ok("settings.update", {{"modules", {{std::string(no_show_fee_setting), 100}}}});
    const auto fee = booked("2026-11-24T10:00+00:00");
    clock.set(at("2026-11-24T11:30:00Z"));
    ok("scheduling.no_show", {{"id", fee}}, "desk");
    EXPECT_EQ(due(fee), "60.00");
    EXPECT_EQ(client_balance(db(), client, clock.now()).at("owed"), "60.00");
}

TEST_F(checkout, RedeemingAVoucherForAnAppointmentThatDoesNotExistIsRefused)
{
    const auto code = voucher("50.00");
    auto r = run("vouchers.redeem", {{"code", code}, {"amount", "10.00"}, {"appointment_id", "no-such-appointment"}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(r.error().message, HasSubstr("no appointment no-such-appointment"));
    EXPECT_EQ(voucher_balance(code), 5000);
    const auto id = booked("2026-11-23T10:00+00:00");
    EXPECT_TRUE(run("vouchers.redeem", {{"code", code}, {"amount", "10.00"}, {"appointment_id", id}}));
    EXPECT_EQ(voucher_balance(code), 4000);
}

TEST_F(checkout, TheReceiptHasTheTherapistsRegistrationAndTheAmounts)
{
    ok("settings.update", {{"name", "Harbour Remedial"}, {"address", "1 Quay St, Bristol BS1 4DJ"}});
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("20.00");
    ASSERT_TRUE(pay(id, {by("card", "40.00"), by_voucher(code)}));
    const auto text = receipt_text(receipt_json(db(), dependencies_of(clinic->extensions()).vetting, id));
    EXPECT_THAT(text, HasSubstr("Harbour Remedial"));
    EXPECT_THAT(text, HasSubstr("1 Quay St, Bristol BS1 4DJ"));
    EXPECT_THAT(text, HasSubstr("2026-11-23 10:00–11:00"));
    EXPECT_THAT(text, HasSubstr("registration GCMT G-priya"));
    EXPECT_THAT(text, HasSubstr("Paid:       40.00 GBP by card"));
    EXPECT_THAT(text, HasSubstr("Paid:       20.00 GBP by voucher " + code));
    EXPECT_THAT(text, HasSubstr("Due:        0.00 GBP"));
}

TEST_F(checkout, ACardPaidSessionCancelledWithoutAFeeIsOwedBackUntilRefunded)
{
    ok("settings.update", {{"modules", {{std::string(late_cancel_fee_setting), 50}}}});
    const auto early = booked("2026-11-26T10:00+00:00");
    const auto by_clinic = booked("2026-11-27T10:00+00:00");
    const auto charged = booked("2026-11-24T09:00+00:00");
    for (const auto& id : {early, by_clinic, charged})
        ASSERT_TRUE(pay(id, {by("card", "10.00")}));
    // Paid, still to come: nothing owed, nothing owed back.
    auto balance = client_balance(db(), client, clock.now());
    EXPECT_EQ(balance.at("owed"), "0.00");
    EXPECT_EQ(balance.at("credit"), "0.00");
    // In good time (three days ahead); by the clinic a day ahead (no fee); and by the client
    // inside the window (half the price, 30.00, of which 10.00 is paid).
    ok("scheduling.cancel", {{"id", early}, {"reason", "Away"}, {"by", "client"}}, "desk");
    clock.set(at("2026-11-23T12:00:00Z"));
    ok("scheduling.cancel", {{"id", by_clinic}, {"reason", "Therapist unwell"}, {"by", "clinic"}}, "desk");
    ok("scheduling.cancel", {{"id", charged}, {"reason", "Work"}, {"by", "client"}}, "desk");
    balance = client_balance(db(), client, clock.now());
    EXPECT_EQ(balance.at("credit"), "20.00") << "the card money of both fee-free cancellations is the client's";
    EXPECT_EQ(balance.at("owed"), "20.00") << "the late one's fee less what was paid";
    ASSERT_TRUE(run("scheduling.refund", {{"id", early}}));
    balance = client_balance(db(), client, clock.now());
    EXPECT_EQ(balance.at("credit"), "10.00");
    EXPECT_EQ(bill_json(bill_of(db(), early)).at("credit"), "0.00");
}

TEST_F(checkout, AFeeOnAnotherAppointmentIsTakenWithTheSessionsPaymentEachOnItsOwn)
{
    ok("settings.update", {{"modules", {{std::string(no_show_fee_setting), 50}}}});
    const auto missed = booked("2026-11-23T10:00+00:00");
    const auto today = booked("2026-11-24T10:00+00:00");
    clock.set(at("2026-11-23T11:30:00Z"));
    ok("scheduling.no_show", {{"id", missed}}, "desk");
    ASSERT_EQ(due(missed), "30.00");
    clock.set(at("2026-11-24T11:00:00Z"));
    const auto code = voucher("50.00");
    // 60.00 for the session and the 30.00 fee: 40.00 by card, the voucher the other 50.00.
    auto r = run("scheduling.checkout",
                 {{"id", today}, {"payments", json::array{by("card", "40.00"), by_voucher(code)}}, {"also", {missed}}},
                 "desk");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("due"), "0.00");
    EXPECT_EQ(r->result.at("also").as_array().at(0).at("due"), "0.00");
    EXPECT_EQ(due(missed), "0.00");
    EXPECT_EQ(voucher_balance(code), 0);
    EXPECT_EQ(client_balance(db(), client, clock.now()).at("owed"), "0.00");
    // Each appointment its own payments: the card on the session, the voucher 20.00 on the
    // session and 30.00 on the fee (two redemptions, each naming its appointment).
    const auto payments = [&](const std::string& id) {
        auto q = db().query("SELECT group_concat(method || ' ' || amount_minor, ', ') FROM (SELECT method, amount_minor"
                            " FROM sched_payments WHERE appointment_id = ? ORDER BY rowid)",
                            id);
        return q.step() && !q.is_null(0) ? q.text(0) : std::string();
    };
    EXPECT_EQ(payments(today), "card 4000, voucher 2000");
    EXPECT_EQ(payments(missed), "voucher 3000");
    EXPECT_EQ(count("SELECT count(*) FROM voucher_ledger WHERE kind = 'redemption' AND appointment_id = '" + missed + "'"), 1);
    // The fee's receipt shows its own payment.
    const auto text = receipt_text(receipt_json(db(), dependencies_of(clinic->extensions()).vetting, missed));
    EXPECT_THAT(text, HasSubstr("Paid:       30.00 GBP by voucher " + code));
    EXPECT_THAT(text, HasSubstr("(no-show fee)"));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("no_show")));
}

TEST_F(checkout, AlsoTakesOnlyTheSameClientsDuesAndNothingOfARefusedOne)
{
    ok("settings.update", {{"modules", {{std::string(no_show_fee_setting), 50}}}});
    const auto missed = booked("2026-11-23T10:00+00:00");
    const auto session = booked("2026-11-24T10:00+00:00");
    clock.set(at("2026-11-23T11:30:00Z"));
    ok("scheduling.no_show", {{"id", missed}}, "desk");
    auto theirs = book("tom", "2026-11-24T10:00+00:00", screened_client());
    ASSERT_TRUE(theirs) << theirs.error().message;
    const auto with = [&](json::array also, const char* amount) {
        return run("scheduling.checkout",
                   {{"id", session}, {"payments", json::array{by("card", amount)}}, {"also", std::move(also)}}, "desk");
    };
    // Another client's, the same one twice, one that does not exist: bad input.
    for (auto bad : {json::array{id_of(theirs->result)}, json::array{missed, missed}, json::array{"no-such-appointment"}}) {
        auto r = with(bad, "10.00");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << r.error().message;
    }
    // More than the two together: refused, and nothing is kept.
    EXPECT_EQ(reason_of(with({missed}, "90.01")), "more_than_due");
    EXPECT_EQ(count("SELECT count(*) FROM sched_payments"), 0);
    // Paying only the session: the answer says the fee got nothing now, not just what is due.
    auto first = with({missed}, "40.00");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->result.at("paid_now"), "40.00");
    EXPECT_EQ(first->result.at("also").at(0).at("paid_now"), "0.00");
    EXPECT_EQ(first->result.at("also").at(0).at("due"), "30.00");
    auto rest = with({missed}, "50.00");
    ASSERT_TRUE(rest) << rest.error().message;
    EXPECT_EQ(rest->result.at("paid_now"), "20.00");
    EXPECT_EQ(rest->result.at("also").at(0).at("paid_now"), "30.00");
    // Paid now: naming it again is refused.
    const auto next = booked("2026-11-25T10:00+00:00");
    EXPECT_EQ(reason_of(run("scheduling.checkout",
                            {{"id", next}, {"payments", json::array{by("card", "10.00")}}, {"also", {missed}}}, "desk")),
              "nothing_due");
}

class checkout_melbourne : public CheckoutModule {
protected:
    // Monday 23 November 2026, 19:00 in Melbourne (AEDT, UTC+11).
    const char* start_time() const override { return "2026-11-23T08:00:00Z"; }
};

TEST_F(checkout_melbourne, TodayIsMelbournesDayAt0730And2000Local)
{
    ok("settings.update", {{"time_zone", "Australia/Melbourne"}});
    // Tuesday 24th in Melbourne: 09:00 (still the 23rd in UTC) and 16:00; and
    // Wednesday 25th 09:00 (the 24th in UTC), which is not Tuesday's.
    const auto early = booked("2026-11-24T09:00+11:00");
    const auto late = booked("2026-11-24T16:00+11:00");
    const auto wednesday = booked("2026-11-25T09:00+11:00");
    ASSERT_FALSE(wednesday.empty());
    ASSERT_TRUE(pay(early, {by("cash", "60.00")}));
    const auto ids = [&](const json::object& day) {
        std::vector<std::string> out;
        for (const auto& a : day.at("appointments").as_array())
            out.emplace_back(a.at("id").as_string());
        return out;
    };
    for (const char* now : {"2026-11-23T20:30:00Z" /* 07:30 Tue */, "2026-11-24T09:00:00Z" /* 20:00 Tue */}) {
        const auto day = today_list(db(), at(now));
        EXPECT_EQ(day.at("date"), "2026-11-24") << now;
        EXPECT_EQ(ids(day), (std::vector<std::string>{early, late})) << now;
        EXPECT_EQ(day.at("appointments").as_array()[0].at("paid"), true);
        EXPECT_EQ(day.at("appointments").as_array()[1].at("paid"), false);
        EXPECT_EQ(day.at("appointments").as_array()[0].at("start"), "2026-11-24T09:00:00+11:00");
        // Not arrived after its start: late at 20:00, not yet at 07:30.
        const bool evening = std::string(now) == "2026-11-24T09:00:00Z";
        EXPECT_EQ(day.at("appointments").as_array()[1].at("late"), evening) << now;
        EXPECT_EQ(std::string(day.at("appointments").as_array()[1].at("client_name").as_string()).rfind("Client N", 0), 0u)
            << now; // the fixture's client, by name for the desk
    }
}

} // namespace
} // namespace fascia::scheduling::test
