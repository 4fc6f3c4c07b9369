// Sync without a network: desks and the authority in one process, messages
// passed directly (the daemon only moves the same messages in TLS frames).
#include <fascia/clients.h>
#include <fascia/passwords.h>
#include <fascia/signing.h>
#include <fascia/sync.h>
#include <fascia/sync_protocol.h>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <deque>

using namespace fascia;
namespace json = boost::json;

namespace {

struct Desk {
    std::unique_ptr<Clinic> clinic;
    std::unique_ptr<sync::Replica> replica;
    std::string device, token;
    bool online = true;
    int messages = 0;
};

class Sync : public ::testing::Test {
protected:
    void SetUp() override
    {
        register_core(extensions);
        server = std::move(*Clinic::open_in_memory(extensions, clock));
        authority = std::make_unique<sync::Authority>(*server);
        ASSERT_TRUE(server->bus().execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""}));
        ASSERT_TRUE(server->bus().execute({"staff.create", {{"username", "frontdesk"}, {"role", "front_desk"}}, "owner"}));
        for (const char* name : {"Zoë", "Ann", "Bo"})
            ASSERT_TRUE(add_client(*server, name, "Smith"));
    }

    Result<CommandOutcome> add_client(Clinic& clinic, const std::string& first, const std::string& last,
                                      const std::string& dob = "1980-01-01")
    {
        return clinic.bus().execute({"clients.create",
                                     {{"first_name", first}, {"last_name", last}, {"date_of_birth", dob}},
                                     "frontdesk"});
    }

    Desk& enroll(const std::string& name)
    {
        auto& desk = desks.emplace_back();
        desk.clinic = std::move(*Clinic::open_in_memory(extensions, clock));
        desk.replica = std::make_unique<sync::Replica>(*desk.clinic);
        auto code = authority->create_enroll_code(std::string(64, 'a'));
        std::string connection;
        const auto reply = authority->handle({{"type", "enroll"}, {"code", *code}, {"name", name}}, connection);
        EXPECT_EQ(reply.at("type"), "enrolled") << reply;
        desk.device = json::value_to<std::string>(reply.at("device"));
        desk.token = json::value_to<std::string>(reply.at("token"));
        EXPECT_TRUE(desk.replica->save_enrollment("in-process", desk.device, desk.token, "no CA in-process"));
        return desk;
    }

    /// One connection: hello first, then the round's messages, as the daemon would see them.
    Result<sync::RoundReport> sync_round(Desk& desk)
    {
        std::string connection;
        bool greeted = false;
        return desk.replica->run_round([&](const json::object& message) -> Result<json::object> {
            if (!desk.online)
                return io_error("cannot reach the sync server (offline)");
            if (!greeted) {
                const auto welcome = authority->handle(
                    {{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}}, connection);
                if (welcome.at("type") != "welcome")
                    return welcome;
                greeted = true;
            }
            ++desk.messages;
            return authority->handle(message, connection);
        });
    }

    std::string hash(Clinic& clinic) { return sync::state_hash(clinic.db()); }

    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    Extensions extensions;
    std::unique_ptr<Clinic> server;
    std::unique_ptr<sync::Authority> authority;
    std::deque<Desk> desks;
};

} // namespace

TEST_F(Sync, ANewDeskReceivesTheWholeClinic)
{
    auto& desk = enroll("front desk");
    const auto round = sync_round(desk);
    ASSERT_TRUE(round) << round.error().message;
    EXPECT_EQ(round->pulled, 5);
    EXPECT_EQ(hash(*desk.clinic), hash(*server));
    EXPECT_EQ(search_clients(desk.clinic->db(), "zoe").size(), 1u) << "the search index follows synced rows";
    EXPECT_EQ(desk.replica->status().cursor, authority->head());
}

