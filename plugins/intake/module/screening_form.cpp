#include "screening_form.h"

#include <fascia/clock.h>
#include <fascia/crypto.h>
#include <fascia/module_support.h>

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <type_traits>

namespace fascia::intake {

namespace json = boost::json;

namespace {

// ---- Reading a rules file. A problem in one is a bug in this build, never the user's input.

[[noreturn]] void rules_problem(const std::string& where, const std::string& what)
{
    throw Failure(internal_error("intake rules " + where + ": " + what));
}

const json::value& member(const json::object& o, std::string_view key, const std::string& where)
{
    const auto* v = o.if_contains(key);
    if (!v)
        rules_problem(where, "missing \"" + std::string(key) + "\"");
    return *v;
}

std::string text_member(const json::object& o, std::string_view key, const std::string& where,
                        bool required = true)
{
    const auto* v = o.if_contains(key);
    if (!v) {
        if (required)
            rules_problem(where, "missing \"" + std::string(key) + "\"");
        return {};
    }
    if (!v->is_string())
        rules_problem(where, "\"" + std::string(key) + "\" must be text");
    return std::string(v->as_string());
}

const json::object& object_member(const json::object& o, std::string_view key, const std::string& where)
{
    const auto& v = member(o, key, where);
    if (!v.is_object())
        rules_problem(where, "\"" + std::string(key) + "\" must be an object");
    return v.as_object();
}

const json::array& array_member(const json::object& o, std::string_view key, const std::string& where)
{
    const auto& v = member(o, key, where);
    if (!v.is_array())
        rules_problem(where, "\"" + std::string(key) + "\" must be a list");
    return v.as_array();
}

const json::object& as_object(const json::value& v, const std::string& where)
{
    if (!v.is_object())
        rules_problem(where, "must be an object");
    return v.as_object();
}

std::int64_t whole_number(const json::value& v, const std::string& where)
{
    if (v.is_int64())
        return v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= std::uint64_t(INT64_MAX))
        return static_cast<std::int64_t>(v.as_uint64());
    rules_problem(where, "must be a whole number");
}

std::vector<std::string> text_list(const json::value& v, const std::string& where)
{
    if (!v.is_array())
        rules_problem(where, "must be a list of text");
    std::vector<std::string> out;
    for (const auto& item : v.as_array()) {
        if (!item.is_string())
            rules_problem(where, "must be a list of text");
        out.emplace_back(item.as_string());
    }
    return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string where_at(const std::string& where, std::size_t index)
{
    return where + "[" + std::to_string(index) + "]";
}

/// Calls each(item, where) for every item of the list o[key], each of which must be an
/// object; `where` ("<in>.<key>[i]") names the item in a rules problem. With a third
/// parameter, each also learns whether the item is the last one of the list.
template <class Each>
void for_each_object(const json::object& o, std::string_view key, const std::string& in, Each&& each)
{
    const auto& items = array_member(o, key, in);
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto where = in + "." + std::string(key) + where_at("", i);
        const auto& item = as_object(items[i], where);
        if constexpr (std::is_invocable_v<Each&, const json::object&, const std::string&, bool>)
            each(item, where, i + 1 == items.size());
        else
            each(item, where);
    }
}

// ---- Answers.

bool answered_yes(const json::object& answers, std::string_view id)
{
    const auto* v = answers.if_contains(id);
    return v && v->is_bool() && v->as_bool();
}

bool answered_no(const json::object& answers, std::string_view id)
{
    const auto* v = answers.if_contains(id);
    return v && v->is_bool() && !v->as_bool();
}

bool holds(const Predicate& p, const json::object& answers, std::string_view condition_type)
{
    using K = Predicate::Kind;
    switch (p.kind) {
    case K::any_yes:
        return std::any_of(p.ids.begin(), p.ids.end(),
                           [&](const std::string& id) { return answered_yes(answers, id); });
    case K::yes:
        return answered_yes(answers, p.ids.front());
    case K::no:
        return answered_no(answers, p.ids.front());
    case K::at_least: {
        const auto* v = answers.if_contains(p.ids.front());
        return v && v->is_int64() && v->as_int64() >= p.at_least;
    }
    case K::condition_type:
        return condition_type == p.condition_type;
    case K::all:
        return std::all_of(p.children.begin(), p.children.end(),
                           [&](const Predicate& c) { return holds(c, answers, condition_type); });
    case K::any:
        return std::any_of(p.children.begin(), p.children.end(),
                           [&](const Predicate& c) { return holds(c, answers, condition_type); });
    }
    return false;
}

[[noreturn]] void bad_input(const std::string& field, const std::string& what)
{
    throw Failure(invalid(field + ": " + what, field));
}

/// A short rendering of a value someone gave, for a message.
std::string shown(const json::value& v)
{
    std::string s = json::serialize(v);
    if (s.size() > 40)
        s = s.substr(0, 37) + "...";
    return s;
}

std::chrono::year_month_day read_date(const json::object& input, const std::string& field)
{
    const auto* v = input.if_contains(field);
    if (!v || v->is_null())
        bad_input(field, "missing (a date written YYYY-MM-DD)");
    if (!v->is_string())
        bad_input(field, "expected a date written YYYY-MM-DD, got " + shown(*v));
    const auto d = parse_date(v->as_string());
    if (!d)
        bad_input(field, not_a_date(v->as_string()));
    return *d;
}

const json::object& read_answers(const json::object& input)
{
    const auto* v = input.if_contains("answers");
    if (!v || v->is_null())
        bad_input("answers", "missing (an object with one answer per question)");
    if (!v->is_object())
        bad_input("answers", "expected an object with one answer per question");
    return v->as_object();
}

} // namespace

