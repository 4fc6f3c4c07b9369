#include "records.h"

#include <fascia/catalogue.h>
#include <fascia/staff.h>

#include <algorithm>
#include <charconv>

namespace fascia::vetting {

namespace {

Date stored_date(const std::string& text)
{
    const auto d = parse_date(text);
    if (!d)
        throw Failure(internal_error("a stored vetting record has a malformed date '" + text + "'"));
    return *d;
}

std::optional<Date> stored_optional_date(const std::optional<std::string>& text)
{
    if (!text)
        return std::nullopt;
    return stored_date(*text);
}

std::string text_setting(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

Therapist therapist_of(const StaffMember& m)
{
    return Therapist{m.id, m.username, m.display_name, m.active};
}

} // namespace

std::int64_t integer_setting(Database& db, std::string_view key, std::int64_t fallback)
{
    const auto text = text_setting(db, key);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0)
        return fallback;
    return n;
}

Rules load_rules(Database& db)
{
    const Rules defaults = Rules::defaults();
    Rules r;
    auto kinds = db.query("SELECT kind, label, qualifying FROM vetting_credential_kinds ORDER BY kind");
    while (kinds.step())
        r.kinds.push_back({kinds.text(0), kinds.text(1), kinds.integer(2) != 0});
    auto privileges = db.query("SELECT modality, requirement FROM vetting_privilege_requirements"
                               " ORDER BY modality, requirement");
    while (privileges.step())
        r.privileges[privileges.text(0)].push_back(privileges.text(1));
    r.cpd_required_hundredths =
        100 * integer_setting(db, "vetting.cpd_hours_required", defaults.cpd_required_hundredths / 100);
    r.cpd_window_months = static_cast<int>(
        std::clamp<std::int64_t>(integer_setting(db, "vetting.cpd_window_months", defaults.cpd_window_months), 1, 60));
    r.references_required = static_cast<int>(std::clamp<std::int64_t>(
        integer_setting(db, "vetting.references_required", defaults.references_required), 0, 10));
    r.warning_days.clear();
    auto warnings = db.query("SELECT days FROM vetting_warning_thresholds ORDER BY days DESC");
    while (warnings.step())
        r.warning_days.push_back(static_cast<int>(warnings.integer(0)));
    return r;
}

std::optional<Therapist> find_therapist(Database& db, std::string_view username_or_id)
{
    const auto m = find_staff(db, username_or_id);
    if (!m || m->role != Role::therapist)
        return std::nullopt;
    return therapist_of(*m);
}

Therapist require_therapist(Database& db, std::string_view username_or_id, std::string_view field)
{
    const std::string name(username_or_id);
    const std::string f(field);
    if (name.empty())
        throw Failure(invalid(f + ": is required (a therapist's username or staff id)", f));
    const auto m = find_staff(db, name);
    if (!m)
        throw Failure(invalid(f + ": there is no staff user '" + name
                                  + "' (`fascia staff list` shows who there is)",
                              f));
    if (m->role != Role::therapist)
        throw Failure(invalid(f + ": " + m->username + " is " + std::string(to_string(m->role))
                                  + ", not a therapist; only therapists are vetted",
                              f));
    return therapist_of(*m);
}

std::vector<Therapist> list_therapists(Database& db, bool include_inactive)
{
    std::vector<Therapist> out;
    for (const auto& m : list_staff(db))
        if (m.role == Role::therapist && (include_inactive || m.active))
            out.push_back(therapist_of(m));
    return out;
}

Record load_record(Database& db, const Therapist& therapist)
{
    Record r;
    r.therapist = therapist;
    auto c = db.query("SELECT id, kind, number, issuer, issued_on, expires_on, document FROM vetting_credentials"
                      " WHERE therapist_id = ? AND withdrawn_at IS NULL ORDER BY issued_on, rowid",
                      therapist.id);
    while (c.step())
        r.credentials.push_back({c.text(0), c.text(1), c.text(2), c.text(3), stored_date(c.text(4)),
                                 stored_optional_date(c.optional_text(5)), c.text(6)});
    auto g = db.query("SELECT id, body, number, registered_on, expires_on, document FROM vetting_registrations"
                      " WHERE therapist_id = ? AND withdrawn_at IS NULL ORDER BY registered_on, rowid",
                      therapist.id);
    while (g.step())
        r.registrations.push_back({g.text(0), g.text(1), g.text(2), stored_date(g.text(3)),
                                   stored_date(g.text(4)), g.text(5)});
    auto i = db.query("SELECT id, insurer, policy_number, cover_minor, currency, starts_on, expires_on, document"
                      " FROM vetting_insurance WHERE therapist_id = ? AND withdrawn_at IS NULL"
                      " ORDER BY starts_on, rowid",
                      therapist.id);
    while (i.step())
        r.insurance.push_back({i.text(0), i.text(1), i.text(2), Money{i.integer(3), i.text(4)},
                               stored_date(i.text(5)), stored_date(i.text(6)), i.text(7)});
    auto p = db.query("SELECT id, hours_hundredths, completed_on, topic, provider FROM vetting_cpd"
                      " WHERE therapist_id = ? AND withdrawn_at IS NULL ORDER BY completed_on, rowid",
                      therapist.id);
    while (p.step())
        r.cpd.push_back({p.text(0), p.integer(1), stored_date(p.text(2)), p.text(3), p.text(4)});
    auto k = db.query("SELECT id, item, checked_on, checked_by, note FROM vetting_checks"
                      " WHERE therapist_id = ? AND withdrawn_at IS NULL ORDER BY checked_on, rowid",
                      therapist.id);
    while (k.step())
        r.checks.push_back({k.text(0), k.text(1), stored_date(k.text(2)), k.text(3), k.text(4)});
    auto s = db.query("SELECT id, action, reason, effective_on, recorded_by, rowid FROM vetting_standing"
                      " WHERE therapist_id = ? ORDER BY effective_on, rowid",
                      therapist.id);
    while (s.step())
        r.standing.push_back({s.text(0), s.text(1) == "suspend", s.text(2), stored_date(s.text(3)), s.text(4),
                              s.integer(5)});
    auto o = db.query("SELECT count(*) FROM vetting_concerns WHERE therapist_id = ? AND resolved_at IS NULL",
                      therapist.id);
    o.step();
    r.open_concerns = static_cast<int>(o.integer(0));
    return r;
}

void require_modality(std::string_view modality, std::string_view field)
{
    const auto& known = known_modalities();
    if (std::find(known.begin(), known.end(), modality) != known.end())
        return;
    std::string list;
    for (const auto& m : known)
        list += (list.empty() ? "" : ", ") + m;
    const std::string f(field);
    throw Failure(invalid(f + ": '" + std::string(modality) + "' is not a modality; use one of " + list, f));
}

Date clinic_today(Database& db, Instant now)
{
    return local_date(now, text_setting(db, "time_zone"));
}

std::vector<Concern> load_concerns(Database& db, std::string_view therapist_id)
{
    std::vector<Concern> out;
    auto q = db.query("SELECT id, concern, raised_on, recorded_by, recorded_at, resolved_at, resolved_by,"
                      " resolution FROM vetting_concerns WHERE therapist_id = ? ORDER BY raised_on, rowid",
                      therapist_id);
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.optional_text(5),
                       q.optional_text(6), q.optional_text(7)});
    return out;
}

const std::vector<WithdrawableTable>& withdrawable_tables()
{
    static const std::vector<WithdrawableTable> tables{
        {"vetting_credentials", "vetting_credential", "credential"},
        {"vetting_registrations", "vetting_registration", "registration"},
        {"vetting_insurance", "vetting_insurance", "insurance policy"},
        {"vetting_cpd", "vetting_cpd", "CPD entry"},
        {"vetting_checks", "vetting_check", "check"},
    };
    return tables;
}

} // namespace fascia::vetting
