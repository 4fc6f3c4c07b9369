#include "test_clinic.h"

#include <fascia/clients.h>

#include <boost/json.hpp>

using namespace fascia;
using fascia::test::ClinicTest;

TEST_F(ClinicTest, ACommandWritesTheRecordItsAuditEntryAndItsOutboxRowTogether)
{
    const auto before_audit = count("audit_log");
    auto r = add_client("Zoë", "Smith");
    ASSERT_TRUE(r) << r.error().message;
    const std::string id(r->result.at("id").as_string());
    EXPECT_TRUE(find_client(db(), id));
    EXPECT_EQ(count("audit_log"), before_audit + 1);
    auto audit = db().query("SELECT actor, command, record_type, record_id FROM audit_log"
                            " ORDER BY sequence DESC LIMIT 1");
    ASSERT_TRUE(audit.step());
    EXPECT_EQ(audit.text(0), "owner");
    EXPECT_EQ(audit.text(1), "clients.create");
    EXPECT_EQ(audit.text(2), "client");
    EXPECT_EQ(audit.text(3), id);
    auto outbox = db().query("SELECT type, state FROM outbox WHERE sequence = ?", r->sequence);
    ASSERT_TRUE(outbox.step());
    EXPECT_EQ(outbox.text(0), "clients.create");
    EXPECT_EQ(outbox.text(1), "pending");
}

TEST_F(ClinicTest, AFailingCommandLeavesNothingBehind)
{
    const auto clients = count("clients"), audit = count("audit_log"), outbox = count("outbox");
    auto r = bus().execute({"clients.create",
                            {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1980-02-30"}},
                            "owner"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(r.error().field, "date_of_birth");
    EXPECT_EQ(count("clients"), clients);
    EXPECT_EQ(count("audit_log"), audit);
    EXPECT_EQ(count("outbox"), outbox);
    EXPECT_EQ(count("command_log"), audit);
}

TEST_F(ClinicTest, TheSameIdempotencyKeyAppliesOnceAndReturnsTheFirstResult)
{
    auto first = add_client("Ann", "Lee", "1980-05-01", "desk1-0001");
    ASSERT_TRUE(first);
    auto again = add_client("Ann", "Lee", "1980-05-01", "desk1-0001");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->result, first->result);
    EXPECT_EQ(again->sequence, first->sequence);
    EXPECT_EQ(count("clients"), 1);
    auto reused = add_client("Bo", "Lee", "1980-05-01", "desk1-0001");
    ASSERT_FALSE(reused);
    EXPECT_NE(reused.error().message.find("already used for a different command"), std::string::npos);
}

TEST_F(ClinicTest, ARoleThatMayNotRunACommandIsToldWhoMay)
{
    ASSERT_TRUE(bus().execute({"staff.create", {{"username", "frontdesk"}, {"role", "front_desk"}}, "owner"}));
    auto r = bus().execute({"services.upsert",
                            {{"name", "Cheap massage"}, {"modality", "swedish"},
                             {"duration_minutes", 30}, {"price", "1.00"}},
                            "frontdesk"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::forbidden);
    EXPECT_NE(r.error().message.find("only owner, admin may"), std::string::npos) << r.error().message;
    EXPECT_EQ(count("services"), 0);
}

TEST_F(ClinicTest, UnknownUsersAndCommandsAreRefused)
{
    auto stranger = bus().execute({"clients.create",
                                   {{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}},
                                   "mallory"});
    ASSERT_FALSE(stranger);
    EXPECT_NE(stranger.error().message.find("no staff user 'mallory'"), std::string::npos);
    auto unknown = bus().execute({"clients.teleport", {}, "owner"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);
    auto second_bootstrap = bus().execute({"staff.create", {{"username", "eve"}, {"role", "owner"}}, ""});
    EXPECT_FALSE(second_bootstrap) << "only the very first owner is created without a user";
}

TEST_F(ClinicTest, TheLastOwnerCannotBeDemotedOrDeactivated)
{
    auto r = bus().execute({"staff.update", {{"username", "owner"}, {"active", false}}, "owner"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_TRUE(bus().execute({"staff.create", {{"username", "second"}, {"role", "owner"}}, "owner"}));
    EXPECT_TRUE(bus().execute({"staff.update", {{"username", "owner"}, {"role", "admin"}}, "owner"}));
}

TEST_F(ClinicTest, ABatchAppliesAllOrNothing)
{
    std::vector<Command> batch;
    batch.push_back({"clients.create", {{"first_name", "A"}, {"last_name", "One"}, {"date_of_birth", "1990-01-01"}}, "owner"});
    batch.push_back({"clients.create", {{"first_name", "B"}, {"last_name", "Two"}, {"date_of_birth", "not a date"}}, "owner"});
    auto r = bus().execute_all(std::move(batch));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("command 2 of 2"), std::string::npos);
    EXPECT_EQ(count("clients"), 0);
}

TEST_F(ClinicTest, ClientValidationNamesTheField)
{
    struct Case {
        boost::json::object payload;
        const char* field;
    };
    const std::vector<Case> cases{
        {{{"last_name", "B"}, {"date_of_birth", "1990-01-01"}}, "first_name"},
        {{{"first_name", "  "}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}}, "first_name"},
        {{{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "2030-01-01"}}, "date_of_birth"},
        {{{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}, {"email", "nobody"}}, "email"},
        {{{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}, {"phone", "call me"}}, "phone"},
        {{{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}, {"shoe_size", 9}}, "shoe_size"},
        {{{"first_name", true}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"}}, "first_name"},
    };
    for (const auto& c : cases) {
        auto r = bus().execute({"clients.create", c.payload, "owner"});
        ASSERT_FALSE(r) << c.field;
        EXPECT_EQ(r.error().field, c.field) << r.error().message;
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    }
    EXPECT_EQ(count("clients"), 0);
}

TEST_F(ClinicTest, ConsentIsRecordedWithWhenAndWho)
{
    auto r = add_client("Ann", "Lee");
    ASSERT_TRUE(r);
    const std::string id(r->result.at("id").as_string());
    EXPECT_FALSE(find_client(db(), id)->health_consent_at);
    clock.advance(std::chrono::minutes(5));
    ASSERT_TRUE(bus().execute({"clients.record_consent", {{"client_id", id}, {"given", true}}, "owner"}));
    const auto c = find_client(db(), id);
    EXPECT_EQ(c->health_consent_at, "2026-11-22T09:05:00.000Z");
    EXPECT_EQ(c->health_consent_recorded_by, "owner");
}