TEST_F(Sync, ThreeDesksConvergeThoughOneWasOfflineForAWhile)
{
    auto& a = enroll("front desk");
    auto& b = enroll("room 1");
    auto& c = enroll("owner at home");
    for (auto* d : {&a, &b, &c})
        ASSERT_TRUE(sync_round(*d));
    c.online = false;
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(add_client(*a.clinic, "A" + std::to_string(i), "Desk"));
        ASSERT_TRUE(add_client(*c.clinic, "C" + std::to_string(i), "Offline"));
    }
    const auto ann = search_clients(b.clinic->db(), "ann").front().id;
    ASSERT_TRUE(b.clinic->bus().execute({"clients.update", {{"id", ann}, {"phone", "07700 900555"}}, "frontdesk"}));
    clock.advance(std::chrono::minutes(1));
    EXPECT_FALSE(sync_round(c)) << "offline: the round fails and nothing changes";
    EXPECT_EQ(c.replica->status().pending, 5);
    ASSERT_TRUE(sync_round(a));
    ASSERT_TRUE(sync_round(b));
    c.online = true;
    for (int round = 0; round < 2; ++round)
        for (auto* d : {&a, &b, &c})
            ASSERT_TRUE(sync_round(*d));
    const auto expected = hash(*server);
    for (auto* d : {&a, &b, &c}) {
        EXPECT_EQ(hash(*d->clinic), expected);
        EXPECT_EQ(d->replica->status().pending, 0);
    }
    EXPECT_EQ(count_clients(server->db()), 13);
    EXPECT_EQ(find_client(c.clinic->db(), ann)->phone, "07700 900555");
}

TEST_F(Sync, ATentativeRecordKeepsItsIdOnceTheAuthorityAcceptsIt)
{
    auto& desk = enroll("front desk");
    ASSERT_TRUE(sync_round(desk));
    desk.online = false;
    const auto made = add_client(*desk.clinic, "Ngaio", "Marsh");
    ASSERT_TRUE(made);
    const std::string id(made->result.at("id").as_string());
    ASSERT_TRUE(add_client(*server, "Server", "Side")); // the authority moves on meanwhile
    desk.online = true;
    ASSERT_TRUE(sync_round(desk));
    EXPECT_TRUE(find_client(server->db(), id)) << "the authority's run made the same id";
    EXPECT_TRUE(find_client(desk.clinic->db(), id));
    EXPECT_EQ(hash(*desk.clinic), hash(*server));
}

TEST_F(Sync, OfTwoConflictingOfflineCommandsExactlyOneIsAccepted)
{
    auto& a = enroll("front desk");
    auto& b = enroll("room 1");
    ASSERT_TRUE(sync_round(a));
    ASSERT_TRUE(sync_round(b));
    // Both desks add the same person while offline: the duplicate rule lets only one in.
    ASSERT_TRUE(add_client(*a.clinic, "Ruth", "Park", "1970-07-07"));
    ASSERT_TRUE(add_client(*b.clinic, "Ruth", "Park", "1970-07-07"));
    const auto first = sync_round(a);
    const auto second = sync_round(b);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->accepted, 1);
    EXPECT_EQ(second->refused, 1);
    ASSERT_TRUE(sync_round(a));
    EXPECT_EQ(search_clients(server->db(), "ruth park").size(), 1u);
    EXPECT_EQ(hash(*a.clinic), hash(*server));
    EXPECT_EQ(hash(*b.clinic), hash(*server)) << "the refused desk dropped its own copy";
    const auto refused = b.replica->status().refused;
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].type, "clients.create");
    EXPECT_THAT(refused[0].reason, ::testing::HasSubstr("already exists"));
    EXPECT_TRUE(b.replica->dismiss(refused[0].sequence));
    EXPECT_TRUE(b.replica->status().refused.empty());
    EXPECT_FALSE(b.replica->dismiss(refused[0].sequence));
}

