// Compliance: what the vetting module says runs out in the period and where
// each therapist stands on its last day (its service, its rules), and intake's
// screenings in the period by disposition, referrals among them.
#include "contributions.h"

#include <fascia/vetting/vetting_service.h>

#include <boost/json.hpp>

#include <cmath>

namespace fascia::reporting {

namespace json = boost::json;
using namespace std::chrono;

namespace {

template <class T>
T unwrap(Result<T> result)
{
    if (!result)
        throw Failure(result.error());
    return std::move(*result);
}

json::value cpd_hours(std::int64_t hundredths)
{
    return static_cast<double>(hundredths) / 100.0;
}

} // namespace

Report compliance(const Scope& s, const vetting::VettingService& service)
{
    Report r;
    r.title = "Compliance";
    const auto to = format_date(s.request.to);
    const int days_in_period = static_cast<int>((sys_days{s.request.to} - sys_days{s.request.from}).count());
    Table expiring{"expiring", "Running out in the period",
                   {{"therapist", "Therapist", Kind::text},
                    {"item", "Item", Kind::text},
                    {"description", "What", Kind::text},
                    {"expires_on", "Good until", Kind::text}},
                   {}};
    for (const auto& e : unwrap(service.expiring(s.db, days_in_period, s.request.from)))
        if (!s.request.therapist || e.username == *s.request.therapist)
            expiring.rows.push_back({json::value(e.username), json::value(e.item), json::value(e.description),
                                     json::value(e.expires_on)});
    r.tables.push_back(std::move(expiring));

    Table standing{"standing", "Standing on " + to,
                   {{"therapist", "Therapist", Kind::text},
                    {"status", "Status", Kind::text},
                    {"cpd_hours", "CPD hours", Kind::hours},
                    {"cpd_required", "CPD required", Kind::hours},
                    {"cpd_short", "CPD short by", Kind::hours},
                    {"reasons", "Why", Kind::text}},
                   {}};
    auto q = s.db.query("SELECT username FROM staff WHERE role = 'therapist' AND active = 1"
                        " AND (?1 IS NULL OR id = ?1) ORDER BY username",
                        s.therapist_id);
    while (q.step()) {
        const auto st = unwrap(service.status(s.db, q.text(0), s.request.to));
        std::string reasons;
        if (st.status != "approved")
            for (const auto& reason : st.reasons)
                reasons += (reasons.empty() ? "" : "; ") + in_words(reason.code);
        const auto short_by = std::max<std::int64_t>(0, st.cpd.required_hundredths - st.cpd.hundredths);
        standing.rows.push_back({json::value(st.username), json::value(st.status), cpd_hours(st.cpd.hundredths),
                                 cpd_hours(st.cpd.required_hundredths), cpd_hours(short_by), json::value(reasons)});
    }
    r.tables.push_back(std::move(standing));

    // Screenings are the clinic's dates (assessed_on), so the period is compared as dates.
    Table screenings{"screenings", "Screenings by disposition",
                     {{"disposition", "Disposition", Kind::text},
                      {"screenings", "Full screenings", Kind::count},
                      {"prechecks", "Pre-session checks", Kind::count}},
                     {}};
    std::int64_t referrals = 0;
    auto d = s.db.query("SELECT disposition, count(CASE WHEN source = 'intake' THEN 1 END),"
                        " count(CASE WHEN source = 'precheck' THEN 1 END)"
                        " FROM intake_screenings WHERE assessed_on >= ? AND assessed_on <= ? GROUP BY 1 ORDER BY 1",
                        format_date(s.request.from), to);
    while (d.step()) {
        screenings.rows.push_back({json::value(in_words(d.text(0))), d.integer(1), d.integer(2)});
        if (d.text(0) != "proceed")
            referrals += d.integer(1) + d.integer(2);
    }
    r.tables.push_back(std::move(screenings));
    // The explanation goes in the title: a long header over a one-figure column
    // wrapped onto lines of its own, away from the figure, in the PDF and the desk.
    r.tables.push_back({"referrals", "Referrals made (to a doctor: urgent, or for clearance)",
                        {{"referrals", "Referrals", Kind::count}},
                        {{referrals}}});
    return r;
}

} // namespace fascia::reporting
