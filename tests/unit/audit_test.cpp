#include "test_clinic.h"

#include <fascia/audit.h>

#include <sqlite3.h>

using namespace fascia;
using fascia::test::ClinicTest;

namespace {

class AuditLog : public ClinicTest {
protected:
    void SetUp() override
    {
        ClinicTest::SetUp();
        for (const char* name : {"Ann", "Bo", "Cy", "Di"})
            ASSERT_TRUE(add_client(name, "Lee"));
    }
    /// What someone with the sqlite3 shell could do behind the application's back.
    void tamper(const std::string& sql)
    {
        db().exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
        db().exec(sql);
    }
};

} // namespace

TEST_F(AuditLog, AnUntouchedLogVerifies)
{
    const auto v = verify_audit_log(db());
    EXPECT_TRUE(v.ok()) << v.reason;
    EXPECT_EQ(v.entries_checked, 5); // the owner and four clients
}

TEST_F(AuditLog, TheApplicationCannotChangeOrDeleteEntries)
{
    EXPECT_THROW(db().exec("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 2"), Failure);
    EXPECT_THROW(db().exec("DELETE FROM audit_log WHERE sequence = 2"), Failure);
    EXPECT_TRUE(verify_audit_log(db()).ok());
}

TEST_F(AuditLog, AnEditedEntryIsNamed)
{
    tamper("UPDATE audit_log SET actor = 'frontdesk' WHERE sequence = 3");
    const auto v = verify_audit_log(db());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.first_broken, 3);
    EXPECT_NE(v.reason.find("changed after it was written"), std::string::npos);
}

TEST_F(AuditLog, ARehashedEditIsStillCaughtByTheNextEntry)
{
    // Even recomputing the edited row's own hash breaks the link to the next one.
    tamper("UPDATE audit_log SET hash = '" + std::string(64, 'a') + "' WHERE sequence = 2");
    const auto v = verify_audit_log(db());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.first_broken, 2);
}

TEST_F(AuditLog, DeletedEntriesAreNamed)
{
    tamper("DELETE FROM audit_log WHERE sequence = 4");
    auto v = verify_audit_log(db());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.first_broken, 4);
    db().exec("DELETE FROM audit_log WHERE sequence >= 4");
    v = verify_audit_log(db());
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.first_broken, 4) << "the log is shorter than the command log";
}

TEST_F(AuditLog, EntriesNameWhoWhatAndWhichRecordButNoPersonalData)
{
    const auto entries = recent_audit_entries(db(), 1);
    ASSERT_EQ(entries.size(), 1u);
    const auto& e = entries.front();
    EXPECT_EQ(e.command, "clients.create");
    EXPECT_EQ(e.actor, "owner");
    EXPECT_EQ(e.at, "2026-11-22T09:00:00.000Z");
    auto q = db().query("SELECT group_concat(actor || command || record_type || record_id || hlc) FROM audit_log");
    q.step();
    EXPECT_EQ(q.text(0).find("Lee"), std::string::npos);
    EXPECT_EQ(q.text(0).find("1980-05-01"), std::string::npos);
}
