// A note's content: checked against the clinic's lists and the limits, its
// measures scored by their published rules; and how a note reads back.
#include "notes_module.h"

#include <fascia/error.h>
#include <fascia/module_support.h>

#include <algorithm>
#include <array>

namespace fascia::notes {

namespace json = boost::json;

namespace {

[[noreturn]] void bad(const std::string& field, const std::string& why)
{
    throw Failure(invalid(field + ": " + why, field));
}

/// Body regions a therapist treats (the clinic's language, not anatomy's).
constexpr std::array regions{"head", "neck", "shoulder", "upper back", "mid back", "lower back", "sacrum",
                             "buttock", "hip", "thigh", "hamstring", "knee", "calf", "ankle", "foot",
                             "upper arm", "forearm", "hand", "chest", "abdomen"};
constexpr std::array sides{"left", "right", "both", "midline"};
constexpr std::array soap_fields{"subjective", "objective", "assessment", "plan"};

template <class List>
bool among(const List& list, std::string_view s)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

void only(const json::object& o, std::initializer_list<std::string_view> known, const std::string& where)
{
    for (const auto& [key, _] : o)
        if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end())
            bad(where.empty() ? std::string(key) : where + "." + std::string(key),
                "is not part of a note (`fascia notes form` prints a blank one)");
}

std::string text_of(const json::value& v, const std::string& field)
{
    if (!v.is_string())
        bad(field, "text, in quotes");
    if (v.get_string().size() > max_text)
        bad(field, "at most " + std::to_string(max_text) + " characters (" + std::to_string(v.get_string().size())
                       + " given)");
    return std::string(v.get_string());
}

int whole(const json::value& v, const std::string& field)
{
    if (!v.is_int64())
        bad(field, "a whole number");
    const auto n = v.get_int64();
    // Every measure's items are 0 to 10 at most; the scorer names the range for small values.
    if (n < -1000 || n > 1000)
        bad(field, std::to_string(n) + " is outside the measure's range");
    return static_cast<int>(n);
}

json::array ints(const json::value& v, const std::string& field)
{
    if (!v.is_array())
        bad(field, "a list of whole numbers");
    return v.get_array();
}

/// A list of names each on the clinic's active list of `kind`, spelled as the list spells them.
json::array chosen(Database& db, const json::value* v, const char* kind, const std::string& field)
{
    json::array out;
    if (!v || v->is_null())
        return out;
    if (!v->is_array())
        bad(field, "a list of names from the clinic's list (`fascia notes form` shows it)");
    for (const auto& item : v->get_array()) {
        const auto name = text_of(item, field);
        auto q = db.query("SELECT name FROM notes_choices WHERE kind = ? AND name = ? AND active = 1", kind, name);
        if (!q.step())
            bad(field, "'" + name + "' is not on the clinic's list (`fascia notes form` shows it)");
        out.push_back(json::value(q.text(0)));
    }
    return out;
}

json::object score_json(const Score& s)
{
    return {{"value", s.value}, {"version", s.version}};
}

template <class T>
T scored(Result<T> r)
{
    if (!r)
        throw Failure(r.error());
    return std::move(*r);
}

json::object read_measures(const json::value* v)
{
    json::object out;
    if (!v || v->is_null())
        return out;
    if (!v->is_object())
        bad("measures", "an object of measures");
    const auto& m = v->get_object();
    only(m, {"nprs_now", "nprs_worst", "odi", "psfs", "sbi", "medication"}, "measures");
    for (const char* name : {"nprs_now", "nprs_worst"})
        if (const auto* n = m.if_contains(name); n && !n->is_null())
            out[name] = score_json(scored(score_nprs(whole(*n, std::string("measures.") + name),
                                                     std::string("measures.") + name)));
    if (const auto* o = m.if_contains("odi"); o && !o->is_null()) {
        std::vector<std::optional<int>> sections;
        for (const auto& s : ints(*o, "measures.odi"))
            sections.push_back(s.is_null() ? std::nullopt : std::optional<int>(whole(s, "measures.odi")));
        auto score = score_json(scored(score_odi(sections)));
        score["sections"] = o->get_array();
        out["odi"] = std::move(score);
    }
    if (const auto* p = m.if_contains("psfs"); p && !p->is_null()) {
        if (!p->is_array())
            bad("measures.psfs", "a list of {\"activity\": text, \"score\": 0-10}");
        std::vector<int> scores;
        json::array activities;
        for (const auto& a : p->get_array()) {
            if (!a.is_object() || !a.get_object().contains("activity") || !a.get_object().contains("score"))
                bad("measures.psfs", "each is {\"activity\": text, \"score\": 0-10}");
            only(a.get_object(), {"activity", "score"}, "measures.psfs");
            const auto activity = text_of(a.at("activity"), "measures.psfs.activity");
            if (activity.empty())
                bad("measures.psfs.activity", "the activity the client names");
            scores.push_back(whole(a.at("score"), "measures.psfs.score"));
            activities.push_back(json::object{{"activity", activity}, {"score", scores.back()}});
        }
        auto score = score_json(scored(score_psfs(scores)));
        score["activities"] = std::move(activities);
        out["psfs"] = std::move(score);
    }
    if (const auto* s = m.if_contains("sbi"); s && !s->is_null()) {
        std::vector<int> items;
        for (const auto& i : ints(*s, "measures.sbi"))
            items.push_back(whole(i, "measures.sbi"));
        auto score = score_json(scored(score_sbi(items)));
        score["items"] = s->get_array();
        out["sbi"] = std::move(score);
    }
    if (const auto* med = m.if_contains("medication"); med && !med->is_null())
        out["medication"] = to_string(scored(parse_medication(text_of(*med, "measures.medication"))));
    return out;
}

/// A stored note's content with its measures beside, as one object.
json::object with_measures(const std::string& content, const std::string& measures)
{
    auto out = json::parse(content).as_object();
    out["measures"] = json::parse(measures);
    return out;
}

} // namespace