// ---- Parsing and checking a rules file.

Result<ScreeningForm> ScreeningForm::parse(std::string_view rules_json)
{
    return guarded([&]() -> Result<ScreeningForm> {
        ScreeningForm f;
        json::value root;
        try {
            root = json::parse(rules_json);
        } catch (const std::exception& e) {
            rules_problem("file", std::string("not valid JSON: ") + e.what());
        }
        const auto& top = as_object(root, "file");
        f.id_ = text_member(top, "form", "file");
        const std::string w = "(" + f.id_ + ")";
        f.title_ = text_member(top, "title", w);
        f.sha256_ = sha256_hex(rules_json);

        std::set<std::string> ids{"form", "answers"};
        const auto unique = [&](const std::string& id, const std::string& where) {
            if (id.empty() || !ids.insert(id).second)
                rules_problem(where, "id '" + id + "' is empty or used twice");
        };

        for_each_object(top, "dates", w, [&](const json::object& d, const std::string& where) {
            DateField field{text_member(d, "id", where), text_member(d, "text", where),
                            text_member(d, "not_after", where, false)};
            unique(field.id, where);
            f.dates_.push_back(std::move(field));
        });
        const auto is_date = [&](std::string_view id) {
            return std::any_of(f.dates_.begin(), f.dates_.end(),
                               [&](const DateField& d) { return d.id == id; });
        };
        for (const auto& d : f.dates_)
            if (!d.not_after.empty() && !is_date(d.not_after))
                rules_problem(w + ".dates", d.id + ".not_after names no date: " + d.not_after);
        if (!is_date("assessed_on"))
            rules_problem(w + ".dates", "a form needs the date \"assessed_on\"");

        for_each_object(top, "questions", w, [&](const json::object& q, const std::string& where) {
            Question question;
            question.id = text_member(q, "id", where);
            unique(question.id, where);
            question.text = text_member(q, "text", where);
            const auto type = text_member(q, "type", where);
            if (type == "boolean") {
                question.type = AnswerType::boolean;
            } else if (type == "integer") {
                question.type = AnswerType::integer;
                question.min = whole_number(member(q, "min", where), where + ".min");
                question.max = whole_number(member(q, "max", where), where + ".max");
                if (question.min > question.max)
                    rules_problem(where, "min is above max");
            } else {
                rules_problem(where, "type must be boolean or integer, not '" + type + "'");
            }
            question.asked_when = text_member(q, "asked_when", where, false);
            if (!question.asked_when.empty()) {
                // Checked in order, so the question it depends on is already answered.
                const auto* earlier = f.question(question.asked_when);
                if (!earlier || earlier->type != AnswerType::boolean)
                    rules_problem(where, "asked_when must name an earlier yes/no question");
            }
            question.outcome_measure = text_member(q, "outcome_measure", where, false);
            if (!question.outcome_measure.empty() && question.type != AnswerType::integer)
                rules_problem(where, "only a whole-number answer can be an outcome measure");
            f.questions_.push_back(std::move(question));
        });

        const auto& ct = object_member(top, "condition_type", w);
        f.days_from_ = text_member(ct, "days_from", w + ".condition_type");
        f.days_to_ = text_member(ct, "days_to", w + ".condition_type");
        if (!is_date(f.days_from_) || !is_date(f.days_to_))
            rules_problem(w + ".condition_type", "days_from and days_to must name dates of the form");
        const auto each_type = [&](const json::object& t, const std::string& where, bool last) {
            ConditionTypeRule rule{text_member(t, "type", where), text_member(t, "text", where), {}};
            if (const auto* below = t.if_contains("below_days"))
                rule.below_days = whole_number(*below, where + ".below_days");
            if (!rule.below_days && !last)
                rules_problem(where, "only the last condition type may have no below_days");
            if (rule.below_days && last)
                rules_problem(where, "the last condition type must catch every remaining case "
                                     "(no below_days)");
            f.condition_types_.push_back(std::move(rule));
        };
        for_each_object(ct, "types", w + ".condition_type", each_type);
        if (f.condition_types_.empty())
            rules_problem(w + ".condition_type", "needs at least one type");
        const auto is_condition_type = [&](std::string_view t) {
            return std::any_of(f.condition_types_.begin(), f.condition_types_.end(),
                               [&](const ConditionTypeRule& r) { return r.type == t; });
        };

        f.severities_ = text_list(member(top, "severities", w), w + ".severities");
        for (const auto& [code, text] : object_member(top, "restrictions", w)) {
            if (!text.is_string())
                rules_problem(w + ".restrictions." + std::string(code), "must be text");
            f.restrictions_.emplace(std::string(code), std::string(text.as_string()));
        }

        // Predicates name answers of the right type, and condition types that exist.
        std::function<Predicate(const json::value&, const std::string&)> predicate =
            [&](const json::value& v, const std::string& where) -> Predicate {
            const auto& o = as_object(v, where);
            Predicate p;
            const auto answer_of = [&](const std::string& id, AnswerType type) {
                const auto* q = f.question(id);
                if (!q || q->type != type)
                    rules_problem(where, "'" + id + "' is not a "
                                             + (type == AnswerType::boolean ? "yes/no" : "whole-number")
                                             + " question of the form");
                return id;
            };
            if (const auto* any_yes = o.if_contains("any_yes")) {
                p.kind = Predicate::Kind::any_yes;
                for (const auto& id : text_list(*any_yes, where + ".any_yes"))
                    p.ids.push_back(answer_of(id, AnswerType::boolean));
                if (p.ids.empty())
                    rules_problem(where, "any_yes needs at least one question");
            } else if (o.contains("yes") || o.contains("no")) {
                p.kind = o.contains("yes") ? Predicate::Kind::yes : Predicate::Kind::no;
                p.ids.push_back(answer_of(text_member(o, o.contains("yes") ? "yes" : "no", where),
                                          AnswerType::boolean));
            } else if (o.contains("at_least")) {
                p.kind = Predicate::Kind::at_least;
                p.at_least = whole_number(o.at("at_least"), where + ".at_least");
                p.ids.push_back(answer_of(text_member(o, "answer", where), AnswerType::integer));
            } else if (o.contains("condition_type")) {
                p.kind = Predicate::Kind::condition_type;
                p.condition_type = text_member(o, "condition_type", where);
                if (!is_condition_type(p.condition_type))
                    rules_problem(where, "'" + p.condition_type + "' is not a condition type of the form");
            } else if (o.contains("all") || o.contains("any")) {
                const bool all = o.contains("all");
                p.kind = all ? Predicate::Kind::all : Predicate::Kind::any;
                const auto& list = array_member(o, all ? "all" : "any", where);
                for (std::size_t i = 0; i < list.size(); ++i)
                    p.children.push_back(
                        predicate(list[i], where + (all ? ".all" : ".any") + where_at("", i)));
                if (p.children.empty())
                    rules_problem(where, "all/any needs at least one condition");
            } else {
                rules_problem(where, "a condition is one of any_yes, yes, no, at_least (with answer), "
                                     "condition_type, all, any");
            }
            return p;
        };

        std::set<std::string> codes;
        for_each_object(top, "flags", w, [&](const json::object& o, const std::string& where) {
            FlagRule rule;
            rule.code = text_member(o, "code", where);
            if (!codes.insert(rule.code).second)
                rules_problem(where, "flag code '" + rule.code + "' is used twice");
            rule.severity = text_member(o, "severity", where);
            if (!contains(f.severities_, rule.severity))
                rules_problem(where, "severity '" + rule.severity + "' is not one of severities");
            rule.message = text_member(o, "message", where);
            if (const auto* r = o.if_contains("restrictions"))
                rule.restrictions = text_list(*r, where + ".restrictions");
            for (const auto& r : rule.restrictions)
                if (!f.restrictions_.count(r))
                    rules_problem(where, "restriction '" + r + "' is not described under restrictions");
            rule.when = predicate(member(o, "when", where), where + ".when");
            f.flags_.push_back(std::move(rule));
        });

        codes.clear();
        for_each_object(top, "advisories", w, [&](const json::object& o, const std::string& where) {
            AdvisoryRule rule{text_member(o, "code", where), text_member(o, "message", where), {}};
            if (!codes.insert(rule.code).second)
                rules_problem(where, "advisory code '" + rule.code + "' is used twice");
            rule.when = predicate(member(o, "when", where), where + ".when");
            f.advisories_.push_back(std::move(rule));
        });

        const auto each_disposition = [&](const json::object& o, const std::string& where, bool last) {
            DispositionRule rule;
            rule.disposition = text_member(o, "disposition", where);
            rule.when_severity = text_member(o, "when_severity", where, false);
            if (!rule.when_severity.empty() && !contains(f.severities_, rule.when_severity))
                rules_problem(where, "when_severity '" + rule.when_severity + "' is not one of severities");
            if (rule.when_severity.empty() != last)
                rules_problem(where, "exactly the last disposition has no when_severity (the fallback)");
            const auto booking = text_member(o, "booking", where);
            if (booking == "never")
                rule.booking = Booking::never;
            else if (booking == "after_clearance")
                rule.booking = Booking::after_clearance;
            else if (booking == "allowed")
                rule.booking = Booking::allowed;
            else
                rules_problem(where, "booking must be never, after_clearance or allowed");
            rule.message = text_member(o, "message", where);
            rule.script = text_member(o, "script", where, false);
            f.dispositions_.push_back(std::move(rule));
        };
        for_each_object(top, "dispositions", w, each_disposition);
        if (f.dispositions_.empty())
            rules_problem(w + ".dispositions", "needs at least the fallback disposition");

        const auto& course = object_member(top, "course", w);
        f.no_course_for_ = text_list(member(course, "none_for", w + ".course"), w + ".course.none_for");
        for (const auto& d : f.no_course_for_)
            if (!f.disposition(d))
                rules_problem(w + ".course.none_for", "'" + d + "' is not a disposition");
        const auto& per_week = object_member(course, "sessions_per_week", w + ".course");
        for (const auto& t : f.condition_types_) {
            const auto where = w + ".course.sessions_per_week." + t.type;
            const auto* range = per_week.if_contains(t.type);
            if (!range || !range->is_array() || range->as_array().size() != 2)
                rules_problem(where, "needs [min, max] for every condition type");
            const auto lo = whole_number(range->as_array()[0], where);
            const auto hi = whole_number(range->as_array()[1], where);
            if (lo < 0 || lo > hi || hi > 14)
                rules_problem(where, "must be [min, max] with 0 <= min <= max <= 14");
            f.course_[t.type] = {static_cast<int>(lo), static_cast<int>(hi)};
        }

        // Every precheck question is a yes/no that on its own raises an urgent or a
        // clearance flag: that is what makes "any yes, not bookable" true.
        const auto& precheck = object_member(top, "precheck", w);
        const auto& pq = array_member(precheck, "questions", w + ".precheck");
        for (std::size_t i = 0; i < pq.size(); ++i) {
            const auto where = w + ".precheck.questions" + where_at("", i);
            const auto& o = as_object(pq[i], where);
            PrecheckQuestion q{text_member(o, "id", where), text_member(o, "text", where)};
            const auto* asked = f.question(q.id);
            if (!asked || asked->type != AnswerType::boolean)
                rules_problem(where, "'" + q.id + "' is not a yes/no question of the form");
            const bool blocks = std::any_of(f.flags_.begin(), f.flags_.end(), [&](const FlagRule& r) {
                const auto* d = [&]() -> const DispositionRule* {
                    for (const auto& rule : f.dispositions_)
                        if (rule.when_severity == r.severity)
                            return &rule;
                    return nullptr;
                }();
                const bool direct = (r.when.kind == Predicate::Kind::any_yes
                                     || r.when.kind == Predicate::Kind::yes)
                                    && contains(r.when.ids, q.id);
                return direct && d && d->booking != Booking::allowed;
            });
            if (!blocks)
                rules_problem(where, "'" + q.id + "' does not on its own raise a flag that stops booking");
            if (std::any_of(f.precheck_.begin(), f.precheck_.end(),
                            [&](const PrecheckQuestion& p) { return p.id == q.id; }))
                rules_problem(where, "'" + q.id + "' is asked twice");
            f.precheck_.push_back(std::move(q));
        }
        return f;
    });
}

