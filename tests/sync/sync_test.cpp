// fascia-syncd and `fascia sync` over loopback: what a clinic would notice.
#include "sync_support.h"

#include <fascia/sync_client.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fascia::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

/// A frame header with any version, kind and length, then the payload.
std::string raw_frame(std::string_view payload, int version = 1, int kind = 0, std::int64_t length = -1)
{
    const auto size = static_cast<std::uint32_t>(length < 0 ? static_cast<std::int64_t>(payload.size()) : length);
    std::string f{'F', 'S', static_cast<char>(version), static_cast<char>(kind)};
    for (int shift = 24; shift >= 0; shift -= 8)
        f += static_cast<char>((size >> shift) & 0xFF);
    return f + std::string(payload);
}

json::object client_command(const std::string& key, const std::string& first, const std::string& last)
{
    return {{"type", "clients.create"},
            {"payload", json::object{{"first_name", first}, {"last_name", last}, {"date_of_birth", "1980-02-03"}}},
            {"actor", "maria"},
            {"key", key},
            {"hlc", stamp_at(std::chrono::system_clock::now())}};
}

std::string text(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string daemon_state_hash(const SyncWorld& world)
{
    const auto r = world.syncd({"status", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return text(json::parse(r.out).as_object(), "state_hash");
}

class SyncTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        world.create_clinic();
        world.start_daemon();
    }
    SyncWorld world;
};

TEST_F(SyncTest, TwoDesksEnrollAndAChangeTravelsBothWays)
{
    world.enroll_desk("front");
    world.enroll_desk("room");
    // Both desks start with the clinic the server has: its owner.
    EXPECT_EQ(sql_integer(world.desk_db("room"), "SELECT count(*) FROM staff WHERE username = 'maria'"), 1);

    auto added = world.desk_json("front", {"clients", "add", "--first-name", "Ngaio", "--last-name", "Marsh", "--dob",
                                           "1975-04-23"});
    const std::string ngaio = text(added, "id");
    auto round = world.desk_json("front", {"sync", "run"});
    EXPECT_EQ(round.at("accepted"), 1);
    round = world.desk_json("room", {"sync", "run"});
    EXPECT_GE(round.at("pulled").as_int64(), 1);
    auto shown = world.desk_json("room", {"clients", "show", ngaio});
    EXPECT_EQ(text(shown, "last_name"), "Marsh");

    // And back: the room changes her phone and adds a client; the front desk sees both.
    EXPECT_EQ(world.desk("room", {"clients", "update", ngaio, "--phone", "07700 900123"}).exit_code, 0);
    added = world.desk_json("room", {"clients", "add", "--first-name", "Aroha", "--last-name", "Ngata", "--dob",
                                     "1980-01-02"});
    round = world.desk_json("room", {"sync", "run"});
    EXPECT_EQ(round.at("accepted"), 2);
    world.desk_json("front", {"sync", "run"});
    EXPECT_EQ(text(world.desk_json("front", {"clients", "show", ngaio}), "phone"), "07700 900123");
    EXPECT_EQ(text(world.desk_json("front", {"clients", "show", text(added, "id")}), "first_name"), "Aroha");

    world.desk_json("room", {"sync", "run"});
    const auto front = world.desk_json("front", {"sync", "status"});
    const auto room = world.desk_json("room", {"sync", "status"});
    EXPECT_EQ(front.at("pending"), 0);
    EXPECT_EQ(front.at("cursor"), room.at("cursor"));
    EXPECT_EQ(text(front, "state_hash"), text(room, "state_hash"));
    EXPECT_EQ(text(front, "state_hash"), daemon_state_hash(world));

    // The daemon's view: two devices, both caught up.
    const auto status = json::parse(world.syncd({"status", "--json"}).out).as_object();
    ASSERT_EQ(status.at("devices").as_array().size(), 2u);
    for (const auto& d : status.at("devices").as_array()) {
        EXPECT_EQ(d.at("lag"), 0) << json::serialize(d);
        EXPECT_FALSE(d.at("last_seen").is_null());
    }
}

TEST_F(SyncTest, TwoOfflineDesksConflictOneIsRefusedWithTheReasonAndBothConverge)
{
    world.enroll_desk("front");
    world.enroll_desk("room");
    // Offline, both desks register the same person: the clinic's rule allows one.
    for (const char* desk : {"front", "room"})
        EXPECT_EQ(world.desk(desk, {"clients", "add", "--first-name", "Tama", "--last-name", "Twice", "--dob",
                                    "1966-06-06"})
                      .exit_code,
                  0);
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);
    const auto round = world.desk_json("room", {"sync", "run"});
    EXPECT_EQ(round.at("accepted"), 0);
    EXPECT_EQ(round.at("refused"), 1);

    auto status = world.desk_json("room", {"sync", "status"});
    ASSERT_EQ(status.at("refused").as_array().size(), 1u);
    const auto& refusal = status.at("refused").as_array().at(0).as_object();
    EXPECT_EQ(text(refusal, "type"), "clients.create");
    EXPECT_FALSE(text(refusal, "reason").empty());
    EXPECT_EQ(status.at("pending"), 0);
    // Both desks hold the server's one client, not their own.
    world.desk_json("front", {"sync", "run"});
    for (const char* desk : {"front", "room"})
        EXPECT_EQ(sql_integer(world.desk_db(desk), "SELECT count(*) FROM clients WHERE last_name = 'Twice'"), 1)
            << desk;
    EXPECT_EQ(text(world.desk_json("front", {"sync", "status"}), "state_hash"), text(status, "state_hash"));
    EXPECT_EQ(text(status, "state_hash"), daemon_state_hash(world));

    // Once a person has read the reason, it goes.
    const auto seq = std::to_string(refusal.at("sequence").as_int64());
    EXPECT_EQ(world.desk("room", {"sync", "dismiss", seq}).exit_code, 0);
    EXPECT_TRUE(world.desk_json("room", {"sync", "status"}).at("refused").as_array().empty());
    EXPECT_EQ(world.desk("room", {"sync", "dismiss", seq}).exit_code, 1);
}

