// The rules engine in-process: the built-in rules file, properties over many
// random forms (fast enough here for thousands), and rules files that must be
// refused before they can misjudge anyone.
#include "intake_test_support.h"
#include "screening_form.h"

#include <gmock/gmock.h>

namespace fascia::intake::test {
namespace {

using ::testing::HasSubstr;

const FormLibrary& forms()
{
    const auto& library = FormLibrary::builtin();
    if (!library)
        throw std::runtime_error(library.error().message);
    return *library;
}

std::string builtin_rules_text()
{
    return read_text(std::string(FASCIA_SOURCE_DIR) + "/plugins/intake/rules/sciatica-intake-1.json");
}

TEST(intake_rules_engine, TheBuiltInRulesLoad)
{
    const auto& library = FormLibrary::builtin();
    ASSERT_TRUE(library) << library.error().message;
    const auto* form = library->find("sciatica-intake/1");
    ASSERT_NE(form, nullptr);
    std::vector<std::string> ids;
    for (const auto& q : form->questions())
        ids.push_back(q.id);
    EXPECT_EQ(ids, answer_ids) << "the form asks exactly the issue's questions, in its order";
    EXPECT_EQ(form->rules_sha256().size(), 64u);
}

TEST(intake_rules_engine, EveryVignette)
{
    for (const auto& c : vignettes()) {
        SCOPED_TRACE(std::string(c.at("name").as_string()));
        const auto e = forms().evaluate(c.at("input"));
        if (c.as_object().contains("expect_error")) {
            ASSERT_FALSE(e);
            EXPECT_EQ(e.error().kind, ErrorKind::invalid_input);
            continue;
        }
        ASSERT_TRUE(e) << e.error().message;
        const auto got = json::value(to_json(*e));
        const auto& want = c.at("expect");
        expect_as_vignette_says(got, want);
    }
}

TEST(intake_rules_engine, AnyUrgentAnswerIsAnUrgentReferralOverThousandsOfRandomForms)
{
    std::mt19937 rng(7);
    for (int i = 0; i < 4000; ++i) {
        json::object input = random_input(rng);
        auto& answers = input["answers"].as_object();
        for (const auto& u : urgent_answers)
            answers[u] = false;
        answers[urgent_answers[static_cast<std::size_t>(i) % urgent_answers.size()]] = true;
        const auto e = forms().evaluate(input);
        ASSERT_TRUE(e) << e.error().message << "\n" << json::serialize(input);
        ASSERT_EQ(e->disposition, "urgent_referral") << json::serialize(input);
        ASSERT_FALSE(e->sessions_per_week);
    }
}

TEST(intake_rules_engine, DispositionFollowsTheMostSevereAnswerOverRandomForms)
{
    std::mt19937 rng(11);
    for (int i = 0; i < 4000; ++i) {
        const json::object input = random_input(rng);
        const auto& answers = input.at("answers").as_object();
        const auto yes = [&](const std::vector<std::string>& ids) {
            return std::any_of(ids.begin(), ids.end(),
                               [&](const std::string& id) { return answers.at(id).as_bool(); });
        };
        const std::string expected = yes(urgent_answers)      ? "urgent_referral"
                                     : yes(clearance_answers) ? "clearance_required"
                                                              : "proceed";
        const auto e = forms().evaluate(input);
        ASSERT_TRUE(e) << e.error().message;
        ASSERT_EQ(e->disposition, expected) << json::serialize(input);
        // Restrictions always follow the precautions, whatever the disposition.
        const bool deep = answers.at("anticoagulants").as_bool() || answers.at("osteoporosis").as_bool()
                          || answers.at("blood_clot_history").as_bool();
        ASSERT_EQ(std::count(e->restrictions.begin(), e->restrictions.end(), "no_deep_tissue"), deep ? 1 : 0);
        ASSERT_TRUE(std::is_sorted(e->restrictions.begin(), e->restrictions.end()));
    }
}

TEST(intake_rules_engine, RemovingAnyAnswerNamesIt)
{
    for (const auto& id : answer_ids) {
        json::object input = base_input();
        input["answers"].as_object().erase(id);
        const auto e = forms().evaluate(input);
        ASSERT_FALSE(e) << id;
        EXPECT_EQ(e.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(e.error().field, "answers." + id);
        EXPECT_THAT(e.error().message, HasSubstr(id));
    }
}

TEST(intake_rules_engine, EveryPrecheckQuestionStopsBookingOnItsOwn)
{
    const auto* form = forms().find("sciatica-intake/1");
    ASSERT_NE(form, nullptr);
    ASSERT_FALSE(form->precheck_questions().empty());
    for (const auto& q : form->precheck_questions()) {
        json::object input = base_input();
        input["answers"].as_object()[q.id] = true;
        const auto e = forms().evaluate(input);
        ASSERT_TRUE(e);
        EXPECT_NE(e->disposition, "proceed") << q.id;
    }
    for (const auto& u : urgent_answers)
        EXPECT_TRUE(std::any_of(form->precheck_questions().begin(), form->precheck_questions().end(),
                                [&](const PrecheckQuestion& q) { return q.id == u; }))
            << u << " must be asked again before every session";
}

/// The built-in rules with one edit.
std::string edited(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        throw std::runtime_error("not in the rules file: " + from);
    return text.replace(at, from.size(), to);
}

TEST(intake_rules_engine, BrokenRulesFilesAreRefused)
{
    const std::string rules = builtin_rules_text();
    ASSERT_TRUE(ScreeningForm::parse(rules));
    const std::vector<std::pair<std::string, std::string>> breakages{
        {R"("any_yes": ["foot_drop"])", R"("any_yes": ["foot_drops"])"},       // unknown answer
        {R"("any_yes": ["foot_drop"])", R"("any_yes": ["pain_score"])"},       // wrong type
        {R"("severity": "urgent")", R"("severity": "alarming")"},               // unknown severity
        {R"("restrictions": ["no_dry_needling"])", R"("restrictions": ["no_massage"])"}, // undescribed
        {R"({"condition_type": "acute"})", R"({"condition_type": "subacute"})"},  // unknown type
        // a precheck question that does not stop booking
        {R"({"id": "recent_trauma", "text": "Since)", R"({"id": "pregnant", "text": "Since)"},
        {R"("asked_when": "pregnant")", R"("asked_when": "pain_score")"},       // not a yes/no
        {R"("type": "integer", "min": 0, "max": 10)", R"("type": "decimal", "min": 0, "max": 10)"},
        {R"({"disposition": "proceed", "booking": "allowed",)",
         R"({"disposition": "proceed", "when_severity": "precaution", "booking": "allowed",)"}, // no fallback
        {R"("chronic": [2, 3])", R"("chronic": [3, 2])"},                       // min above max
        {R"("form": "sciatica-intake/1",)", R"("form": "sciatica-intake/1", "form": )"}, // not JSON
    };
    for (const auto& [from, to] : breakages) {
        SCOPED_TRACE(to);
        const auto form = ScreeningForm::parse(edited(rules, from, to));
        ASSERT_FALSE(form);
        EXPECT_EQ(form.error().kind, ErrorKind::internal);
        EXPECT_THAT(form.error().message, HasSubstr("intake rules"));
    }
}

TEST(intake_rules_engine, ANewFormVersionChangesNothingForTheOld)
{
    // A hypothetical version 2 that calls four weeks chronic.
    auto v2 = ScreeningForm::parse(
        edited(edited(builtin_rules_text(), "sciatica-intake/1", "sciatica-intake/2"), R"("below_days": 42)",
               R"("below_days": 28)"));
    ASSERT_TRUE(v2) << v2.error().message;
    auto v1 = ScreeningForm::parse(builtin_rules_text());
    ASSERT_TRUE(v1);
    EXPECT_NE(v1->rules_sha256(), v2->rules_sha256());
    FormLibrary library({std::move(*v1), std::move(*v2)});
    json::object input = base_input();
    input["symptom_onset"] = "2026-10-16"; // 35 days
    EXPECT_EQ(library.evaluate(input)->condition_type, "acute");
    input["form"] = "sciatica-intake/2";
    EXPECT_EQ(library.evaluate(input)->condition_type, "chronic");
    EXPECT_EQ(library.evaluate(input)->form, "sciatica-intake/2");
}

TEST(intake_rules_engine, StoredResultsReadBackExactly)
{
    std::mt19937 rng(3);
    for (int i = 0; i < 200; ++i) {
        const auto e = forms().evaluate(random_input(rng));
        ASSERT_TRUE(e);
        const auto back = evaluation_from_json(json::parse(json::serialize(to_json(*e))), e->form);
        ASSERT_TRUE(back);
        EXPECT_EQ(json::value(to_json(*back)), json::value(to_json(*e)));
    }
}

} // namespace
} // namespace fascia::intake::test
