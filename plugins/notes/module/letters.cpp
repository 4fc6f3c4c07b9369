// The letter to a client's doctor and the client's home-care handout: first
// as JSON (what `--json` prints and the desk shows), then as the HTML that
// fascia::pdf prints. Qt-free: the CLI and the desk call fascia::pdf::write.
// Both are reads of notes, so their callers run notes.read first (audited).
#include "notes_module.h"

#include <fascia/locale.h>
#include <fascia/pdf.h>

#include <algorithm>
#include <initializer_list>
#include <sstream>

namespace fascia::notes {

namespace json = boost::json;

namespace {

/// A stored UTC instant as the clinic's calendar date, written the clinic's way ("23/11/2026").
std::string clinic_date(const ClinicSettings& clinic, std::string_view instant)
{
    const auto t = parse_instant(instant);
    if (!t)
        return std::string(instant.substr(0, 10));
    return format_date_in_order(local_date(*t, clinic.time_zone),
                                date_order_for(clinic.country));
}

/// A stored YYYY-MM-DD date written the clinic's way.
std::string clinic_day(const ClinicSettings& clinic, std::string_view day)
{
    const auto d = parse_date(day);
    return d ? format_date_in_order(*d, date_order_for(clinic.country)) : std::string(day);
}

/// "3 better (60%)", "no change", "1 worse": a change in the measure's better direction.
std::string change_text(const json::object& m)
{
    if (m.at("improvement").is_null())
        return "baseline only";
    const auto by = m.at("improvement").to_number<double>();
    if (by == 0)
        return "no change";
    std::ostringstream out;
    out << (by > 0 ? by : -by) << (by > 0 ? " better" : " worse");
    if (!m.at("percent").is_null())
        out << " (" << (by > 0 ? 1 : -1) * m.at("percent").to_number<double>() << "%)";
    return out.str();
}

/// A screening's disposition as a doctor reads it.
std::string disposition_text(const json::value& code)
{
    if (code == "urgent_referral")
        return "urgent referral";
    if (code == "clearance_required")
        return "medical clearance required";
    if (code == "proceed")
        return "suitable for treatment";
    return shown_text(code);
}

std::string client_name(Database& db, std::string_view client_id, std::string* born = nullptr)
{
    auto q = db.query("SELECT first_name, last_name, date_of_birth FROM clients WHERE id = ?", client_id);
    if (!q.step())
        throw Failure(invalid("client_id: there is no client " + std::string(client_id), "client_id"));
    if (born)
        *born = q.text(2);
    return q.text(0) + " " + q.text(1);
}

json::object clinic_json(const ClinicSettings& clinic)
{
    return {{"name", clinic.name}, {"address", clinic.address}};
}

/// The messages of a screening's flags, in its order; only those of the given
/// severities ("urgent", "clearance", "precaution") when any are given.
json::array flag_messages(const json::value& flags, std::initializer_list<std::string_view> severities = {})
{
    json::array out;
    if (flags.is_array())
        for (const auto& f : flags.as_array()) {
            const auto* severity = f.as_object().if_contains("severity");
            if (severities.size() == 0
                || (severity && severity->is_string()
                    && std::find(severities.begin(), severities.end(), std::string_view(severity->get_string()))
                           != severities.end()))
                out.push_back(f.at("message"));
        }
    return out;
}

/// The screening's findings the letter has not already given as reasons.
json::array other_findings(const json::object& letter)
{
    json::array out;
    const auto& reasons = letter.at("reasons").as_array();
    for (const auto& f : letter.at("screening").at("findings").as_array())
        if (std::find(reasons.begin(), reasons.end(), f) == reasons.end())
            out.push_back(f);
    return out;
}

/// "yes", "no", or "–" when there is nothing yet to compare with the baseline.
std::string meaningful_text(const json::value& meaningful)
{
    return meaningful.is_null() ? "\u2013" : meaningful.as_bool() ? "yes" : "no";
}

/// The letter's heading: what it asks of the doctor.
std::string heading(const json::object& letter)
{
    if (letter.at("kind") == "clearance")
        return "Request for medical clearance";
    return letter.at("kind") == "referral" ? "Referral" : "Progress report";
}

/// "lower back (both)".
std::string area_text(const json::value& area)
{
    return shown_text(area.at("region")) + " (" + shown_text(area.at("side")) + ")";
}

std::string joined_text(const json::value& list, std::string (*each)(const json::value&))
{
    std::string out;
    for (const auto& v : list.as_array())
        out += (out.empty() ? "" : ", ") + each(v);
    return out;
}

std::string html_list(const json::value& list)
{
    std::string out = "<ul>";
    for (const auto& v : list.as_array())
        out += "<li>" + pdf::escape(shown_text(v)) + "</li>";
    return out + "</ul>";
}

std::string cell(const std::string& text, bool header = false)
{
    return header ? "<th align=\"left\">" + pdf::escape(text) + "</th>" : "<td>" + pdf::escape(text) + "</td>";
}

} // namespace

std::string shown_text(const json::value& v)
{
    if (v.is_string())
        return std::string(v.get_string());
    if (v.is_null())
        return {};
    if (v.is_double()) { // 35.6 as a person writes it, not 3.56E1
        std::ostringstream out;
        out << v.get_double();
        return out.str();
    }
    return json::serialize(v);
}

std::string_view measure_label(Measure measure)
{
    switch (measure) {
    case Measure::nprs_now: return "Pain now (NPRS, 0-10)";
    case Measure::nprs_worst: return "Worst pain in the past week (NPRS, 0-10)";
    case Measure::odi: return "Oswestry Disability Index (%)";
    case Measure::psfs: return "Patient-Specific Functional Scale (0-10)";
    case Measure::sbi: return "Sciatica Bothersomeness Index (0-24)";
    }
    return "";
}

json::object letter_json(Clinic& clinic, std::string_view client_id)
{
    auto& db = clinic.db();
    const auto settings = clinic.settings();
    std::string born;
    const auto name = client_name(db, client_id, &born);
    born = clinic_day(settings, born);
    json::object letter{{"kind", "progress"},
                        {"to", "gp"},
                        {"date", format_date_in_order(local_date(clinic.clock().now(), settings.time_zone),
                                                      date_order_for(settings.country))},
                        {"clinic", clinic_json(settings)},
                        {"client", {{"id", client_id}, {"name", name}, {"date_of_birth", born}}}};

    // The screening summary: the latest screening (a pre-session check's, when it recorded one).
    json::value screening = nullptr;
    std::string disposition;
    json::array awaiting_doctor; // its red flags, while they still stop treatment
    auto s = db.query("SELECT assessed_on, disposition, condition_type, json_extract(result, '$.flags'),"
                      " json_extract(result, '$.restrictions'),"
                      " EXISTS (SELECT 1 FROM intake_clearances k WHERE k.screening_id = intake_screenings.id)"
                      " FROM intake_screenings WHERE client_id = ? ORDER BY rowid DESC LIMIT 1",
                      client_id);
    if (s.step()) {
        const auto flags = json::parse(s.is_null(3) ? "[]" : s.text(3));
        screening = json::object{{"assessed_on", clinic_day(settings, s.text(0))},
                                 {"disposition", s.text(1)},
                                 {"condition_type", s.text(2)},
                                 {"findings", flag_messages(flags)},
                                 {"restrictions", json::parse(s.is_null(4) ? "[]" : s.text(4))}};
        disposition = s.text(1);
        const bool cleared = s.integer(5) != 0;
        if (disposition == "urgent_referral" || (disposition == "clearance_required" && !cleared))
            awaiting_doctor = flag_messages(flags, {"urgent", "clearance"});
    }
    letter["screening"] = std::move(screening);

    // The sessions: each signed note as it stands now, with who treated and how.
    json::array sessions;
    auto q = db.query("SELECT a.starts_at, st.display_name, COALESCE((SELECT m.content FROM notes_amendments m"
                      " WHERE m.note_id = n.id ORDER BY m.amended_at DESC, m.rowid DESC LIMIT 1), n.content)"
                      " FROM notes n JOIN sched_appointments a ON a.id = n.appointment_id"
                      " JOIN staff st ON st.id = n.therapist_id"
                      " WHERE n.client_id = ? AND n.status = 'signed' ORDER BY a.starts_ms",
                      client_id);
    while (q.step()) {
        const auto content = json::parse(q.text(2));
        sessions.push_back(json::object{{"date", clinic_date(settings, q.text(0))},
                                        {"therapist", q.text(1)},
                                        {"techniques", content.at("techniques")},
                                        {"areas", content.at("areas")}});
    }
    letter["sessions"] = std::move(sessions);

    // The measures: baseline, latest, change and whether it is a meaningful improvement.
    const auto progress = progress_json(db, client_id);
    json::array measures;
    for (const auto m : all_measures()) {
        const auto* p = progress.at("measures").as_object().if_contains(to_string(m));
        if (!p)
            continue;
        // A measure taken once has its baseline and nothing yet to compare it with.
        const auto& o = p->as_object();
        const auto or_null = [&](const char* key) { return o.contains(key) ? o.at(key) : json::value(nullptr); };
        // Meaningful or not is a comparison: with nothing to compare yet it is null ("–"), not "no".
        const auto meaningful = o.contains("latest") ? o.at("meaningful") : json::value(nullptr);
        measures.push_back(json::object{{"measure", to_string(m)},
                                        {"label", measure_label(m)},
                                        {"baseline", o.at("baseline").at("value")},
                                        {"baseline_source", o.at("baseline").at("source")},
                                        {"latest", or_null("latest")},
                                        {"improvement", or_null("improvement")},
                                        {"percent", or_null("percent")},
                                        {"meaningful", meaningful}});
    }
    letter["measures"] = std::move(measures);
    const auto& medication = progress.at("medication").as_array();
    letter["medication"] = medication.empty() ? json::value(nullptr) : medication.back().at("use");

    // Why the client is referred: no meaningful improvement, and any session the check stopped.
    json::array reasons;
    const auto& flag = progress.at("flag").as_object();
    if (flag.at("no_improvement").as_bool())
        reasons.push_back(json::value("No meaningful improvement in " + std::string(measure_label(
                                          *parse_measure(shown_text(flag.at("measure")))))
                                      + " after " + shown_text(flag.at("sessions_scored")) + " sessions."));
    auto r = db.query("SELECT a.starts_at, r.disposition, r.flags, r.note FROM notes_referrals r"
                      " JOIN sched_appointments a ON a.id = r.appointment_id WHERE r.client_id = ? ORDER BY a.starts_ms",
                      client_id);
    while (r.step()) {
        std::string found;
        for (const auto& m : flag_messages(json::parse(r.text(2))))
            found += (found.empty() ? "" : "; ") + shown_text(m);
        std::string why = "At the pre-session check on " + clinic_date(settings, r.text(0)) + " the session was stopped ("
                          + (r.text(1) == "urgent_referral" ? "urgent referral" : "medical clearance needed")
                          + "): " + (found.empty() ? "a red flag was reported" : found) + ".";
        if (!r.text(3).empty())
            why += " " + r.text(3);
        reasons.push_back(json::value(why));
    }
    if (!reasons.empty()) {
        letter["kind"] = "referral";
    } else if (!awaiting_doctor.empty() && letter.at("sessions").as_array().empty()) {
        // Screened, not yet treated, and the screening stops treatment until a doctor
        // has seen the client: the letter asks for that, with the red flags as intake
        // found them (an urgent referral is a referral; the rest a request for clearance).
        letter["kind"] = disposition == "urgent_referral" ? "referral" : "clearance";
        reasons = std::move(awaiting_doctor);
    }
    // No screening, no signed session, nothing to refer: a "Progress report" would be an
    // empty page with a heading. Say what the letter needs instead.
    if (letter.at("screening").is_null() && letter.at("sessions").as_array().empty() && reasons.empty()
        && letter.at("measures").as_array().empty())
        throw Failure(refused("there is nothing to write to this client's GP yet: no screening and no signed session."
                              " Record the intake screening (`fascia intake record`) or sign a session's note"
                              " (`fascia notes sign`) first",
                              "nothing_to_report"));
    letter["reasons"] = std::move(reasons);
    return letter;
}

std::string letter_html(const json::object& letter)
{
    const auto& client = letter.at("client");
    const bool referral = letter.at("kind") == "referral";
    std::string h = "<h2>" + pdf::escape(shown_text(letter.at("clinic").at("name"))) + "</h2>";
    if (const auto address = shown_text(letter.at("clinic").at("address")); !address.empty())
        h += "<p>" + pdf::escape(address) + "</p>";
    const bool clearance = letter.at("kind") == "clearance";
    h += "<h1>" + heading(letter) + "</h1><p>" + pdf::escape(shown_text(letter.at("date"))) + "</p>";
    h += "<p>Dear Doctor,</p><p>Re: <b>" + pdf::escape(shown_text(client.at("name"))) + "</b>, born "
         + pdf::escape(shown_text(client.at("date_of_birth"))) + ".</p>";
    if (referral) {
        h += "<p>We are referring your patient to you for assessment, for these reasons:</p>" +
             html_list(letter.at("reasons"));
    } else if (clearance) {
        h += "<p>Your patient has asked us for treatment. Our screening found the following, and we give "
             "no hands-on treatment until a doctor has cleared them:</p>"
             + html_list(letter.at("reasons"))
             + "<p>Please let us know whether treatment may go ahead, and any precautions we should take.</p>";
    }
    if (const auto& s = letter.at("screening"); s.is_object()) {
        h += "<h3>Screening</h3><p>Screened on " + pdf::escape(shown_text(s.at("assessed_on"))) + ": "
             + pdf::escape(shown_text(s.at("condition_type"))) + " presentation, "
             + pdf::escape(disposition_text(s.at("disposition"))) + ".</p>";
        if (const auto others = other_findings(letter); !others.empty())
            h += std::string(letter.at("reasons").as_array().empty() ? "<p>Findings:</p>" : "<p>Also found:</p>")
                 + html_list(others);
    }
    const auto& sessions = letter.at("sessions").as_array();
    h += "<h3>Sessions</h3><p>"
         + (clearance ? std::string("None: no hands-on treatment before your clearance")
                      : std::to_string(sessions.size()) + " signed session" + (sessions.size() == 1 ? "" : "s"))
         + ".</p>";
    if (!sessions.empty()) {
        h += "<table cellpadding=\"4\"><tr>" + cell("Date", true) + cell("Therapist", true) + cell("Techniques", true)
             + cell("Areas", true) + "</tr>";
        for (const auto& v : sessions)
            h += "<tr>" + cell(shown_text(v.at("date"))) + cell(shown_text(v.at("therapist")))
                 + cell(joined_text(v.at("techniques"), shown_text)) + cell(joined_text(v.at("areas"), area_text)) + "</tr>";
        h += "</table>";
    }
    h += "<h3>Outcome measures</h3>";
    if (letter.at("measures").as_array().empty()) {
        h += "<p>No measures recorded yet.</p>";
    } else {
        h += "<table cellpadding=\"4\"><tr>" + cell("Measure", true) + cell("Baseline", true) + cell("Latest", true)
             + cell("Change", true) + cell("Meaningful", true) + "</tr>";
        for (const auto& m : letter.at("measures").as_array()) {
            h += "<tr>" + cell(shown_text(m.at("label"))) + cell(shown_text(m.at("baseline")))
                 + cell(m.at("latest").is_null() ? "\u2013" : shown_text(m.at("latest")))
                 + cell(change_text(m.as_object())) + cell(meaningful_text(m.at("meaningful"))) + "</tr>";
        }
        h += "</table>";
    }
    if (!letter.at("medication").is_null())
        h += "<p>Pain medication compared with the start of care: " + pdf::escape(shown_text(letter.at("medication")))
             + ".</p>";
    h += "<p>Yours sincerely,</p><p>" + pdf::escape(shown_text(letter.at("clinic").at("name"))) + "</p>";
    return h;
}

json::object handout_json(Clinic& clinic, std::string_view appointment_id)
{
    auto& db = clinic.db();
    const auto settings = clinic.settings();
    const auto note = note_json(db, appointment_id);
    if (note.empty())
        throw Failure(refused("there is no note for this appointment yet: the handout is made from the advice in "
                              "its note",
                              "no_note"));
    auto q = db.query("SELECT a.starts_at, st.display_name FROM sched_appointments a"
                      " JOIN staff st ON st.id = a.therapist_id WHERE a.id = ?",
                      appointment_id);
    q.step();
    const auto& current = note.at("current");
    return {{"clinic", clinic_json(settings)},
            {"appointment_id", appointment_id},
            {"client", {{"id", note.at("client_id")}, {"name", client_name(db, shown_text(note.at("client_id")))}}},
            {"date", clinic_date(settings, q.text(0))},
            {"therapist", q.text(1)},
            {"areas", current.at("areas")},
            {"advice", current.at("advice")}};
}

std::string handout_html(const json::object& handout)
{
    std::string h = "<h2>" + pdf::escape(shown_text(handout.at("clinic").at("name"))) + "</h2>";
    h += "<h1>Your home-care plan</h1>";
    h += "<p>For <b>" + pdf::escape(shown_text(handout.at("client").at("name"))) + "</b>, after your session on "
         + pdf::escape(shown_text(handout.at("date"))) + " with " + pdf::escape(shown_text(handout.at("therapist"))) + ".</p>";
    if (!handout.at("areas").as_array().empty())
        h += "<p>Areas treated: " + pdf::escape(joined_text(handout.at("areas"), area_text)) + ".</p>";
    h += "<h3>Between sessions</h3>";
    h += handout.at("advice").as_array().empty() ? "<p>No home care this time: rest as usual.</p>"
                                                 : html_list(handout.at("advice"));
    h += "<p>Bring any questions to your next session.</p>";
    return h;
}

void print_letter(std::ostream& out, const json::object& letter)
{
    const auto& client = letter.at("client");
    out << heading(letter) << " to the GP of " << shown_text(client.at("name")) << " (born "
        << shown_text(client.at("date_of_birth")) << ")\n";
    for (const auto& r : letter.at("reasons").as_array())
        out << (letter.at("kind") == "clearance" ? "Needs clearance: " : "Reason: ") << shown_text(r) << '\n';
    if (const auto& s = letter.at("screening"); s.is_object()) {
        out << "Screened " << shown_text(s.at("assessed_on")) << ": " << shown_text(s.at("condition_type")) << ", "
            << disposition_text(s.at("disposition")) << '\n';
        for (const auto& f : other_findings(letter))
            out << "  finding: " << shown_text(f) << '\n';
    }
    out << "Signed sessions: " << letter.at("sessions").as_array().size() << '\n';
    for (const auto& v : letter.at("sessions").as_array())
        out << "  " << shown_text(v.at("date")) << " with " << shown_text(v.at("therapist")) << ": "
            << joined_text(v.at("techniques"), shown_text) << '\n';
    for (const auto& m : letter.at("measures").as_array())
        out << shown_text(m.at("label")) << ": " << shown_text(m.at("baseline")) << " -> "
            << (m.at("latest").is_null() ? "\u2013" : shown_text(m.at("latest"))) << ", " << change_text(m.as_object())
            << "; meaningful: " << meaningful_text(m.at("meaningful")) << '\n';
    if (!letter.at("medication").is_null())
        out << "Pain medication: " << shown_text(letter.at("medication")) << " (compared with the start)\n";
}

void print_handout(std::ostream& out, const json::object& handout)
{
    out << "Home-care plan for " << shown_text(handout.at("client").at("name")) << ", after the session on "
        << shown_text(handout.at("date")) << " with " << shown_text(handout.at("therapist")) << '\n';
    if (!handout.at("areas").as_array().empty())
        out << "Areas treated: " << joined_text(handout.at("areas"), area_text) << '\n';
    for (const auto& a : handout.at("advice").as_array())
        out << "  - " << shown_text(a) << '\n';
}

} // namespace fascia::notes