const DispositionRule* ScreeningForm::disposition(std::string_view name) const
{
    for (const auto& d : dispositions_)
        if (d.disposition == name)
            return &d;
    return nullptr;
}

const Question* ScreeningForm::question(std::string_view id) const
{
    for (const auto& q : questions_)
        if (q.id == id)
            return &q;
    return nullptr;
}

// ---- Checking input.

Result<ScreeningInput> ScreeningForm::read(const json::object& input) const
{
    return guarded([&]() -> Result<ScreeningInput> {
        ScreeningInput in;
        in.form = id_;
        for (const auto& [key, value] : input) {
            const bool known = key == "form" || key == "answers"
                               || std::any_of(dates_.begin(), dates_.end(),
                                              [&](const DateField& d) { return d.id == key; });
            if (!known) {
                std::string expected = "form";
                for (const auto& d : dates_)
                    expected += ", " + d.id;
                bad_input(std::string(key),
                          "unknown field; a " + id_ + " input has " + expected + " and answers");
            }
        }
        for (const auto& d : dates_)
            in.dates[d.id] = read_date(input, d.id);
        for (const auto& d : dates_) {
            if (d.not_after.empty())
                continue;
            const auto mine = in.dates.at(d.id);
            const auto limit = in.dates.at(d.not_after);
            if (std::chrono::sys_days{mine} > std::chrono::sys_days{limit})
                bad_input(d.id, format_date(mine) + " is after " + d.not_after + " ("
                                    + format_date(limit) + ")");
        }

        const auto& answers = read_answers(input);
        for (const auto& [key, value] : answers)
            if (!question(key))
                bad_input("answers." + std::string(key),
                          "unknown answer id: " + id_ + " has no question '" + std::string(key) + "'");
        for (const auto& q : questions_) {
            const std::string field = "answers." + q.id;
            const auto* v = answers.if_contains(q.id);
            if (!v)
                bad_input(field, "missing answer: " + q.id
                                     + " (every question needs an answer; an unanswered question is "
                                       "never a no)");
            if (!q.asked_when.empty() && !in.answers.at(q.asked_when).as_bool()) {
                if (!v->is_null())
                    bad_input(field, "must be null when " + q.asked_when + " is false (got " + shown(*v)
                                         + ")");
                in.answers[q.id] = nullptr;
                continue;
            }
            const std::string range =
                q.type == AnswerType::boolean
                    ? std::string("true or false")
                    : "a whole number from " + std::to_string(q.min) + " to " + std::to_string(q.max);
            if (v->is_null())
                bad_input(field, q.asked_when.empty()
                                     ? "missing answer: " + q.id + " is null; expected " + range
                                     : "required when " + q.asked_when + " is true; expected " + range);
            if (q.type == AnswerType::boolean) {
                if (!v->is_bool())
                    bad_input(field, "expected true or false, got " + shown(*v));
                in.answers[q.id] = v->as_bool();
                continue;
            }
            std::int64_t n = 0;
            if (v->is_int64())
                n = v->as_int64();
            else if (v->is_uint64())
                bad_input(field, shown(*v) + " is out of range; expected " + range);
            else
                bad_input(field, "expected a whole number, got " + shown(*v));
            if (n < q.min || n > q.max)
                bad_input(field, std::to_string(n) + " is out of range; expected " + range);
            in.answers[q.id] = n;
        }
        return in;
    });
}

