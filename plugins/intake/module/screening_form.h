#pragma once
// The rules engine. A form's rules live in a versioned rules file
// (rules/sciatica-intake-1.json) that the clinic can read; it is parsed and
// checked once, and one engine evaluates any form's answers with it.
#include <fascia/intake/intake_service.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::intake {

enum class AnswerType { boolean, integer };

/// One question of a form.
struct Question {
    std::string id;
    std::string text;
    AnswerType type = AnswerType::boolean;
    std::int64_t min = 0;        ///< integers only
    std::int64_t max = 0;        ///< integers only
    std::string asked_when;      ///< a yes/no question: answered only when that one is yes, else null
    std::string outcome_measure; ///< the outcome measure this answer starts ("pain_score")
};

/// A date at the top level of a form ("assessed_on").
struct DateField {
    std::string id;
    std::string text;
    std::string not_after; ///< another date this one may not follow
};

/// A condition in the rules file: over answers, and the condition type.
struct Predicate {
    enum class Kind { any_yes, yes, no, at_least, condition_type, all, any };
    Kind kind = Kind::any_yes;
    std::vector<std::string> ids;    ///< the answers it reads (one, except any_yes)
    std::int64_t at_least = 0;       ///< at_least
    std::string condition_type;      ///< condition_type
    std::vector<Predicate> children; ///< all, any
};

struct FlagRule {
    std::string code;
    std::string severity;
    std::string message;
    std::vector<std::string> restrictions;
    Predicate when;
};

struct AdvisoryRule {
    std::string code;
    std::string message;
    Predicate when;
};

/// Whether a disposition lets sessions be booked.
enum class Booking { never, after_clearance, allowed };

struct DispositionRule {
    std::string disposition;
    std::string when_severity; ///< empty: the fallback
    Booking booking = Booking::allowed;
    std::string message;
    std::string script;        ///< what to tell the client, when there is something to say
};

struct ConditionTypeRule {
    std::string type;
    std::string text;
    std::optional<std::int64_t> below_days; ///< none for the last, catch-all type
};

struct PrecheckQuestion {
    std::string id;
    std::string text;
};

/// Answers that passed the form's checks: every date and every question (null when not asked).
struct ScreeningInput {
    std::string form;
    std::map<std::string, std::chrono::year_month_day, std::less<>> dates;
    boost::json::object answers;

    /// {"form", <dates>, "answers"}: how a screening is stored.
    boost::json::object to_json() const;
};

/// A pre-session check that passed the form's checks.
struct PrecheckInput {
    std::string form;
    std::chrono::year_month_day checked_on;
    boost::json::object answers; ///< every precheck question, true or false
    bool any_yes() const;
};

class ScreeningForm {
public:
    /// Parses and checks a rules file: every id it names exists and has the right type.
    static Result<ScreeningForm> parse(std::string_view rules_json);

    const std::string& id() const { return id_; }
    const std::string& title() const { return title_; }
    /// SHA-256 of the rules file's text, stored with each screening.
    const std::string& rules_sha256() const { return sha256_; }
    const std::vector<DateField>& dates() const { return dates_; }
    const std::vector<Question>& questions() const { return questions_; }
    const std::vector<PrecheckQuestion>& precheck_questions() const { return precheck_; }
    const std::map<std::string, std::string, std::less<>>& restriction_texts() const { return restrictions_; }
    const std::vector<DispositionRule>& dispositions() const { return dispositions_; }
    const std::vector<FlagRule>& flag_rules() const { return flags_; }
    const std::vector<AdvisoryRule>& advisory_rules() const { return advisories_; }
    const std::vector<ConditionTypeRule>& condition_types() const { return condition_types_; }
    const DispositionRule* disposition(std::string_view name) const;
    const Question* question(std::string_view id) const;

    /// Checks an input {"form", <dates>, "answers"}; invalid_input names the field.
    Result<ScreeningInput> read(const boost::json::object& input) const;
    /// Applies the rules to checked answers.
    Evaluation evaluate(const ScreeningInput& input) const;
    /// Checks a pre-session check {"form", "checked_on", "answers"}.
    Result<PrecheckInput> read_precheck(const boost::json::object& input) const;
    /// A blank input for this form (every answer null), for people writing one.
    boost::json::object blank_input() const;
    /// blank_input() with every yes/no question answered no, every other question asked
    /// up front answered 0 and every follow-up (asked_when) left null: nothing to flag.
    /// The demo, tests and benchmarks start from it and set the answers that matter.
    boost::json::object all_clear_input() const;

private:
    std::string id_, title_, sha256_;
    std::vector<DateField> dates_;
    std::vector<Question> questions_;
    std::string days_from_, days_to_;
    std::vector<ConditionTypeRule> condition_types_;
    std::map<std::string, std::string, std::less<>> restrictions_;
    std::vector<std::string> severities_;
    std::vector<FlagRule> flags_;
    std::vector<AdvisoryRule> advisories_;
    std::vector<DispositionRule> dispositions_;
    std::vector<std::string> no_course_for_;
    std::map<std::string, std::pair<int, int>, std::less<>> course_;
    std::vector<PrecheckQuestion> precheck_;
};

/// The forms a build knows, by id ("sciatica-intake/1").
class FormLibrary {
public:
    explicit FormLibrary(std::vector<ScreeningForm> forms) : forms_(std::move(forms)) {}
    /// The rules files compiled into this build, parsed once. An error means a
    /// broken rules file: the plugin refuses to start rather than misjudge anyone.
    static const Result<FormLibrary>& builtin();

    const ScreeningForm* find(std::string_view id) const;
    const std::vector<ScreeningForm>& forms() const { return forms_; }
    /// The form an input names in "form"; invalid_input naming "form" otherwise.
    Result<const ScreeningForm*> form_of(const boost::json::value& input) const;
    /// Checks and evaluates an input (what `fascia intake evaluate` does).
    Result<Evaluation> evaluate(const boost::json::value& input) const;

private:
    std::vector<ScreeningForm> forms_;
};

/// The text of every rules file compiled in (generated at build time).
std::vector<std::string_view> embedded_rules_files();

/// The contract JSON: {"disposition", "condition_type", "flags", "restrictions", "advisories", "course"}.
boost::json::object to_json(const Evaluation& evaluation);
/// Reads back what to_json wrote (with the form it was evaluated with).
Result<Evaluation> evaluation_from_json(const boost::json::value& value, std::string form);
/// {"client_id", "on", "state", ..., "bookable", "reasons"}.
boost::json::object to_json(const BookingStatus& status);

} // namespace fascia::intake
