// Twenty real `fascia` processes each redeem £10 from one £50 voucher at the
// same moment. The bus's BEGIN IMMEDIATE queues them, and each handler reads
// the balance inside its own transaction, so exactly five succeed and the
// other fifteen are refused as insufficient; the balance ends at zero and no
// entry ever took it below.
#include "vouchers_test_support.h"

#include <gmock/gmock.h>

namespace fascia::vouchers::test {
namespace {

using ::testing::HasSubstr;

using vouchers_concurrency = VouchersCli;

TEST_F(vouchers_concurrency, TwentyProcessesRedeemingTenFromFiftyAtOnceOverspendNothing)
{
    ASSERT_EQ(fascia({"init"}).exit_code, 0);
    const auto code = sell("50.00", {"--as", "owner"});
    ASSERT_FALSE(code.empty());

    const auto results = fascia_at_once(20, [&](int i) -> std::vector<std::string> {
        return {"voucher", "redeem", code, "--amount", "10.00", "--key", "desk-" + std::to_string(i), "--json"};
    });

    int succeeded = 0, refused = 0;
    for (const auto& r : results) {
        if (r.exit_code == 0) {
            ++succeeded;
        } else {
            ++refused;
            EXPECT_EQ(r.exit_code, 1) << r.err;
            EXPECT_THAT(r.err, HasSubstr("not enough on voucher"));
        }
    }
    EXPECT_EQ(succeeded, 5);
    EXPECT_EQ(refused, 15);

    const auto v = show(code);
    EXPECT_EQ(v.at("balance"), "0.00");
    const auto& ledger = v.at("ledger").as_array();
    ASSERT_EQ(ledger.size(), 6u);
    std::set<std::string> balances_after;
    for (const auto& e : ledger) {
        EXPECT_FALSE(std::string(e.at("balance_after").as_string()).starts_with("-"));
        balances_after.insert(std::string(e.at("balance_after").as_string()));
    }
    // Each success saw the one before it: 40, 30, 20, 10, 0 (and the sale's 50).
    EXPECT_EQ(balances_after, (std::set<std::string>{"50.00", "40.00", "30.00", "20.00", "10.00", "0.00"}));
    // What each success printed is one of those balances, each exactly once.
    std::set<std::string> printed;
    for (const auto& r : results)
        if (r.exit_code == 0)
            printed.insert(std::string(parsed(r).at("balance").as_string()));
    EXPECT_EQ(printed.size(), 5u);
}

} // namespace
} // namespace fascia::vouchers::test