Result<PrecheckInput> ScreeningForm::read_precheck(const json::object& input) const
{
    return guarded([&]() -> Result<PrecheckInput> {
        PrecheckInput in;
        in.form = id_;
        for (const auto& [key, value] : input)
            if (key != "form" && key != "checked_on" && key != "answers")
                bad_input(std::string(key),
                          "unknown field; a pre-session check has form, checked_on and answers");
        in.checked_on = read_date(input, "checked_on");
        const auto& answers = read_answers(input);
        const auto asked = [&](std::string_view id) {
            return std::any_of(precheck_.begin(), precheck_.end(),
                               [&](const PrecheckQuestion& q) { return q.id == id; });
        };
        for (const auto& [key, value] : answers)
            if (!asked(key))
                bad_input("answers." + std::string(key),
                          "unknown answer id: the " + id_ + " pre-session check does not ask '"
                              + std::string(key) + "'");
        for (const auto& q : precheck_) {
            const std::string field = "answers." + q.id;
            const auto* v = answers.if_contains(q.id);
            if (!v || v->is_null())
                bad_input(field, "missing answer: " + q.id
                                     + " (every question needs an answer; an unanswered question is "
                                       "never a no)");
            if (!v->is_bool())
                bad_input(field, "expected true or false, got " + shown(*v));
            in.answers[q.id] = v->as_bool();
        }
        return in;
    });
}

