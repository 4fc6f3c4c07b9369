// Signed commands: once the clinic has signing keys, the sync server believes
// an actor only when that actor's key signed the command for that device. A
// desk's database opened by someone else cannot act as the owner.
#include "sync_support.h"

#include <fascia/commands.h>
#include <fascia/signing.h>

#include <gtest/gtest.h>

namespace fascia::test {
namespace {

namespace json = boost::json;

const std::string owner_password = "correct horse battery";

class SecuritySigning : public ::testing::Test {
protected:
    void SetUp() override
    {
        world.create_clinic();
        // The owner sets a password on the server: it comes with her signing key.
        const auto set = run_process(FASCIA_CLI, {"--db", world.daemon_db(), "staff", "password", "maria",
                                                  "--password-stdin"},
                                     world.env(), owner_password + "\n");
        ASSERT_EQ(set.exit_code, 0) << set.err;
        world.start_daemon();
        world.enroll_desk("front");
    }

    json::object staff_create(const std::string& key, const std::string& username)
    {
        return {{"type", "staff.create"},
                {"payload", json::object{{"username", username}, {"role", "owner"}, {"display_name", "Eve Adams"}}},
                {"actor", "maria"},
                {"key", key},
                {"hlc", stamp_at(std::chrono::system_clock::now())}};
    }

    const json::object& only_result(const json::object& reply)
    {
        EXPECT_EQ(reply.at("type"), "pushed") << json::serialize(reply);
        return reply.at("results").as_array().at(0).as_object();
    }

    SyncWorld world;
};

TEST_F(SecuritySigning, AnUnsignedCommandIsRefused)
{
    RawClient desk(world.port);
    desk.enroll(world.enroll_code(), "stolen");
    const auto reply = desk.request(
        {{"type", "push"}, {"commands", json::array{staff_create("01a20123-0000-7000-8000-0000000000e1", "eve")}}});
    const auto& result = only_result(reply);
    EXPECT_EQ(result.at("status"), "refused");
    EXPECT_EQ(result.at("code"), "unauthenticated");
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM staff WHERE username = 'eve'"), 0);
}

TEST_F(SecuritySigning, AForgedActorIsRefused)
{
    // Someone who can open the desk's database claims to be the owner ...
    const auto forged = world.desk("front", {"--as", "maria", "staff", "add", "eve", "--role", "owner"});
    EXPECT_EQ(forged.exit_code, 2) << "no password, no signature: " << forged.err;
    const auto guessed = run_process(FASCIA_CLI,
                                     {"--db", world.desk_db("front"), "--as", "maria", "--signing-password-stdin",
                                      "staff", "add", "eve", "--role", "owner"},
                                     world.env(), "password123\n");
    EXPECT_EQ(guessed.exit_code, 1) << guessed.err;
    EXPECT_NE(guessed.err.find("wrong password"), std::string::npos) << guessed.err;

    // ... or signs with a key of their own, bypassing the desk.
    auto own = new_signing_key("attacker's own password");
    ASSERT_TRUE(own);
    auto key = unseal_signing_key(*own, "attacker's own password");
    ASSERT_TRUE(key);
    RawClient desk(world.port);
    const auto [device, token] = desk.enroll(world.enroll_code(), "stolen");
    auto command = staff_create("01a20123-0000-7000-8000-0000000000e2", "eve");
    const Command as_signed{"staff.create", command.at("payload").as_object(), "maria",
                            "01a20123-0000-7000-8000-0000000000e2", std::string(command.at("hlc").as_string())};
    command["signature"] = key->sign(signing_message(as_signed, json::serialize(command.at("payload")), device));
    const auto reply = desk.request({{"type", "push"}, {"commands", json::array{command}}});
    const auto& result = only_result(reply);
    EXPECT_EQ(result.at("status"), "refused");
    EXPECT_EQ(result.at("code"), "unauthenticated");
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM staff WHERE username = 'eve'"), 0);

    // The owner herself, with her password, is believed; the server records the desk it came from.
    const auto real = run_process(FASCIA_CLI,
                                  {"--db", world.desk_db("front"), "--as", "maria", "--signing-password-stdin",
                                   "staff", "add", "liam", "--role", "front_desk"},
                                  world.env(), owner_password + "\n");
    ASSERT_EQ(real.exit_code, 0) << real.err;
    const auto round = world.desk_json("front", {"sync", "run"});
    EXPECT_EQ(round.at("accepted"), 1) << json::serialize(round);
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM staff WHERE username = 'liam'"), 1);
    const auto front_device = world.desk_json("front", {"sync", "status"}).at("device");
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM command_log WHERE type = 'staff.create' AND device = '"
                                                 + std::string(front_device.as_string()) + "'"),
              1);
}

TEST_F(SecuritySigning, StaffWithoutAKeyAreToldWhatToDoAndTheirNewPasswordBringsOne)
{
    const auto as_maria = [&](std::vector<std::string> args, const std::string& input) {
        args.insert(args.begin(), {"--db", world.desk_db("front"), "--as", "maria", "--signing-password-stdin"});
        return run_process(FASCIA_CLI, args, world.env(), input);
    };
    ASSERT_EQ(as_maria({"staff", "add", "liam", "--role", "front_desk"}, owner_password + "\n").exit_code, 0);
    ASSERT_EQ(world.desk("front", {"sync", "run"}).exit_code, 0);

    // Liam has no key (his account predates it): the desk says what to do, and keeps nothing.
    const auto keyless = world.desk("front", {"--as", "liam", "clients", "add", "--first-name", "Ngaio", "--last-name",
                                              "Marsh", "--dob", "1975-04-23"});
    EXPECT_EQ(keyless.exit_code, 1) << keyless.err;
    EXPECT_NE(keyless.err.find("liam has no signing key yet"), std::string::npos) << keyless.err;
    EXPECT_NE(keyless.err.find("fascia staff password liam"), std::string::npos) << keyless.err;
    EXPECT_EQ(sql_integer(world.desk_db("front"), "SELECT count(*) FROM clients"), 0);
    // The server says the same to a desk that sends his command unsigned anyway.
    RawClient raw(world.port);
    raw.enroll(world.enroll_code(), "older desk");
    const auto reply = raw.request(
        {{"type", "push"},
         {"commands", json::array{json::object{
                          {"type", "clients.create"},
                          {"payload", json::object{{"first_name", "Ngaio"}, {"last_name", "Marsh"},
                                                   {"date_of_birth", "1975-04-23"}}},
                          {"actor", "liam"},
                          {"key", "01a20123-0000-7000-8000-0000000000e3"},
                          {"hlc", stamp_at(std::chrono::system_clock::now())}}}}});
    const auto& refused = only_result(reply);
    EXPECT_EQ(refused.at("code"), "unauthenticated");
    EXPECT_NE(std::string(refused.at("reason").as_string()).find("fascia staff password liam"), std::string::npos)
        << refused.at("reason");

    // The owner sets his password on the desk: the new password first, then her own to sign (README, "Sync").
    const std::string liam_password = "liam's new password 2026";
    const auto set = as_maria({"staff", "password", "liam", "--password-stdin"},
                              liam_password + "\n" + owner_password + "\n");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);

    // Now his own password signs his work, and the server believes it.
    const auto added = run_process(FASCIA_CLI,
                                   {"--db", world.desk_db("front"), "--as", "liam", "--signing-password-stdin", "clients",
                                    "add", "--first-name", "Ngaio", "--last-name", "Marsh", "--dob", "1975-04-23"},
                                   world.env(), liam_password + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM clients WHERE last_name = 'Marsh'"), 1);
}

} // namespace
} // namespace fascia::test