TEST_F(Sync, PushesThatArriveTogetherShareOneCommitYetEachIsAnsweredOnItsOwn)
{
    auto& a = enroll("front desk");
    auto& b = enroll("room 1");
    auto& c = enroll("room 2");
    for (auto* d : {&a, &b, &c})
        ASSERT_TRUE(sync_round(*d));
    ASSERT_TRUE(add_client(*a.clinic, "Ruth", "Park", "1970-07-07"));
    ASSERT_TRUE(add_client(*a.clinic, "Aroha", "Ngata"));
    ASSERT_TRUE(add_client(*b.clinic, "Ruth", "Park", "1970-07-07")); // the duplicate rule refuses this one
    // Each desk's push, caught on its way (the round fails, the desk keeps its commands).
    const auto push_of = [](Desk& desk) {
        json::object caught;
        EXPECT_FALSE(desk.replica->run_round([&](const json::object& m) -> Result<json::object> {
            caught = m;
            return io_error("held back to arrive with the others");
        }));
        EXPECT_EQ(caught.at("type"), "push");
        return caught;
    };
    const json::object from_a = push_of(a), from_b = push_of(b);
    const json::object broken{{"type", "push"}, {"commands", json::array{42}}};

    int commits = 0;
    sqlite3_commit_hook(server->db().handle(), [](void* n) { ++*static_cast<int*>(n); return 0; }, &commits);
    const auto replies = authority->push_together({{&from_a, a.device}, {&from_b, b.device}, {&broken, c.device}});
    sqlite3_commit_hook(server->db().handle(), nullptr, nullptr);

    EXPECT_EQ(commits, 1) << "one commit (one fsync at FULL) for all three pushes";
    ASSERT_EQ(replies.size(), 3u);
    ASSERT_EQ(replies[0].at("type"), "pushed") << replies[0];
    for (const auto& r : replies[0].at("results").as_array())
        EXPECT_EQ(r.at("status"), "accepted") << r;
    ASSERT_EQ(replies[1].at("type"), "pushed") << replies[1];
    EXPECT_EQ(replies[1].at("results").at(0).at("status"), "refused") << "only that command is undone";
    EXPECT_THAT(json::value_to<std::string>(replies[1].at("results").at(0).at("reason")),
                ::testing::HasSubstr("already exists"));
    EXPECT_EQ(replies[2].at("type"), "error") << "a malformed push is answered on its own";
    EXPECT_EQ(replies[2].at("code"), "protocol");
    EXPECT_EQ(search_clients(server->db(), "ruth park").size(), 1u);
    EXPECT_EQ(search_clients(server->db(), "aroha").size(), 1u);

    // The desks' next rounds agree with what was answered: a's are resends (applied once).
    for (auto* d : {&a, &b, &a, &b, &c})
        ASSERT_TRUE(sync_round(*d));
    EXPECT_EQ(search_clients(server->db(), "ruth park").size(), 1u);
    EXPECT_EQ(b.replica->status().refused.size(), 1u);
    for (auto* d : {&a, &b, &c}) {
        EXPECT_EQ(hash(*d->clinic), hash(*server));
        EXPECT_EQ(d->replica->status().pending, 0);
    }
}

TEST_F(Sync, ACommandSentTwiceAppliesOnce)
{
    auto& desk = enroll("front desk");
    ASSERT_TRUE(sync_round(desk));
    ASSERT_TRUE(add_client(*desk.clinic, "Twice", "Sent"));
    // The push arrives but its answer is lost: the desk will send it again.
    std::string connection;
    authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}}, connection);
    bool dropped = false;
    const auto round = desk.replica->run_round([&](const json::object& m) -> Result<json::object> {
        auto reply = authority->handle(m, connection);
        if (m.at("type") == "push" && !dropped) {
            dropped = true;
            return io_error("connection dropped");
        }
        return reply;
    });
    EXPECT_FALSE(round);
    EXPECT_EQ(desk.replica->status().pending, 1);
    ASSERT_TRUE(sync_round(desk));
    EXPECT_EQ(search_clients(server->db(), "twice").size(), 1u);
    EXPECT_EQ(hash(*desk.clinic), hash(*server));
    EXPECT_EQ(desk.replica->status().pending, 0);
}

