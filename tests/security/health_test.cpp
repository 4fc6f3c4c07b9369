// Health data by role: the front desk sees a screening's disposition,
// restrictions and referral script but not the client's answers; a
// therapist's read of the answers is audited (who, which client, when).
#include "intake_test_support.h"

#include <gtest/gtest.h>

namespace fascia::intake::test {
namespace {

class SecurityHealthData : public IntakeCli {};

TEST_F(SecurityHealthData, FrontDeskIsRefusedTheAnswersAndATherapistsReadIsAudited)
{
    init_clinic();
    add_staff("desk", "front_desk");
    add_staff("priya", "therapist");
    const auto client = add_client();
    json::object input = base_input();
    input["answers"].as_object()["pregnant"] = true;
    input["answers"].as_object()["pregnancy_weeks"] = 22;
    const auto screening = record(client, input);
    ASSERT_FALSE(screening.empty());

    const auto desk = fascia({"intake", "show", screening, "--json", "--as", "desk"});
    ASSERT_EQ(desk.exit_code, 0) << desk.err;
    const auto shown = parsed(desk).as_object();
    EXPECT_FALSE(shown.contains("input")) << "the answers are not the front desk's to read";
    EXPECT_FALSE(shown.at("result").as_object().contains("flags")) << "nor flags that quote them";
    EXPECT_TRUE(shown.at("result").as_object().contains("disposition"));
    EXPECT_TRUE(shown.at("result").as_object().contains("restrictions"));
    EXPECT_EQ(shown.at("answers_withheld"), true);
    // As text, the front desk is told the flags are withheld, never that there are none.
    const auto desk_text = fascia({"intake", "show", screening, "--as", "desk"});
    ASSERT_EQ(desk_text.exit_code, 0) << desk_text.err;
    EXPECT_NE(desk_text.out.find("Flags: not shown to the front desk"), std::string::npos) << desk_text.out;
    EXPECT_EQ(desk_text.out.find("Flags: none"), std::string::npos) << desk_text.out;

    const auto therapist = fascia({"intake", "show", screening, "--json", "--as", "priya"});
    ASSERT_EQ(therapist.exit_code, 0) << therapist.err;
    EXPECT_EQ(parsed(therapist).at("input").at("answers").at("pregnancy_weeks"), 22);
    const auto audit = fascia({"audit", "list", "--json"});
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    // The reads themselves, not any entry that happens to mention the client (adding
    // the client names it too): exactly one, by the therapist, about this client.
    const auto entries = parsed(audit);
    std::vector<json::object> reads;
    for (const auto& e : entries.at("entries").as_array())
        if (e.at("command") == "intake.answers_read")
            reads.push_back(e.as_object());
    ASSERT_EQ(reads.size(), 1u) << "one audited read (the therapist's), none for the front desk: " << audit.out;
    EXPECT_EQ(reads[0].at("actor"), "priya");
    EXPECT_EQ(reads[0].at("record_type"), "client");
    EXPECT_EQ(reads[0].at("record_id").as_string(), client) << "the audit names the client whose answers were read";
}

} // namespace
} // namespace fascia::intake::test