const std::array<RuleSetting, 6> rule_settings{{
    {"notes.nprs_points", &Thresholds::nprs, &ImprovementRule::points,
     "Pain (NPRS): a fall of this many points is a meaningful improvement", 10},
    {"notes.nprs_percent", &Thresholds::nprs, &ImprovementRule::percent,
     "Pain (NPRS): or a fall of this percent of the baseline", 100},
    {"notes.odi_points", &Thresholds::odi, &ImprovementRule::points,
     "Oswestry: a fall of this many points is a meaningful improvement", 100},
    {"notes.odi_percent", &Thresholds::odi, &ImprovementRule::percent,
     "Oswestry: or a fall of this percent of the baseline", 100},
    {"notes.psfs_points", &Thresholds::psfs, &ImprovementRule::points,
     "PSFS: a rise of this many points (average) is a meaningful improvement", 10},
    {"notes.sbi_percent", &Thresholds::sbi, &ImprovementRule::percent,
     "Sciatica Bothersomeness: a fall of this percent is a meaningful improvement", 100},
}};

Thresholds thresholds_of(Database& db)
{
    Thresholds t;
    const auto get = [&](std::string_view key, double& into) {
        into = static_cast<double>(integer_setting(db, key, static_cast<std::int64_t>(into)));
    };
    for (const auto& s : rule_settings)
        get(s.key, t.*s.rule.*s.part);
    t.flag_after_sessions = static_cast<int>(integer_setting(db, flag_after_setting, t.flag_after_sessions));
    const auto& measures = all_measures();
    const auto primary = integer_setting(db, primary_measure_setting, 1);
    if (primary >= 1 && primary <= static_cast<std::int64_t>(measures.size()))
        t.primary = measures[static_cast<std::size_t>(primary - 1)];
    return t;
}

NoteInput read_note(Database& db, const json::value& note)
{
    if (!note.is_object())
        bad("note", "a JSON object (`fascia notes form` prints a blank one)");
    const auto& n = note.get_object();
    only(n, {"soap", "techniques", "areas", "advice", "measures"}, "");
    NoteInput in;
    json::object soap;
    if (const auto* s = n.if_contains("soap"); s && !s->is_null()) {
        if (!s->is_object())
            bad("soap", "{\"subjective\", \"objective\", \"assessment\", \"plan\"}");
        only(s->get_object(), {"subjective", "objective", "assessment", "plan"}, "soap");
        for (const char* f : soap_fields)
            if (const auto* t = s->get_object().if_contains(f); t && !t->is_null())
                soap[f] = text_of(*t, std::string("soap.") + f);
    }
    for (const char* f : soap_fields)
        if (!soap.contains(f))
            soap[f] = "";
    in.content["soap"] = std::move(soap);
    in.content["techniques"] = chosen(db, n.if_contains("techniques"), "technique", "techniques");
    json::array areas;
    if (const auto* a = n.if_contains("areas"); a && !a->is_null()) {
        if (!a->is_array())
            bad("areas", "a list of {\"region\", \"side\"}");
        for (const auto& item : a->get_array()) {
            if (!item.is_object())
                bad("areas", "each is {\"region\": \"lower back\", \"side\": \"left\"}");
            only(item.get_object(), {"region", "side"}, "areas");
            const auto* r = item.get_object().if_contains("region");
            const auto* s = item.get_object().if_contains("side");
            const auto region = r ? text_of(*r, "areas.region") : std::string();
            const auto side = s ? text_of(*s, "areas.side") : std::string("midline");
            if (!among(regions, region))
                bad("areas.region", "'" + region + "' is not a body region (`fascia notes form` lists them)");
            if (!among(sides, side))
                bad("areas.side", "'" + side + "' is not left, right, both or midline");
            areas.push_back(json::object{{"region", region}, {"side", side}});
        }
    }
    in.content["areas"] = std::move(areas);
    in.content["advice"] = chosen(db, n.if_contains("advice"), "advice", "advice");
    in.measures = read_measures(n.if_contains("measures"));
    return in;
}