bool PrecheckInput::any_yes() const
{
    return std::any_of(answers.begin(), answers.end(),
                       [](const json::key_value_pair& kv) { return kv.value().as_bool(); });
}

json::object ScreeningInput::to_json() const
{
    json::object o{{"form", form}};
    for (const auto& [id, d] : dates)
        o[id] = format_date(d);
    o["answers"] = answers;
    return o;
}

json::object ScreeningForm::blank_input() const
{
    json::object o{{"form", id_}};
    for (const auto& d : dates_)
        o[d.id] = nullptr;
    json::object answers;
    for (const auto& q : questions_)
        answers[q.id] = nullptr;
    o["answers"] = std::move(answers);
    return o;
}

json::object ScreeningForm::all_clear_input() const
{
    json::object o = blank_input();
    auto& answers = o["answers"].as_object();
    for (const auto& q : questions_)
        answers[q.id] = q.type == AnswerType::boolean ? json::value(false)
                        : q.asked_when.empty()        ? json::value(0)
                                                      : json::value(nullptr);
    return o;
}

// ---- The engine.

Evaluation ScreeningForm::evaluate(const ScreeningInput& input) const
{
    Evaluation e;
    e.form = id_;
    const auto days = (std::chrono::sys_days{input.dates.at(days_to_)}
                       - std::chrono::sys_days{input.dates.at(days_from_)})
                          .count();
    for (const auto& t : condition_types_) {
        if (!t.below_days || days < *t.below_days) {
            e.condition_type = t.type;
            break;
        }
    }
    std::set<std::string> restrictions;
    for (const auto& rule : flags_) {
        if (!holds(rule.when, input.answers, e.condition_type))
            continue;
        e.flags.push_back({rule.code, rule.severity, rule.message});
        restrictions.insert(rule.restrictions.begin(), rule.restrictions.end());
    }
    e.restrictions.assign(restrictions.begin(), restrictions.end());
    for (const auto& rule : advisories_)
        if (holds(rule.when, input.answers, e.condition_type))
            e.advisories.push_back(rule.code);
    for (const auto& rule : dispositions_) {
        const bool raised = rule.when_severity.empty()
                            || std::any_of(e.flags.begin(), e.flags.end(),
                                           [&](const Flag& fl) { return fl.severity == rule.when_severity; });
        if (raised) {
            e.disposition = rule.disposition;
            break;
        }
    }
    if (!contains(no_course_for_, e.disposition))
        e.sessions_per_week = course_.at(e.condition_type);
    return e;
}