TEST_F(Sync, StrangersAndRevokedDevicesAreRefused)
{
    auto& desk = enroll("front desk");
    std::string connection;
    auto reply = authority->handle({{"type", "pull"}, {"after", 0}}, connection);
    EXPECT_EQ(reply.at("code"), "unauthenticated");
    reply = authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", "guess"}}, connection);
    EXPECT_EQ(reply.at("code"), "unauthenticated");
    reply = authority->handle({{"type", "hello"}, {"protocol", 2}, {"device", desk.device}, {"token", desk.token}}, connection);
    EXPECT_EQ(reply.at("code"), "version");
    ASSERT_TRUE(sync_round(desk));
    ASSERT_TRUE(authority->revoke("front desk"));
    const auto refused = sync_round(desk);
    ASSERT_FALSE(refused);
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("revoked"));
    std::string again;
    auto used = authority->handle({{"type", "enroll"}, {"code", "AAAAA-BBBBB-aaaaaaaa"}}, again);
    EXPECT_EQ(used.at("code"), "unauthenticated");
}

TEST_F(Sync, ATableThatBecomesASearchIndexStopsSyncing)
{
    // Which tables sync is remembered per connection (a command asks for each table it
    // touches); a migration that turns a table into an FTS index, as core migration
    // 0008 did with clients_search, must be seen at once, not after a restart.
    auto& db = server->db();
    db.exec("CREATE TABLE jottings_search(id INTEGER PRIMARY KEY, body TEXT)");
    EXPECT_THAT(sync::synced_tables(db), ::testing::Contains("jottings_search"));
    ASSERT_TRUE(add_client(*server, "Ngaio", "Marsh"));
    db.exec("DROP TABLE jottings_search; CREATE VIRTUAL TABLE jottings_search USING fts5(body)");
    const auto synced = sync::synced_tables(db);
    EXPECT_THAT(synced, ::testing::Not(::testing::Contains("jottings_search")));
    EXPECT_THAT(synced, ::testing::Not(::testing::Contains("jottings_search_data")));
    EXPECT_THAT(synced, ::testing::Contains("clients"));
}