json::object blank_note(Database& db)
{
    json::array techniques, advice, region_list;
    auto q = db.query("SELECT kind, name FROM notes_choices WHERE active = 1 ORDER BY kind, rowid");
    while (q.step())
        (q.text(0) == "technique" ? techniques : advice).push_back(json::value(q.text(1)));
    for (const char* r : regions)
        region_list.push_back(json::value(r));
    return {{"soap", {{"subjective", ""}, {"objective", ""}, {"assessment", ""}, {"plan", ""}}},
            {"techniques", json::array{}},
            {"areas", json::array{}},
            {"advice", json::array{}},
            {"measures",
             {{"nprs_now", nullptr},
              {"nprs_worst", nullptr},
              {"odi", nullptr},
              {"psfs", nullptr},
              {"sbi", nullptr},
              {"medication", nullptr}}},
            {"choices",
             {{"techniques", std::move(techniques)},
              {"advice", std::move(advice)},
              {"regions", std::move(region_list)},
              {"sides", json::array{"left", "right", "both", "midline"}},
              {"measures",
               {{"nprs_now", "pain now, 0-10"},
                {"nprs_worst", "worst pain in the past week, 0-10"},
                {"odi", "10 Oswestry sections, each 0-5 (null for one not answered)"},
                {"psfs", "3-5 of {\"activity\": text, \"score\": 0-10}"},
                {"sbi", "4 Sciatica Bothersomeness items, each 0-6"},
                {"medication", "none, less, same or more than at the start"}}}}}};
}

bool may_read(Database& db, const Actor& actor, std::string_view therapist_id)
{
    if (actor.role == Role::owner)
        return true;
    if (actor.role == Role::front_desk)
        return false;
    if (actor.role == Role::therapist && actor.user_id == therapist_id)
        return true;
    auto q = db.query("SELECT 1 FROM notes_read_grants WHERE role = ?", std::string(to_string(actor.role)));
    return q.step();
}

json::object note_json(Database& db, std::string_view appointment_id)
{
    auto q = db.query("SELECT n.id, n.appointment_id, n.client_id, s.username, n.content, n.measures, n.status,"
                      " n.written_by, n.written_at, n.signed_by, n.signed_at FROM notes n JOIN staff s"
                      " ON s.id = n.therapist_id WHERE n.appointment_id = ?",
                      appointment_id);
    if (!q.step())
        return {};
    const auto opt = [&](int c) { return q.is_null(c) ? json::value(nullptr) : json::value(q.text(c)); };
    json::object out{{"id", q.text(0)},
                     {"appointment_id", q.text(1)},
                     {"client_id", q.text(2)},
                     {"therapist", q.text(3)},
                     {"original", with_measures(q.text(4), q.text(5))},
                     {"status", q.text(6)},
                     {"written_by", q.text(7)},
                     {"written_at", q.text(8)},
                     {"signed_by", opt(9)},
                     {"signed_at", opt(10)}};
    json::array amendments;
    auto a = db.query("SELECT id, content, measures, reason, amended_by, amended_at FROM notes_amendments"
                      " WHERE note_id = ? ORDER BY amended_at, rowid",
                      q.text(0));
    while (a.step())
        amendments.push_back(json::object{{"id", a.text(0)},
                                          {"note", with_measures(a.text(1), a.text(2))},
                                          {"reason", a.text(3)},
                                          {"amended_by", a.text(4)},
                                          {"amended_at", a.text(5)}});
    // What the note says now: the latest amendment, else the original (kept either way).
    out["current"] = amendments.empty() ? out["original"] : amendments.back().at("note");
    out["amendments"] = std::move(amendments);
    return out;
}

} // namespace fascia::notes