// ---- The library of forms.

const Result<FormLibrary>& FormLibrary::builtin()
{
    static const Result<FormLibrary> library = []() -> Result<FormLibrary> {
        std::vector<ScreeningForm> forms;
        for (const auto text : embedded_rules_files()) {
            auto form = ScreeningForm::parse(text);
            if (!form)
                return form.error();
            for (const auto& existing : forms)
                if (existing.id() == form->id())
                    return internal_error("intake rules: two rules files define " + form->id());
            forms.push_back(std::move(*form));
        }
        return FormLibrary(std::move(forms));
    }();
    return library;
}

const ScreeningForm* FormLibrary::find(std::string_view id) const
{
    for (const auto& f : forms_)
        if (f.id() == id)
            return &f;
    return nullptr;
}

Result<const ScreeningForm*> FormLibrary::form_of(const json::value& input) const
{
    if (!input.is_object())
        return invalid("input: expected a JSON object {\"form\": ..., \"answers\": {...}}", "input");
    const auto* form = input.as_object().if_contains("form");
    if (!form || form->is_null())
        return invalid("form: missing; say which form the answers are for (e.g. \""
                           + (forms_.empty() ? std::string("sciatica-intake/1") : forms_.front().id())
                           + "\")",
                       "form");
    if (!form->is_string())
        return invalid("form: expected the form's id as text, got " + shown(*form), "form");
    if (const auto* f = find(form->as_string()))
        return f;
    std::string known;
    for (const auto& f : forms_)
        known += (known.empty() ? "" : ", ") + f.id();
    return invalid("form: unknown form '" + std::string(form->as_string()) + "'; this Fascia knows "
                       + known,
                   "form");
}