TEST_F(Sync, ASignatureCheckedAheadCountsOnlyUnderTheActorsOwnKey)
{
    // The daemon checks pushes' signatures on a second thread before their group commit
    // (check_signatures_ahead); inside the transaction the authority then asks only whether
    // the key that verified is the actor's. Two staff with keys, and a desk sending three
    // commands as the owner: signed by her, signed with the front desk's key, unsigned.
    std::map<std::string, SigningKey> keys;
    for (const std::string user : {"owner", "frontdesk"}) {
        const std::string password = user + "'s long password";
        const auto sealed = new_signing_key(password);
        ASSERT_TRUE(sealed);
        ASSERT_TRUE(server->bus().execute(
            {"staff.set_password",
             {{"username", user},
              {"password_hash", *hash_password(password)},
              {"signing_key", {{"public_key", sealed->public_key}, {"sealed", sealed->sealed}}}},
             "owner"}));
        keys.emplace(user, *unseal_signing_key(*sealed, password));
    }
    auto& desk = enroll("front desk");
    std::string connection;
    ASSERT_EQ(authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}},
                                connection)
                  .at("type"),
              "welcome");
    json::array commands;
    for (const std::string signer : {"owner", "frontdesk", ""}) {
        const std::string n = std::to_string(commands.size());
        const json::object payload{{"first_name", "Signed"}, {"last_name", "By " + signer + n},
                                   {"date_of_birth", "1980-01-0" + std::to_string(commands.size() + 1)}};
        const std::string hlc = "1795338000000-0000" + n + "-desk";
        json::object command{{"type", "clients.create"}, {"payload", payload}, {"actor", "owner"},
                             {"key", "ahead-" + n}, {"hlc", hlc}};
        if (!signer.empty())
            command["signature"] = keys.at(signer).sign(signing_message(
                Command{"clients.create", payload, "owner", "ahead-" + n, hlc}, json::serialize(payload), desk.device));
        commands.push_back(std::move(command));
    }
    const json::object push{{"type", "push"}, {"commands", commands}};

    const auto ahead = sync::check_signatures_ahead(push, desk.device, authority->signing_keys_for(push));
    ASSERT_EQ(ahead.size(), 3u);
    EXPECT_EQ(ahead[0], keys.at("owner").public_key()) << "her own signature verifies under her key";
    EXPECT_EQ(ahead[1], "") << "the front desk's signature is not the owner's";
    EXPECT_EQ(ahead[2], "");
    EXPECT_EQ(sync::check_signatures_ahead(push, "another device", authority->signing_keys_for(push))[0], "")
        << "a signature is for one device";

    // Even told that the front desk's key verified the second command, the authority
    // refuses it: that key is not the owner's, and its own check finds no key of hers.
    const auto replies = authority->push_together(
        {{&push, desk.device, {ahead[0], keys.at("frontdesk").public_key(), ""}}});
    ASSERT_EQ(replies.size(), 1u);
    ASSERT_EQ(replies[0].at("type"), "pushed") << replies[0];
    const auto& results = replies[0].at("results").as_array();
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].at("status"), "accepted") << results[0];
    EXPECT_EQ(results[1].at("code"), "unauthenticated") << results[1];
    EXPECT_EQ(results[2].at("code"), "unauthenticated") << results[2];
    EXPECT_EQ(search_clients(server->db(), "signed").size(), 1u);
}

TEST(SyncFrames, RoundTripInPiecesOfAnySize)
{
    const json::object message{{"type", "pull"}, {"after", 42}, {"note", "Zoë"}};
    const std::string frame = sync::encode_frame(message) + sync::encode_frame({{"type", "bye"}});
    sync::FrameDecoder decoder;
    json::object out;
    std::vector<json::object> got;
    for (char byte : frame) {
        decoder.feed(std::string_view(&byte, 1));
        while (decoder.next(out) == sync::FrameDecoder::Status::message)
            got.push_back(out);
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], message);
    EXPECT_EQ(got[1].at("type"), "bye");
    EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(SyncFrames, BadFramesAreErrorsThatSayWhy)
{
    struct Case {
        std::string bytes;
        const char* says;
        const char* code;
    };
    std::string big = sync::encode_frame({{"type", "x"}});
    big[4] = '\x7f';
    std::string not_json = std::string("FS\x01\x00\x00\x00\x00\x03", 8) + "abc";
    std::string v2 = sync::encode_frame({{"type", "x"}});
    v2[2] = 2;
    for (const auto& c : std::vector<Case>{{"GET / HTTP/1.1\r\n", "bad magic", "protocol"},
                                           {v2, "protocol version 2 is not supported", "version"},
                                           {big, "over the limit", "too_large"},
                                           {not_json, "not JSON", "protocol"}}) {
        sync::FrameDecoder decoder;
        decoder.feed(c.bytes);
        json::object out;
        EXPECT_EQ(decoder.next(out), sync::FrameDecoder::Status::error) << c.says;
        EXPECT_THAT(decoder.error(), ::testing::HasSubstr(c.says));
        EXPECT_STREQ(decoder.error_code(), c.code);
    }
}

TEST(SyncFrames, Base64RoundTrips)
{
    for (std::string bytes : {std::string(), std::string("a"), std::string("ab"), std::string("abc"),
                              std::string("\x00\xff\x10\x80", 4)}) {
        const auto back = sync::from_base64(sync::to_base64(bytes));
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, bytes);
    }
    EXPECT_FALSE(sync::from_base64("abc"));
}
