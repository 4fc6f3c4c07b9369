// On a desk enrolled with a sync server, a signed-in session signs its commands
// with the person's key (signing.h). The idle lock drops the unsealed key:
// nothing is signed in their name until a password opens it again.
#include "desk_fixture.h"

#include <fascia/passwords.h>
#include <fascia/signing.h>

#include <boost/json.hpp>

using namespace fascia;
using fascia::test::DeskTest;

namespace {

class DeskSigning : public DeskTest {
protected:
    void SetUp() override
    {
        DeskTest::SetUp();
        // The owner's key, sealed under her desk password (as `fascia staff password` makes
        // it); then the desk is enrolled, so the server would believe only signed commands.
        auto made = new_signing_key(demo_password);
        ASSERT_TRUE(made);
        key = *made;
        const auto hash = hash_password(demo_password);
        ASSERT_TRUE(hash);
        ASSERT_TRUE(clinic->bus().execute(
            {"staff.set_password",
             {{"username", "owner"},
              {"password_hash", *hash},
              {"signing_key", {{"public_key", key->public_key}, {"sealed", key->sealed}}}},
             "owner"}));
        clinic->db().exec("INSERT INTO sync_replica(key, value) VALUES ('device', 'desk-under-test')");
    }

    Result<CommandOutcome> add_client(const std::string& last_name)
    {
        return window->execute("clients.create",
                               {{"first_name", "Ngaio"}, {"last_name", last_name}, {"date_of_birth", "1975-04-23"}});
    }

    /// Whether the newest outbox row carries the owner's valid signature for this desk.
    bool newest_is_signed_by_owner()
    {
        auto q = clinic->db().query("SELECT type, payload, actor, idempotency_key, hlc, coalesce(signature, '')"
                                    " FROM outbox ORDER BY sequence DESC LIMIT 1");
        if (!q.step() || q.text(5).empty())
            return false;
        const Command command{q.text(0), boost::json::parse(q.text(1)).as_object(), q.text(2), q.text(3), q.text(4)};
        return verify_signature(key->public_key, signing_message(command, q.text(1), "desk-under-test"), q.text(5));
    }

    std::optional<SealedSigningKey> key;
};

} // namespace

TEST_F(DeskSigning, TheIdleLockDropsTheSigningKeyAndSigningInAgainOpensIt)
{
    sign_in("owner");
    ASSERT_FALSE(window->locked()) << window->sign_in_screen()->error_text().toStdString();
    ASSERT_TRUE(add_client("Marsh"));
    EXPECT_TRUE(newest_is_signed_by_owner()) << "signing in opened her key";

    window->lock();
    const auto while_locked = add_client("Locked");
    EXPECT_FALSE(while_locked) << "a locked desk makes no changes";
    // Even a command issued past the window in her name is no longer signed: the key is gone.
    ASSERT_TRUE(clinic->bus().execute(
        {"clients.create", {{"first_name", "Ngaio"}, {"last_name", "Bypass"}, {"date_of_birth", "1975-04-23"}}, "owner"}));
    EXPECT_FALSE(newest_is_signed_by_owner());

    sign_in("owner");
    ASSERT_FALSE(window->locked());
    ASSERT_TRUE(add_client("Again"));
    EXPECT_TRUE(newest_is_signed_by_owner()) << "her password opened the key again";
}

TEST_F(DeskSigning, SomeoneWithoutAKeyIsToldWhatToDoAndNothingIsWritten)
{
    sign_in("frontdesk");
    ASSERT_FALSE(window->locked());
    const auto refused = add_client("Keyless");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("frontdesk has no signing key yet"), std::string::npos)
        << refused.error().message;
    EXPECT_NE(refused.error().message.find("fascia staff password frontdesk"), std::string::npos);
    auto q = clinic->db().query("SELECT count(*) FROM clients WHERE last_name = 'Keyless'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 0);
}
