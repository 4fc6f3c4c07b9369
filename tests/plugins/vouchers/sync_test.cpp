// Vouchers through sync: the authority re-runs every redemption, so two desks
// that each redeem from the same voucher while offline cannot overspend it.
#include "vouchers_test_support.h"

#include <fascia/sync.h>

#include <gmock/gmock.h>

using namespace fascia;
using namespace fascia::vouchers;
using namespace fascia::vouchers::test;

namespace {

class VouchersSync : public VouchersModule {
protected:
    struct Desk {
        std::unique_ptr<Clinic> clinic;
        std::unique_ptr<sync::Replica> replica;
        std::string device, token;
    };

    void SetUp() override
    {
        VouchersModule::SetUp();
        authority = std::make_unique<sync::Authority>(*clinic);
        for (auto* desk : {&a, &b}) {
            desk->clinic = std::move(*Clinic::open_in_memory(extensions, clock));
            desk->replica = std::make_unique<sync::Replica>(*desk->clinic);
            std::string connection;
            const auto enrolled = authority->handle(
                {{"type", "enroll"}, {"code", *authority->create_enroll_code(std::string(64, 'e'))}}, connection);
            desk->device = json::value_to<std::string>(enrolled.at("device"));
            desk->token = json::value_to<std::string>(enrolled.at("token"));
            ASSERT_TRUE(desk->replica->save_enrollment("in-process", desk->device, desk->token, ""));
        }
    }

    Result<sync::RoundReport> round(Desk& desk)
    {
        std::string connection;
        authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}},
                          connection);
        return desk.replica->run_round(
            [&](const json::object& m) -> Result<json::object> { return authority->handle(m, connection); });
    }

    std::unique_ptr<sync::Authority> authority;
    Desk a, b;
};

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
    const auto first = round(a);
    const auto second = round(b);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->accepted, 1);
    EXPECT_EQ(second->refused, 1);
    ASSERT_TRUE(round(a));
    EXPECT_EQ(service()->find(clinic->db(), code, day("2026-11-22"))->balance.minor, 2000) << "one £30 redemption, not two";
    for (auto* desk : {&a, &b})
        EXPECT_EQ(sync::state_hash(desk->clinic->db()), sync::state_hash(clinic->db()));
    ASSERT_EQ(b.replica->status().refused.size(), 1u);
    EXPECT_THAT(b.replica->status().refused[0].reason, ::testing::HasSubstr("insufficient"));
}