TEST_F(SyncTest, UnenrolledAndRevokedDevicesAreRefusedWhileOthersKeepSyncing)
{
    world.enroll_desk("front");
    world.enroll_desk("room");
    // Another desk stays connected throughout.
    RawClient other(world.port);
    const auto [other_id, other_token] = other.enroll(world.enroll_code(), "other");
    EXPECT_EQ(text(other.hello(other_id, other_token), "type"), "welcome");

    {
        RawClient stranger(world.port);
        const auto reply = stranger.hello("01900000-0000-7000-8000-000000000000", "not-a-token");
        EXPECT_EQ(text(reply, "type"), "error");
        EXPECT_EQ(text(reply, "code"), "unauthenticated");
        EXPECT_FALSE(text(reply, "message").empty());
        EXPECT_TRUE(stranger.closed_by_server());
    }
    {
        RawClient rude(world.port); // no hello at all
        const auto reply = rude.request({{"type", "pull"}, {"after", 0}});
        EXPECT_EQ(text(reply, "code"), "unauthenticated");
        EXPECT_TRUE(rude.closed_by_server());
    }

    // A device revoked while it is connected is refused at its next message.
    RawClient doomed(world.port);
    const auto [doomed_id, doomed_token] = doomed.enroll(world.enroll_code(), "doomed");
    EXPECT_EQ(text(doomed.hello(doomed_id, doomed_token), "type"), "welcome");
    ASSERT_EQ(world.syncd({"revoke", doomed_id}).exit_code, 0);
    auto reply = doomed.request({{"type", "pull"}, {"after", 0}});
    EXPECT_EQ(text(reply, "code"), "revoked");
    EXPECT_TRUE(doomed.closed_by_server());

    // A desk revoked by name is refused through the CLI, with a reason a person can act on.
    ASSERT_EQ(world.syncd({"revoke", "room"}).exit_code, 0);
    const auto refused = world.desk("room", {"sync", "run"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("revoked"));
    EXPECT_EQ(world.syncd({"revoke", "no-such-desk"}).exit_code, 1);

    // Meanwhile the others sync on.
    EXPECT_EQ(text(other.request({{"type", "pull"}, {"after", 0}}), "type"), "changes");
    world.desk_json("front", {"clients", "add", "--first-name", "Still", "--last-name", "Working", "--dob",
                              "1990-01-01"});
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);
    const auto pulled = other.request({{"type", "pull"}, {"after", 0}});
    EXPECT_GE(pulled.at("changes").as_array().size(), 2u);
}

