#pragma once
// Checkout's tests start here: the scheduling fixture with the vouchers module
// registered (before scheduling, as the plugin host orders them), vouchers for
// sale, and payments in the command's shape.
#include "checkout.h"
#include "scheduling_test_support.h"

namespace fascia::vouchers {
void contribute(PluginContext& context);
}

namespace fascia::scheduling::test {

class CheckoutModule : public SchedulingModule {
protected:
    void contribute_before_scheduling() override
    {
        PluginContext context("vouchers", extensions);
        vouchers::contribute(context);
        auto merged = extensions.merge(std::move(context.staged()));
        ASSERT_TRUE(merged) << merged.error().message;
    }

    /// A gift voucher for an amount; its code.
    std::string voucher(const char* amount)
    {
        const auto code = extensions.services.get<vouchers::VoucherService>(vouchers::service_id)->new_code();
        return std::string(ok("vouchers.sell", {{"code", code}, {"amount", amount}, {"purchaser", "Ann Lee"},
                                                {"paid_by", "card"}},
                              "desk")
                               .at("code")
                               .as_string());
    }

    std::int64_t voucher_balance(const std::string& code)
    {
        auto q = db().query("SELECT coalesce(sum(e.amount_minor), 0) FROM voucher_ledger e JOIN vouchers v"
                            " ON v.id = e.voucher_id WHERE v.code = ?",
                            code);
        q.step();
        return q.integer(0);
    }

    /// An appointment for the fixture's client with priya at `start`, for `service` (default remedial, 60.00).
    std::string booked(const std::string& start, std::string service_id = {})
    {
        auto r = book("priya", start, {}, std::move(service_id));
        EXPECT_TRUE(r) << r.error().message;
        return r ? id_of(r->result) : std::string();
    }

    Result<CommandOutcome> pay(const std::string& id, json::array payments, std::string key = {})
    {
        return run("scheduling.checkout", {{"id", id}, {"payments", std::move(payments)}}, "desk", std::move(key));
    }

    static json::object by(const char* method, const char* amount) { return {{"method", method}, {"amount", amount}}; }
    static json::object by_voucher(const std::string& code, const char* amount = nullptr)
    {
        json::object p{{"method", "voucher"}, {"code", code}};
        if (amount)
            p["amount"] = amount;
        return p;
    }

    /// A 60.00 session at `start` paid 10.00 by card and 50.00 by a new voucher,
    /// which that empties: {appointment id, voucher code}.
    std::pair<std::string, std::string> paid_by_card_and_voucher(const std::string& start)
    {
        const auto id = booked(start);
        const auto code = voucher("50.00");
        EXPECT_TRUE(pay(id, {by("card", "10.00"), by_voucher(code)}));
        EXPECT_EQ(voucher_balance(code), 0);
        return {id, code};
    }

    std::string due(const std::string& id) { return std::string(bill_json(bill_of(db(), id)).at("due").as_string()); }
};

} // namespace fascia::scheduling::test
