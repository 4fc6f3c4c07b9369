// Bounded input (issue 11): an idempotency key has a maximum length, and text
// holds no control characters a terminal, log or printed page would act on
// (ESC [31m recolours what follows, BEL rings): none at all in one-line fields
// (names, phones, email, reasons), only tab and line breaks in free text. The
// bus refuses them before any handler runs, so nothing is written; at the desk
// that is exit 2 naming the option.
#include "sync_support.h"
#include "test_clinic.h"

#include <gtest/gtest.h>

namespace fascia::test {
namespace {

namespace json = boost::json;

/// The core's commands plus one that takes a reason (as cancelling an appointment does).
class SecurityInput : public ClinicTest {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(extensions.commands.add({"test.cancel", "Cancel with a reason", {Role::owner},
                                             [](CommandContext&) -> Result<json::value> { return json::value(); }}));
        ClinicTest::SetUp();
    }

    Result<CommandOutcome> client_with(const std::string& field, const std::string& value, std::string key = {})
    {
        json::object payload{{"first_name", "Ngaio"}, {"last_name", "Marsh"}, {"date_of_birth", "1975-04-23"}};
        payload[field] = value;
        return bus().execute({"clients.create", std::move(payload), "owner", std::move(key)});
    }

    /// Refused as invalid input about `field`, with nothing written.
    void expect_refused(const Result<CommandOutcome>& r, const std::string& field, const std::string& says)
    {
        ASSERT_FALSE(r) << field << " was accepted";
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(r.error().field, field);
        EXPECT_NE(r.error().message.find(says), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.rfind(field + ": ", 0), 0u) << "starts with the field, so the desk names the option";
        EXPECT_EQ(count("clients"), 0);
        EXPECT_EQ(count("command_log"), 1) << "only the owner's set-up";
    }
};

TEST_F(SecurityInput, AnOversizedIdempotencyKeyIsRefusedAndNothingIsStored)
{
    expect_refused(client_with("phone", "0400 000 000", std::string(100 * 1024, 'k')), "key", "at most 200 characters");
    expect_refused(client_with("phone", "0400 000 000", "retry-1\x1b[31m"), "key", "U+001B (escape)");

    // 200 is still a key.
    const std::string longest(max_idempotency_key_length, 'k');
    const auto kept = client_with("preferred_name", "Ngaio", longest);
    ASSERT_TRUE(kept) << kept.error().message;
    auto q = db().query("SELECT count(*) FROM command_log WHERE idempotency_key = ?", longest);
    q.step();
    EXPECT_EQ(q.integer(0), 1);
}

TEST_F(SecurityInput, OneLineFieldsRefuseEveryControlCharacter)
{
    expect_refused(client_with("phone", "0400\a000 000"), "phone", "U+0007 (bell)");
    expect_refused(client_with("phone", "0400\t000 000"), "phone", "type it on one line");
    expect_refused(client_with("email", "ann@example.com\nBcc: x@example.com"), "email", "U+000A");
    expect_refused(client_with("preferred_name", "Ngaio\xc2\x9b" "31m"), "preferred_name", "U+009B"); // C1 CSI
    const auto reason = bus().execute({"test.cancel", {{"reason", "ill\x1b[2J"}}, "owner"});
    ASSERT_FALSE(reason);
    EXPECT_EQ(reason.error().field, "reason");
    EXPECT_NE(reason.error().message.find("U+001B (escape)"), std::string::npos) << reason.error().message;
    EXPECT_TRUE(bus().execute({"test.cancel", {{"reason", "ill — rebooked for Tuesday"}}, "owner"}))
        << "plain text (any language) is fine";
}

TEST_F(SecurityInput, FreeTextKeepsTabsAndLineBreaksOnly)
{
    expect_refused(client_with("address", "1 Main St\x1b[31m"), "address", "only tabs and line breaks");
    expect_refused(client_with("address", "1 Main St\rTown"), "address", "U+000D"); // a bare CR overwrites the line
    expect_refused(client_with("address", std::string("1 Main St\0Town", 14)), "address", "U+0000");
    const auto kept = client_with("address", "Flat 2\r\n1 Main St\n\tWellington");
    ASSERT_TRUE(kept) << kept.error().message;
    auto q = db().query("SELECT address FROM clients");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "Flat 2\r\n1 Main St\n\tWellington");
}

// The process adds what a person sees: exit 2 and the option they typed.
TEST(SecurityInputAtTheDesk, AControlCharacterInAReasonAndAHugeKeyAreExitTwoNamingTheOption)
{
    SyncWorld world;
    world.create_clinic();
    const auto cancel = run_process(FASCIA_CLI,
                                    {"--db", world.daemon_db(), "--as", "maria", "schedule", "cancel",
                                     "01a22923-3e7c-70d4-b2f7-021130a0d558", "--reason", "late\x1b[31m"},
                                    world.env());
    EXPECT_EQ(cancel.exit_code, 2) << cancel.err;
    EXPECT_NE(cancel.err.find("--reason: cannot hold the control character U+001B (escape)"), std::string::npos)
        << cancel.err;

    const auto keyed = run_process(FASCIA_CLI,
                                   {"--db", world.daemon_db(), "--as", "maria", "clients", "add", "--first-name",
                                    "Ngaio", "--last-name", "Marsh", "--dob", "1975-04-23", "--key",
                                    std::string(100 * 1024, 'k')},
                                   world.env());
    EXPECT_EQ(keyed.exit_code, 2) << keyed.err;
    EXPECT_NE(keyed.err.find("--key: an idempotency key is at most 200 characters"), std::string::npos) << keyed.err;
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM clients"), 0);
}

} // namespace
} // namespace fascia::test