TEST_F(SyncTest, BrokenFramesGetAClearErrorAndAClosedConnection)
{
    world.enroll_desk("front");
    RawClient enroller(world.port);
    const auto [device, token] = enroller.enroll(world.enroll_code(), "raw");

    struct Case {
        const char* what;
        bool hello_first;
        std::string bytes;
        const char* code;
    };
    const std::vector<Case> cases{
        {"not a frame at all", false, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "protocol"},
        {"a payload that is not JSON", false, raw_frame("{\"type\": \"hel"), "protocol"},
        {"a payload that is not an object", true, raw_frame("[1, 2, 3]"), "protocol"},
        {"an unknown frame kind", true, raw_frame("{}", 1, 7), "protocol"},
        {"a frame over the size limit", true, raw_frame("", 1, 0, std::int64_t{sync::max_payload_size} + 1),
         "too_large"},
        {"a frame of protocol version 2", false, raw_frame("{\"type\":\"hello\"}", 2), "version"},
        {"a hello for protocol 2", false,
         sync::encode_frame({{"type", "hello"}, {"protocol", 2}, {"device", device}, {"token", token}}), "version"},
        {"an unknown message type", true, sync::encode_frame({{"type", "gossip"}}), "protocol"},
        {"a push without commands", true, sync::encode_frame({{"type", "push"}, {"commands", 42}}), "protocol"},
        {"a pull without a cursor", true, sync::encode_frame({{"type", "pull"}}), "protocol"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        RawClient client(world.port);
        if (c.hello_first) {
            ASSERT_EQ(text(client.hello(device, token), "type"), "welcome");
        }
        client.send_bytes(c.bytes);
        const auto reply = client.receive();
        ASSERT_TRUE(reply) << "no error reply";
        EXPECT_EQ(text(*reply, "type"), "error");
        EXPECT_EQ(text(*reply, "code"), c.code) << json::serialize(*reply);
        EXPECT_FALSE(text(*reply, "message").empty());
        EXPECT_TRUE(client.closed_by_server());
    }
    // The daemon is none the worse: a desk still syncs.
    world.desk_json("front", {"clients", "add", "--first-name", "After", "--last-name", "Garbage", "--dob",
                              "1990-01-01"});
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);
    // And the log never carries what the frames said.
    std::ifstream log(world.daemon_log);
    std::stringstream ss;
    ss << log.rdbuf();
    EXPECT_THAT(ss.str(), HasSubstr("refused: too_large"));
    EXPECT_THAT(ss.str(), ::testing::Not(HasSubstr("Garbage")));
    EXPECT_THAT(ss.str(), ::testing::Not(HasSubstr(token)));
}

TEST_F(SyncTest, AFrameDroppedHalfWayThenSentTwiceHasOneEffect)
{
    RawClient enroller(world.port);
    const auto [device, token] = enroller.enroll(world.enroll_code(), "raw");
    const std::string frame = sync::encode_frame(
        {{"type", "push"}, {"commands", json::array{client_command("halfway-key-1", "Hemi", "Halfway")}}});
    const std::string count_sql = "SELECT count(*) FROM clients WHERE last_name = 'Halfway'";
    {
        RawClient client(world.port);
        ASSERT_EQ(text(client.hello(device, token), "type"), "welcome");
        client.send_bytes(std::string_view(frame).substr(0, frame.size() / 2));
    } // the connection drops mid-frame
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(sql_integer(world.daemon_db(), count_sql), 0) << "half a frame must do nothing";

    std::int64_t first_seq = 0;
    {
        RawClient client(world.port);
        ASSERT_EQ(text(client.hello(device, token), "type"), "welcome");
        for (int i = 0; i < 2; ++i) {
            client.send_bytes(frame);
            const auto reply = client.receive();
            ASSERT_TRUE(reply);
            ASSERT_EQ(text(*reply, "type"), "pushed") << json::serialize(*reply);
            const auto& result = reply->at("results").as_array().at(0).as_object();
            EXPECT_EQ(text(result, "status"), "accepted");
            if (i == 0)
                first_seq = result.at("seq").as_int64();
            EXPECT_EQ(result.at("seq").as_int64(), first_seq) << "a resend answers with the first result";
        }
    }
    {
        RawClient client(world.port); // and again on a new connection, as after a reconnect
        ASSERT_EQ(text(client.hello(device, token), "type"), "welcome");
        const auto reply = client.request(json::parse(frame.substr(sync::frame_header_size)).as_object());
        EXPECT_EQ(reply.at("results").as_array().at(0).at("seq").as_int64(), first_seq);
    }
    EXPECT_EQ(sql_integer(world.daemon_db(), count_sql), 1);
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM command_log WHERE idempotency_key = 'halfway-key-1'"),
              1);
    // A desk pulling sees her once.
    world.enroll_desk("front");
    EXPECT_EQ(sql_integer(world.desk_db("front"), count_sql), 1);
}