Result<Evaluation> FormLibrary::evaluate(const json::value& input) const
{
    auto form = form_of(input);
    if (!form)
        return form.error();
    auto checked = (*form)->read(input.as_object());
    if (!checked)
        return checked.error();
    return (*form)->evaluate(*checked);
}

// ---- JSON.

json::object to_json(const Evaluation& e)
{
    json::array flags;
    for (const auto& f : e.flags)
        flags.push_back(json::object{{"code", f.code}, {"severity", f.severity}, {"message", f.message}});
    json::array restrictions(e.restrictions.begin(), e.restrictions.end());
    json::array advisories(e.advisories.begin(), e.advisories.end());
    json::value course = nullptr;
    if (e.sessions_per_week)
        course = json::object{
            {"sessions_per_week", json::array{e.sessions_per_week->first, e.sessions_per_week->second}}};
    return {{"disposition", e.disposition},   {"condition_type", e.condition_type},
            {"flags", std::move(flags)},      {"restrictions", std::move(restrictions)},
            {"advisories", std::move(advisories)}, {"course", std::move(course)}};
}

Result<Evaluation> evaluation_from_json(const json::value& value, std::string form)
{
    try {
        const auto& o = value.as_object();
        Evaluation e;
        e.form = std::move(form);
        e.disposition = std::string(o.at("disposition").as_string());
        e.condition_type = std::string(o.at("condition_type").as_string());
        for (const auto& f : o.at("flags").as_array()) {
            const auto& fo = f.as_object();
            e.flags.push_back({std::string(fo.at("code").as_string()),
                               std::string(fo.at("severity").as_string()),
                               std::string(fo.at("message").as_string())});
        }
        for (const auto& r : o.at("restrictions").as_array())
            e.restrictions.emplace_back(r.as_string());
        for (const auto& a : o.at("advisories").as_array())
            e.advisories.emplace_back(a.as_string());
        if (const auto& c = o.at("course"); !c.is_null()) {
            const auto& range = c.as_object().at("sessions_per_week").as_array();
            e.sessions_per_week = std::pair{static_cast<int>(range.at(0).as_int64()),
                                            static_cast<int>(range.at(1).as_int64())};
        }
        return e;
    } catch (const std::exception& ex) {
        return internal_error(std::string("a stored screening result could not be read: ") + ex.what());
    }
}

json::object to_json(const BookingStatus& s)
{
    const auto optional = [](const std::optional<std::string>& v) -> json::value {
        return v ? json::value(*v) : json::value(nullptr);
    };
    json::array reasons;
    for (const auto& r : s.reasons)
        reasons.push_back(json::object{{"code", r.code}, {"message", r.message}});
    json::value course = nullptr;
    if (s.sessions_per_week)
        course = json::object{
            {"sessions_per_week", json::array{s.sessions_per_week->first, s.sessions_per_week->second}}};
    return {{"client_id", s.client_id},
            {"on", s.on},
            {"state", s.state},
            {"screening_id", optional(s.screening_id)},
            {"form", optional(s.form)},
            {"assessed_on", optional(s.assessed_on)},
            {"valid_until", optional(s.valid_until)},
            {"disposition", optional(s.disposition)},
            {"condition_type", optional(s.condition_type)},
            {"restrictions", json::array(s.restrictions.begin(), s.restrictions.end())},
            {"course", std::move(course)},
            {"cleared", s.cleared},
            {"bookable", s.bookable},
            {"reasons", std::move(reasons)}};
}

} // namespace fascia::intake
