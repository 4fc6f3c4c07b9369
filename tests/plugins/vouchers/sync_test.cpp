// Vouchers through sync: the authority re-runs every redemption, so two desks
// that each redeem from the same voucher while offline cannot overspend it.
#include "two_desks_sync.h"
#include "vouchers_test_support.h"

#include <fascia/sync.h>

#include <gmock/gmock.h>

using namespace fascia;
using namespace fascia::vouchers;
using namespace fascia::vouchers::test;

namespace {

using VouchersSync = fascia::test::TwoDesksSync<VouchersModule>;

} // namespace

TEST_F(VouchersSync, TwoOfflineDesksCannotSpendAVoucherTwice)
{
    const auto sold = run(std::string(sell_command), coded(std::string(sell_command),
                                                           {{"amount", "50.00"}, {"purchaser", "Mere Tane"}}),
                          "desk");
    const std::string code(sold.at("code").as_string());
    ASSERT_TRUE(round(a));
    ASSERT_TRUE(round(b));
    // Both desks take £30 at their own checkout while the network is down: each desk alone allows it.
    for (auto* desk : {&a, &b})
        ASSERT_TRUE(desk->clinic->bus().execute(
            {std::string(redeem_command), {{"code", code}, {"amount", "30.00"}}, "desk"}));
    ASSERT_NO_FATAL_FAILURE(expect_first_to_sync_wins());
    EXPECT_EQ(service()->find(clinic->db(), code, day("2026-11-22"))->balance.minor, 2000) << "one £30 redemption, not two";
    for (auto* desk : {&a, &b})
        EXPECT_EQ(sync::state_hash(desk->clinic->db()), sync::state_hash(clinic->db()));
    ASSERT_EQ(b.replica->status().refused.size(), 1u);
    EXPECT_THAT(b.replica->status().refused[0].reason, ::testing::HasSubstr("not enough on voucher"));
}
