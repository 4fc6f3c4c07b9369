// Append-only vetting records sync: a desk's tentative CPD entry is taken back
// and replayed during a rebase, while nobody else may delete one.
#include "contributions.h"

#include <fascia/plugin.h>
#include <fascia/sync.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace fascia;
namespace json = boost::json;

namespace {

class VettingSync : public ::testing::Test {
protected:
    void SetUp() override
    {
        register_core(extensions);
        PluginContext context("vetting", extensions);
        vetting::contribute(context);
        ASSERT_TRUE(extensions.merge(std::move(context.staged())));
        server = std::move(*Clinic::open_in_memory(extensions, clock));
        desk = std::move(*Clinic::open_in_memory(extensions, clock));
        authority = std::make_unique<sync::Authority>(*server);
        replica = std::make_unique<sync::Replica>(*desk);
        ASSERT_TRUE(server->bus().execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""}));
        ASSERT_TRUE(server->bus().execute({"staff.create", {{"username", "priya"}, {"role", "therapist"}}, "owner"}));
        std::string connection;
        const auto enrolled = authority->handle(
            {{"type", "enroll"}, {"code", *authority->create_enroll_code(std::string(64, 'c'))}}, connection);
        device = json::value_to<std::string>(enrolled.at("device"));
        token = json::value_to<std::string>(enrolled.at("token"));
        ASSERT_TRUE(replica->save_enrollment("in-process", device, token, ""));
        ASSERT_TRUE(round());
    }

    Result<sync::RoundReport> round()
    {
        std::string connection;
        authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", device}, {"token", token}}, connection);
        return replica->run_round([&](const json::object& m) -> Result<json::object> {
            return authority->handle(m, connection);
        });
    }

    Result<CommandOutcome> add_cpd(Clinic& clinic, const char* topic)
    {
        return clinic.bus().execute({"vetting.add_cpd",
                                     {{"therapist", "priya"}, {"hours", "6"}, {"on", "2026-11-01"}, {"topic", topic}},
                                     "owner"});
    }

    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    Extensions extensions;
    std::unique_ptr<Clinic> server, desk;
    std::unique_ptr<sync::Authority> authority;
    std::unique_ptr<sync::Replica> replica;
    std::string device, token;
};

} // namespace

TEST_F(VettingSync, ATentativeAppendOnlyRowIsTakenBackAndReplayedDuringARebase)
{
    ASSERT_TRUE(add_cpd(*desk, "Neuropathic pain"));   // tentative, on the desk
    ASSERT_TRUE(add_cpd(*server, "Sciatica update"));  // meanwhile, at the authority
    const auto r = round();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->accepted, 1);
    EXPECT_EQ(sync::state_hash(desk->db()), sync::state_hash(server->db()));
    auto q = desk->db().query("SELECT count(*) FROM vetting_cpd");
    q.step();
    EXPECT_EQ(q.integer(0), 2);
}

TEST_F(VettingSync, OutsideARebaseTheRowsStayAppendOnly)
{
    ASSERT_TRUE(add_cpd(*desk, "Neuropathic pain"));
    EXPECT_THROW(desk->db().exec("DELETE FROM vetting_cpd"), Failure);
}