TEST_F(SyncTest, SigtermClosesConnectionsAndExitsZero)
{
    RawClient enroller(world.port);
    const auto [device, token] = enroller.enroll(world.enroll_code(), "idle");
    RawClient idle(world.port);
    ASSERT_EQ(text(idle.hello(device, token), "type"), "welcome");
    world.daemon.signal(SIGTERM);
    const auto exited = world.daemon.wait(10s);
    ASSERT_TRUE(exited) << "fascia-syncd did not stop on SIGTERM";
    EXPECT_EQ(*exited, 0);
    EXPECT_TRUE(idle.closed_by_server());
    std::ifstream log(world.daemon_log);
    std::stringstream ss;
    ss << log.rdbuf();
    EXPECT_THAT(ss.str(), HasSubstr("stopping on SIGTERM"));
    EXPECT_THAT(ss.str(), HasSubstr("stopped"));
    EXPECT_EQ(integrity_check(world.daemon_db()), "ok");
}

TEST_F(SyncTest, WatchKeepsADeskInStepThroughARestartAndStopsOnSigterm)
{
    world.enroll_desk("front");
    world.enroll_desk("room");
    BackgroundProcess watch;
    watch.start(FASCIA_CLI, {"--db", world.desk_db("room"), "sync", "watch", "--interval", "0.2"}, world.env(),
                world.dir + "/watch.log");
    const auto arrives = [&](const std::string& last_name) {
        const auto until = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < until) {
            if (sql_integer(world.desk_db("room"), "SELECT count(*) FROM clients WHERE last_name = '" + last_name + "'")
                == 1)
                return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    };
    world.desk_json("front", {"clients", "add", "--first-name", "Wiremu", "--last-name", "Watched", "--dob",
                              "1970-03-04"});
    world.desk_json("front", {"sync", "run"});
    EXPECT_TRUE(arrives("Watched"));

    world.daemon.kill_now();
    world.desk_json("front", {"clients", "add", "--first-name", "Rua", "--last-name", "Reconnected", "--dob",
                              "1971-03-04"});
    std::this_thread::sleep_for(1500ms); // the watcher notices and backs off
    world.start_daemon();
    world.desk_json("front", {"sync", "run"});
    EXPECT_TRUE(arrives("Reconnected"));

    watch.signal(SIGTERM);
    const auto exited = watch.wait(10s);
    ASSERT_TRUE(exited) << "sync watch did not stop on SIGTERM";
    EXPECT_EQ(*exited, 0);
}

TEST(SyncEnrollment, RefusesAServerWithAnotherClinicsCertificate)
{
    SyncWorld clinic, impostor;
    clinic.create_clinic();
    clinic.start_daemon();
    impostor.create_clinic();
    impostor.start_daemon();

    // A code for one clinic, used against a server with other certificates: a man in the middle.
    const auto r = clinic.desk("front", {"sync", "enroll", "--server", impostor.server(), "--code", clinic.enroll_code()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("man in the middle"));
    EXPECT_FALSE(std::filesystem::exists(clinic.desk_db("front"))) << "a failed enrollment leaves no database";
    // Nothing was sent to the impostor: it saw no enrollment.
    EXPECT_EQ(sql_integer(impostor.daemon_db(), "SELECT count(*) FROM sync_devices"), 0);

    // An enrolled desk pointed at the wrong server refuses it too.
    clinic.enroll_desk("room");
    const auto wrong = clinic.desk("room", {"sync", "run", "--server", impostor.server()});
    EXPECT_EQ(wrong.exit_code, 1) << wrong.err;
    EXPECT_THAT(wrong.err, HasSubstr("not this clinic's sync server"));

    // A code that is not one is bad input.
    EXPECT_EQ(clinic.desk("spare", {"sync", "enroll", "--server", clinic.server(), "--code", "nonsense"}).exit_code, 2);
}

TEST(SyncClient, ParsesServerAddresses)
{
    auto a = sync::parse_host_port("192.168.1.20:7455");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "192.168.1.20");
    EXPECT_EQ(a->port, "7455");
    a = sync::parse_host_port("[::1]:9000");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "::1");
    EXPECT_EQ(a->port, "9000");
    a = sync::parse_host_port("clinic-server");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->port, sync::default_port);
    for (const char* bad : {"", ":7455", "host:", "host:port", "host:99999", "[::1", "[::1]x"})
        EXPECT_FALSE(sync::parse_host_port(bad)) << bad;
}

} // namespace
} // namespace fascia::test
