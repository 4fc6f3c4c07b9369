// `fascia intake evaluate` through the real binary: the fixture vignettes, the
// property tests, and every kind of bad input (exit 2, naming the field).
#include "intake_test_support.h"

#include <gmock/gmock.h>

#include <set>

namespace fascia::intake::test {
namespace {

using ::testing::HasSubstr;

class EvaluateCli : public IntakeCli {
protected:
    ProcessResult evaluate(const json::value& input, bool as_json = true)
    {
        std::vector<std::string> args{"intake", "evaluate", write("input.json", input)};
        if (as_json)
            args.push_back("--json");
        return fascia(args);
    }

    /// Exit 2 with stderr naming `field` (in text and in --json's error.field).
    void expect_refused_naming(const json::value& input, const std::string& field)
    {
        SCOPED_TRACE("expected field: " + field);
        const auto text = evaluate(input, false);
        EXPECT_EQ(text.exit_code, 2) << text.out << text.err;
        EXPECT_THAT(text.err, HasSubstr(field));
        EXPECT_EQ(text.out, "");
        const auto j = evaluate(input, true);
        EXPECT_EQ(j.exit_code, 2);
        boost::system::error_code ec;
        const auto err = json::parse(j.err, ec);
        ASSERT_FALSE(ec) << j.err;
        EXPECT_EQ(err.at("error").at("kind"), "invalid_input");
        EXPECT_THAT(std::string(err.at("error").at("field").as_string()), HasSubstr(field));
        EXPECT_THAT(std::string(err.at("error").at("message").as_string()), HasSubstr(field));
    }
};

// Suites are named intake_* so `ctest -R intake` runs every test of the module.
using intake_evaluate_cli = EvaluateCli;

/// The fields an expect_error description names: any answer id or top-level field it mentions.
std::vector<std::string> fields_named_in(const std::string& description)
{
    std::vector<std::string> named;
    std::vector<std::string> candidates = answer_ids;
    candidates.insert(candidates.end(), {"assessed_on", "symptom_onset", "form", "answers"});
    for (const auto& c : candidates) {
        if (description.find(c) == std::string::npos)
            continue;
        // "pregnancy_weeks" contains no other id, but guard against one id inside another.
        bool inside_longer = false;
        for (const auto& other : candidates)
            inside_longer = inside_longer
                            || (other != c && other.find(c) != std::string::npos
                                && description.find(other) != std::string::npos);
        if (!inside_longer)
            named.push_back(c);
    }
    return named;
}

TEST_F(intake_evaluate_cli, EveryVignettePassesThroughTheContract)
{
    const auto cases = vignettes();
    ASSERT_FALSE(cases.empty());
    for (const auto& c : cases) {
        const std::string name(c.at("name").as_string());
        SCOPED_TRACE(name);
        const auto r = evaluate(c.at("input"));
        if (const auto* error = c.as_object().if_contains("expect_error")) {
            const std::string description(error->as_string());
            EXPECT_EQ(r.exit_code, 2) << r.out;
            const auto fields = fields_named_in(description);
            ASSERT_FALSE(fields.empty()) << "the fixture's description names no field: " << description;
            for (const auto& f : fields)
                EXPECT_THAT(r.err, HasSubstr(f)) << "expected: " << description;
            continue;
        }
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto got = parsed(r);
        const auto& want = c.at("expect");
        expect_as_vignette_says(got, want);
    }
}

TEST_F(intake_evaluate_cli, JsonOutputIsExactlyTheContract)
{
    json::object input = base_input();
    input["answers"].as_object()["saddle_numbness"] = true;
    input["answers"].as_object()["pregnant"] = true;
    input["answers"].as_object()["pregnancy_weeks"] = 20;
    const auto r = evaluate(input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = parsed(r).as_object();
    std::set<std::string> keys;
    for (const auto& kv : out)
        keys.emplace(kv.key());
    EXPECT_EQ(keys, (std::set<std::string>{"disposition", "condition_type", "flags", "restrictions",
                                           "advisories", "course"}));
    EXPECT_TRUE(out.at("course").is_null());
    for (const auto& f : out.at("flags").as_array()) {
        ASSERT_EQ(f.as_object().size(), 3u) << json::serialize(f);
        EXPECT_THAT((std::vector<std::string>{"urgent", "clearance", "precaution"}),
                    ::testing::Contains(std::string(f.at("severity").as_string())));
        EXPECT_FALSE(f.at("message").as_string().empty());
    }
    EXPECT_EQ(r.out.back(), '\n');
}

TEST_F(intake_evaluate_cli, ReadsStandardInputAndNeedsNoDatabase)
{
    const auto r = fascia({"intake", "evaluate", "-", "--json"}, json::serialize(base_input()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("disposition"), "proceed");
    EXPECT_FALSE(std::filesystem::exists(db)) << "evaluate must not create a database";
}

TEST_F(intake_evaluate_cli, TextOutputGivesTheReferralScriptForAnEmergency)
{
    json::object input = base_input();
    input["answers"].as_object()["bladder_or_bowel_change"] = true;
    const auto r = evaluate(input, false);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("URGENT REFERRAL"));
    EXPECT_THAT(r.out, HasSubstr("Go to A&E / the emergency department now; do not wait for your appointment"));
    EXPECT_THAT(r.out, HasSubstr("cauda_equina"));
}

// Property: any single urgent answer true gives urgent_referral, whatever else is answered.
TEST_F(intake_evaluate_cli, AnyUrgentAnswerIsAnUrgentReferralWhateverTheRest)
{
    std::mt19937 rng(20261122);
    for (const auto& urgent : urgent_answers) {
        for (int i = 0; i < 50; ++i) {
            json::object input = random_input(rng);
            auto& answers = input["answers"].as_object();
            for (const auto& other : urgent_answers)
                answers[other] = false;
            answers[urgent] = true;
            SCOPED_TRACE(json::serialize(input));
            const auto r = evaluate(input);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const auto got = parsed(r);
            EXPECT_EQ(got.at("disposition"), "urgent_referral");
            EXPECT_TRUE(got.at("course").is_null());
            EXPECT_THAT(flag_codes(got), ::testing::Contains("cauda_equina"));
        }
    }
}

// Property: removing any single answer (or top-level field) is refused, naming it.
TEST_F(intake_evaluate_cli, RemovingAnyAnswerIsRefusedNamingIt)
{
    for (const auto& id : answer_ids) {
        json::object input = base_input();
        input["answers"].as_object().erase(id);
        expect_refused_naming(input, id);
    }
    // pregnancy_weeks is required while pregnant too, where its value is not null.
    json::object pregnant = base_input();
    pregnant["answers"].as_object()["pregnant"] = true;
    pregnant["answers"].as_object().erase("pregnancy_weeks");
    expect_refused_naming(pregnant, "pregnancy_weeks");
    for (const char* field : {"form", "assessed_on", "symptom_onset", "answers"}) {
        json::object input = base_input();
        input.erase(field);
        expect_refused_naming(input, field);
    }
}

TEST_F(intake_evaluate_cli, WrongTypesAreRefusedNamingTheField)
{
    for (const auto& id : answer_ids) {
        if (id == "pregnancy_weeks")
            continue; // null unless pregnant: covered below
        json::object input = base_input();
        input["answers"].as_object()[id] = is_boolean_answer(id) ? json::value("yes") : json::value("5");
        expect_refused_naming(input, id);
    }
    json::object one = base_input();
    one["answers"].as_object()["saddle_numbness"] = 1; // 1 is not true
    expect_refused_naming(one, "saddle_numbness");
    json::object fraction = base_input();
    fraction["answers"].as_object()["pain_score"] = 5.5;
    expect_refused_naming(fraction, "pain_score");
    json::object null_red_flag = base_input();
    null_red_flag["answers"].as_object()["saddle_numbness"] = nullptr; // unanswered is never a no
    expect_refused_naming(null_red_flag, "saddle_numbness");
}

TEST_F(intake_evaluate_cli, OutOfRangeNumbersAreRefusedNamingTheField)
{
    for (int score : {-1, 11, 100}) {
        json::object input = base_input();
        input["answers"].as_object()["pain_score"] = score;
        expect_refused_naming(input, "pain_score");
    }
    for (int weeks : {0, 43, -5}) {
        json::object input = base_input();
        input["answers"].as_object()["pregnant"] = true;
        input["answers"].as_object()["pregnancy_weeks"] = weeks;
        expect_refused_naming(input, "pregnancy_weeks");
    }
    json::object negative = base_input();
    negative["answers"].as_object()["self_care_weeks_without_improvement"] = -1;
    expect_refused_naming(negative, "self_care_weeks_without_improvement");
    json::object huge = base_input();
    huge["answers"].as_object()["pain_score"] = std::uint64_t(18446744073709551615ull);
    expect_refused_naming(huge, "pain_score");
}

TEST_F(intake_evaluate_cli, PregnancyWeeksFollowPregnant)
{
    json::object missing = base_input();
    missing["answers"].as_object()["pregnant"] = true; // pregnancy_weeks stays null
    expect_refused_naming(missing, "pregnancy_weeks");
    json::object not_pregnant = base_input();
    not_pregnant["answers"].as_object()["pregnancy_weeks"] = 12; // must be null when not pregnant
    expect_refused_naming(not_pregnant, "pregnancy_weeks");
    json::object fine = base_input();
    fine["answers"].as_object()["pregnant"] = true;
    fine["answers"].as_object()["pregnancy_weeks"] = 42;
    EXPECT_EQ(evaluate(fine).exit_code, 0);
}

TEST_F(intake_evaluate_cli, UnknownAnswersFormsAndFieldsAreRefusedNamingThem)
{
    json::object unknown = base_input();
    unknown["answers"].as_object()["feeling_lucky"] = true;
    expect_refused_naming(unknown, "feeling_lucky");
    json::object typo = base_input();
    typo["answers"].as_object().erase("saddle_numbness");
    typo["answers"].as_object()["saddle_numbnes"] = false;
    expect_refused_naming(typo, "saddle_numbnes");
    json::object form = base_input();
    form["form"] = "sciatica-intake/99";
    expect_refused_naming(form, "form");
    json::object form_type = base_input();
    form_type["form"] = 1;
    expect_refused_naming(form_type, "form");
    json::object extra = base_input();
    extra["notes"] = "hello";
    expect_refused_naming(extra, "notes");
}

TEST_F(intake_evaluate_cli, DatesMustBeRealAndInOrder)
{
    for (const char* bad : {"20-11-2026", "2026-11-31", "2026/11/20", "2026-11-20T09:00:00Z", ""}) {
        json::object input = base_input();
        input["assessed_on"] = bad;
        expect_refused_naming(input, "assessed_on");
    }
    json::object number = base_input();
    number["symptom_onset"] = 20260801;
    expect_refused_naming(number, "symptom_onset");
    json::object after = base_input();
    after["symptom_onset"] = "2026-11-21"; // the day after assessed_on
    expect_refused_naming(after, "symptom_onset");
    json::object same_day = base_input();
    same_day["symptom_onset"] = "2026-11-20";
    const auto r = evaluate(same_day);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("condition_type"), "acute");
}

TEST_F(intake_evaluate_cli, UnreadableInputIsBadInput)
{
    const auto missing = fascia({"intake", "evaluate", dir + "/nope.json"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_THAT(missing.err, HasSubstr("nope.json"));
    const auto not_json = fascia({"intake", "evaluate", "-"}, "{\"form\": ");
    EXPECT_EQ(not_json.exit_code, 2);
    EXPECT_THAT(not_json.err, HasSubstr("not valid JSON"));
    const auto not_object = fascia({"intake", "evaluate", "-"}, "[1, 2]");
    EXPECT_EQ(not_object.exit_code, 2);
    const auto no_file = fascia({"intake", "evaluate"});
    EXPECT_EQ(no_file.exit_code, 2);
    EXPECT_THAT(no_file.err, HasSubstr("input"));
}

TEST_F(intake_evaluate_cli, ConditionTypeTurnsChronicAtSixWeeks)
{
    json::object input = base_input();
    input["symptom_onset"] = "2026-10-10"; // 41 days before 2026-11-20
    auto r = evaluate(input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("condition_type"), "acute");
    EXPECT_EQ(parsed(r).at("course"), json::parse(R"({"sessions_per_week": [1, 2]})"));
    input["symptom_onset"] = "2026-10-09"; // 42 days
    r = evaluate(input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("condition_type"), "chronic");
    EXPECT_EQ(parsed(r).at("course"), json::parse(R"({"sessions_per_week": [2, 3]})"));
}

TEST_F(intake_evaluate_cli, HelpAndUsage)
{
    const auto help = fascia({"intake", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    for (const char* sub : {"evaluate", "record", "status", "clear", "precheck"})
        EXPECT_THAT(help.out, HasSubstr(sub));
    EXPECT_EQ(fascia({"intake"}).exit_code, 2);
    EXPECT_EQ(fascia({"intake", "diagnose"}).exit_code, 2);
}

} // namespace
} // namespace fascia::intake::test
