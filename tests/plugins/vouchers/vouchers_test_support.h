#pragma once
// Shared by the vouchers tests: the module in-process on an in-memory clinic
// with a clock the test moves, and the real `fascia` against a clinic in a
// fresh temp folder with the clock pinned (FASCIA_TEST_NOW).
#include "contributions.h"
#include "ledger.h"
#include "module_cli_test.h"
#include "module_test.h"
#include "voucher_code.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>

namespace fascia::vouchers::test {

namespace json = boost::json;
using fascia::test::ProcessResult;

inline Instant at(const char* text)
{
    return *parse_instant(text);
}

inline std::chrono::year_month_day day(const char* text)
{
    return *parse_date(text);
}

/// The module registered exactly as the plugin registers it, on a clinic in memory.
class VouchersModule : public fascia::test::ModuleTest {
protected:
    void SetUp() override
    {
        load_module("vouchers", [this](PluginContext& context) {
            contribute(context);
            extend_context(context);
        });
        if (HasFatalFailure())
            return;
        add_staff({{"owner", "owner"}, {"ana", "admin"}, {"desk", "front_desk"}, {"priya", "therapist"}});
        auto service = clinic->bus().execute({"services.upsert",
                                              {{"name", "60-minute remedial massage"},
                                               {"modality", "remedial"},
                                               {"duration_minutes", 60},
                                               {"price", "75.00"}},
                                              "owner"});
        ASSERT_TRUE(service) << service.error().message;
        remedial = std::string(service->result.at("id").as_string());
    }

    /// A hook for tests that add their own commands (a checkout that redeems).
    virtual void extend_context(PluginContext&) {}

    VoucherService* service() const { return service_at<VoucherService>(service_id); }

    /// A sale's payload gets a fresh code unless it has one, as every front end draws one.
    json::object coded(const std::string& type, json::object payload) const
    {
        if (type == sell_command && !payload.contains("code"))
            payload["code"] = service()->new_code();
        return payload;
    }

    /// Runs a command that must succeed; returns its result.
    json::value run(const std::string& type, json::object payload, std::string actor = "owner", std::string key = {})
    {
        return must(type, coded(type, std::move(payload)), std::move(actor), std::move(key));
    }

    /// Runs a command that may fail.
    Result<CommandOutcome> attempt(const std::string& type, json::object payload, std::string actor = "desk",
                                   std::string key = {})
    {
        return execute(type, coded(type, std::move(payload)), std::move(actor), std::move(key));
    }

    /// Sells a voucher for an amount (as the front desk); returns its code.
    std::string sell(const char* amount = "50.00", json::object extra = {})
    {
        extra["amount"] = amount;
        extra["purchaser"] = "Ann Lee";
        const auto r = run("vouchers.sell", std::move(extra), "desk");
        return r.is_object() ? std::string(r.at("code").as_string()) : std::string();
    }

    Result<CommandOutcome> redeem(const std::string& code, const char* amount, std::string key = {},
                                  std::string actor = "desk")
    {
        json::object p{{"code", code}};
        if (amount)
            p["amount"] = amount;
        return attempt("vouchers.redeem", std::move(p), std::move(actor), std::move(key));
    }

    Voucher voucher(const std::string& code)
    {
        auto v = service()->find(db(), code, service()->clinic_date(db(), clock.now()));
        EXPECT_TRUE(v) << v.error().message;
        return v ? *v : Voucher{};
    }

    /// Sum of every ledger entry effective on or before a date.
    std::int64_t ledger_sum(const std::string& up_to = "9999-12-31")
    {
        auto q = db().query("SELECT coalesce(sum(amount_minor), 0) FROM voucher_ledger WHERE effective_on <= ?",
                            up_to);
        q.step();
        return q.integer(0);
    }

    std::string remedial;
};

/// Runs the real `fascia` against <temp>/clinic.db, as a person would.
class VouchersCli : public fascia::test::ModuleCliTest {
protected:
    VouchersCli() : ModuleCliTest("vouchers") {}

    void init_clinic()
    {
        const auto r = fascia({"init"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        for (const auto& [user, role] : {std::pair{"desk", "front_desk"}, {"ana", "admin"}, {"priya", "therapist"}}) {
            const auto s = fascia({"staff", "add", user, "--role", role});
            ASSERT_EQ(s.exit_code, 0) << s.err;
        }
    }

    /// `fascia voucher sell --amount AMOUNT --purchaser Ann --json`; returns the code.
    std::string sell(const std::string& amount = "50.00", std::vector<std::string> extra = {})
    {
        std::vector<std::string> args{"voucher", "sell", "--amount", amount, "--purchaser", "Ann Lee", "--json",
                                      "--as", "desk"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0 ? std::string(parsed(r).at("code").as_string()) : std::string();
    }

    json::value show(const std::string& code)
    {
        const auto r = fascia({"voucher", "show", code, "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return parsed(r);
    }
};

} // namespace fascia::vouchers::test
