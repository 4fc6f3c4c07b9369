#pragma once
// Shared by the intake tests: the fixture vignettes, valid random forms, and a
// fixture that runs the real `fascia` against a clinic in a fresh temp folder
// with the clock pinned (FASCIA_TEST_NOW).
#include "module_cli_test.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fascia::intake::test {

namespace json = boost::json;
using fascia::test::ProcessResult;
// The matchers the intake tests read their output with.
using ::testing::HasSubstr;
using ::testing::Not;

/// Every answer of sciatica-intake/1, as the issue lists them (the spec, not the rules file).
inline const std::vector<std::string> answer_ids{
    "bladder_or_bowel_change", "saddle_numbness", "sexual_dysfunction_new", "sudden_severe_weakness",
    "bilateral_leg_symptoms", "foot_drop", "progressive_weakness", "calf_swelling_warmth",
    "fever_or_unwell", "cancer_history", "unexplained_weight_loss", "night_pain_unrelenting",
    "recent_trauma", "known_fracture", "doctor_advised_against_massage", "pregnant", "metal_implants",
    "anticoagulants", "osteoporosis", "blood_clot_history", "diagnosed_by_clinician",
    "symptoms_below_knee", "pregnancy_weeks", "self_care_weeks_without_improvement", "pain_score"};

/// Any of these true is an emergency (cauda equina).
inline const std::vector<std::string> urgent_answers{"bladder_or_bowel_change", "saddle_numbness",
                                                     "sexual_dysfunction_new", "sudden_severe_weakness"};

/// Any of these true (and none urgent) needs a doctor's clearance.
inline const std::vector<std::string> clearance_answers{
    "foot_drop", "progressive_weakness", "bilateral_leg_symptoms", "calf_swelling_warmth",
    "fever_or_unwell", "cancer_history", "unexplained_weight_loss", "night_pain_unrelenting",
    "recent_trauma", "known_fracture", "doctor_advised_against_massage"};

inline const std::vector<std::string> integer_answers{"pregnancy_weeks",
                                                      "self_care_weeks_without_improvement", "pain_score"};

inline bool is_boolean_answer(const std::string& id)
{
    return std::find(integer_answers.begin(), integer_answers.end(), id) == integer_answers.end();
}

inline std::string read_text(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/// tests/fixtures/intake/vignettes.json (copied unchanged from the shared fixtures).
inline json::array vignettes()
{
    return json::parse(read_text(std::string(FASCIA_INTAKE_FIXTURES) + "/vignettes.json")).as_array();
}

/// A valid form: every answer no or zero, chronic, diagnosed.
inline json::object base_input()
{
    json::object answers;
    for (const auto& id : answer_ids)
        answers[id] = is_boolean_answer(id) ? json::value(false) : json::value(0);
    answers["pregnancy_weeks"] = nullptr;
    answers["diagnosed_by_clinician"] = true;
    answers["pain_score"] = 6;
    return {{"form", "sciatica-intake/1"},
            {"assessed_on", "2026-11-20"},
            {"symptom_onset", "2026-08-01"},
            {"answers", std::move(answers)}};
}

/// A valid form with every answer random (dates too, onset up to 400 days back).
inline json::object random_input(std::mt19937& rng)
{
    std::bernoulli_distribution coin(0.5);
    json::object input = base_input();
    auto& answers = input["answers"].as_object();
    for (const auto& id : answer_ids)
        if (is_boolean_answer(id))
            answers[id] = coin(rng);
    answers["pregnancy_weeks"] = answers["pregnant"].as_bool()
                                     ? json::value(std::uniform_int_distribution<int>(1, 42)(rng))
                                     : json::value(nullptr);
    answers["self_care_weeks_without_improvement"] = std::uniform_int_distribution<int>(0, 30)(rng);
    answers["pain_score"] = std::uniform_int_distribution<int>(0, 10)(rng);
    const int days_back = std::uniform_int_distribution<int>(0, 400)(rng);
    const auto onset = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}
                                                   - std::chrono::days{days_back}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(onset.year()), unsigned(onset.month()),
                  unsigned(onset.day()));
    input["symptom_onset"] = text;
    return input;
}

/// The codes of an evaluation's flags, sorted.
inline std::vector<std::string> flag_codes(const json::value& evaluation)
{
    std::vector<std::string> out;
    for (const auto& f : evaluation.at("flags").as_array())
        out.emplace_back(f.at("code").as_string());
    std::sort(out.begin(), out.end());
    return out;
}

/// A list of strings, sorted (to compare as sets).
inline std::vector<std::string> sorted_strings(const json::value& list)
{
    std::vector<std::string> out;
    for (const auto& v : list.as_array())
        out.emplace_back(v.as_string());
    std::sort(out.begin(), out.end());
    return out;
}

/// An evaluation (as JSON) is what a vignette's "expect" says: disposition,
/// condition type, course, and the flags, restrictions and advisories as sets.
inline void expect_as_vignette_says(const json::value& got, const json::value& want)
{
    EXPECT_EQ(got.at("disposition"), want.at("disposition"));
    EXPECT_EQ(got.at("condition_type"), want.at("condition_type"));
    EXPECT_EQ(got.at("course"), want.at("course"));
    EXPECT_EQ(flag_codes(got), sorted_strings(want.at("flags")));
    EXPECT_EQ(sorted_strings(got.at("restrictions")), sorted_strings(want.at("restrictions")));
    EXPECT_EQ(sorted_strings(got.at("advisories")), sorted_strings(want.at("advisories")));
}

/// Runs the real `fascia` against <temp>/clinic.db, as a person would.
class IntakeCli : public fascia::test::ModuleCliTest {
protected:
    IntakeCli() : ModuleCliTest("intake") {}

    /// A new client (with consent to store health data, unless told otherwise); returns the id.
    std::string add_client(bool consent = true, const std::string& first = "Zoë")
    {
        std::vector<std::string> args{"clients", "add", "--first-name", first, "--last-name",
                                      "Tester" + std::to_string(++clients_), "--dob", "1980-04-02",
                                      "--json"};
        if (consent)
            args.push_back("--consent");
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("id").as_string());
    }

    /// `fascia intake record` of input for a client; returns the screening id.
    std::string record(const std::string& client, const json::object& input,
                       const std::string& as = "owner")
    {
        const auto r = fascia({"intake", "record", "--client", client, write("form.json", input), "--json",
                               "--as", as});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        if (r.exit_code != 0)
            return {};
        return std::string(parsed(r).at("screening_id").as_string());
    }

    /// `fascia intake status CLIENT --json`.
    json::value status(const std::string& client, const std::string& as = "owner")
    {
        const auto r = fascia({"intake", "status", client, "--json", "--as", as});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return parsed(r);
    }

private:
    int clients_ = 0;
};

} // namespace fascia::intake::test
