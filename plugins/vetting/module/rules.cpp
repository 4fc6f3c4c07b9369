#include "rules.h"

#include <fascia/catalogue.h>
#include <fascia/clock.h>

#include <algorithm>
#include <cctype>

namespace fascia::vetting {

using std::chrono::days;
using std::chrono::sys_days;

namespace {

bool between(Date d, Date first, Date last)
{
    return sys_days{first} <= sys_days{d} && sys_days{d} <= sys_days{last};
}

bool before(Date a, Date b)
{
    return sys_days{a} < sys_days{b};
}

bool in_force(const Credential& c, Date on)
{
    return !before(on, c.issued) && (!c.expires || !before(*c.expires, on));
}

template <class Item>
bool in_force(const Item& item, Date on)
{
    return between(on, item.from, item.expires);
}

/// The item in force on `on` that lasts longest, or nullptr.
template <class Item>
const Item* longest_in_force(const std::vector<Item>& items, Date on)
{
    const Item* best = nullptr;
    for (const auto& i : items)
        if (in_force(i, on) && (!best || before(best->expires, i.expires)))
            best = &i;
    return best;
}

/// The item that expired last before `on`, or nullptr.
template <class Item>
const Item* last_expired(const std::vector<Item>& items, Date on)
{
    const Item* best = nullptr;
    for (const auto& i : items)
        if (before(i.expires, on) && (!best || before(best->expires, i.expires)))
            best = &i;
    return best;
}

/// The item starting soonest after `on`, or nullptr.
template <class Item>
const Item* next_starting(const std::vector<Item>& items, Date on)
{
    const Item* best = nullptr;
    for (const auto& i : items)
        if (before(on, i.from) && (!best || before(i.from, best->from)))
            best = &i;
    return best;
}

std::string plural(int n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string describe(const Registration& r)
{
    return "registration with " + r.body + " (no. " + r.number + ")";
}

std::string describe(const Insurance& i)
{
    return "insurance with " + i.insurer + " (policy " + i.policy + ", cover " + i.cover.to_string() + ")";
}

std::string kind_label(const Rules& rules, std::string_view kind)
{
    const auto* k = rules.kind(kind);
    return k ? k->label : std::string(kind);
}

std::string describe(const Rules& rules, const Credential& c)
{
    return kind_label(rules, c.kind) + " (no. " + c.number + ", " + c.issuer + ")";
}

/// "a qualifying credential (A, B or C)" or "a Dry needling certificate".
std::string requirement_text(const Rules& rules, std::string_view requirement)
{
    if (requirement != qualifying_requirement)
        return "a " + kind_label(rules, requirement);
    std::vector<std::string> labels;
    for (const auto& k : rules.kinds)
        if (k.qualifying)
            labels.push_back(k.label);
    std::string list;
    for (std::size_t i = 0; i < labels.size(); ++i)
        list += (i == 0 ? "" : i + 1 == labels.size() ? " or " : ", ") + labels[i];
    return "a qualifying credential (" + (list.empty() ? std::string("none is defined") : list) + ")";
}

bool satisfies(const Rules& rules, const Credential& c, std::string_view requirement)
{
    if (requirement == qualifying_requirement) {
        const auto* k = rules.kind(c.kind);
        return k && k->qualifying;
    }
    return c.kind == requirement;
}

/// Why an unmet requirement is unmet, or nullopt when it is met on `on`.
std::optional<Reason> unmet(const Record& record, const Rules& rules, std::string_view requirement, Date on)
{
    const Credential* expired = nullptr;
    const Credential* future = nullptr;
    for (const auto& c : record.credentials) {
        if (!satisfies(rules, c, requirement))
            continue;
        if (in_force(c, on))
            return std::nullopt;
        if (c.expires && before(*c.expires, on) && (!expired || before(*expired->expires, *c.expires)))
            expired = &c;
        if (before(on, c.issued) && (!future || before(c.issued, future->issued)))
            future = &c;
    }
    const std::string needs = "needs " + requirement_text(rules, requirement);
    if (expired)
        return Reason{"credential_expired",
                      needs + ": " + describe(rules, *expired) + " expired on " + format_date(*expired->expires)
                          + "; record the renewed one",
                      expired->id};
    if (future)
        return Reason{"needs_credential",
                      needs + ": " + describe(rules, *future) + " is only dated from "
                          + format_date(future->issued),
                      std::string(requirement)};
    return Reason{"needs_credential", needs + "; none is recorded", std::string(requirement)};
}

std::optional<int> threshold_for(const Rules& rules, int days_left)
{
    std::optional<int> crossed;
    for (int t : rules.warning_days)
        if (days_left <= t && (!crossed || t < *crossed))
            crossed = t;
    return crossed;
}

ExpiringItem item_for(const Record& record, const Rules& rules, Date from, std::string item, std::string id,
                      std::string description, Date expires)
{
    ExpiringItem e;
    e.therapist_id = record.therapist.id;
    e.username = record.therapist.username;
    e.display_name = record.therapist.display_name;
    e.item = std::move(item);
    e.record_id = std::move(id);
    e.description = std::move(description);
    e.expires_on = format_date(expires);
    e.days_left = days_between(from, expires);
    e.threshold = threshold_for(rules, e.days_left);
    if (e.threshold)
        e.crossed_on = format_date(add_days(expires, -*e.threshold));
    return e;
}

} // namespace

Rules Rules::defaults()
{
    Rules r;
    r.kinds = {
        {"clinical_myotherapist", "Clinical Myotherapist (BHSc)", true},
        {"remedial_massage_therapist", "Remedial Massage Therapist (DipRM)", true},
        {"clinical_massage_level5", "Level 5 Clinical Massage certificate", true},
        {"massage_licence_nmt", "State massage licence with neuromuscular therapy training", true},
        {"dry_needling_certificate", "Dry needling certificate", false},
        {"prenatal_certificate", "Prenatal massage certificate", false},
    };
    for (const char* m : {"remedial", "deep_tissue", "myofascial_release", "trigger_point"})
        r.privileges[m] = {std::string(qualifying_requirement)};
    r.privileges["dry_needling"] = {"dry_needling_certificate"};
    r.privileges["prenatal"] = {"prenatal_certificate"};
    return r;
}

const CredentialKind* Rules::kind(std::string_view code) const
{
    const auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.kind == code; });
    return it == kinds.end() ? nullptr : &*it;
}

const std::vector<std::string>& Rules::requirements(std::string_view modality) const
{
    static const std::vector<std::string> none;
    const auto it = privileges.find(modality);
    return it == privileges.end() ? none : it->second;
}

Date add_months(Date d, int months)
{
    Date moved{d.year() / d.month() / d.day() + std::chrono::months{months}};
    if (!moved.ok())
        moved = Date{std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}}};
    return moved;
}

Date add_days(Date d, int n)
{
    return Date{sys_days{d} + days{n}};
}

int days_between(Date a, Date b)
{
    return static_cast<int>((sys_days{b} - sys_days{a}).count());
}

Date cpd_window_start(Date on, int months)
{
    return add_days(add_months(on, -months), 1);
}

std::int64_t cpd_total(const Record& record, Date on, int months)
{
    const Date first = cpd_window_start(on, months);
    std::int64_t total = 0;
    for (const auto& e : record.cpd)
        if (between(e.on, first, on))
            total += e.hundredths;
    return total;
}

std::string hours_text(std::int64_t hundredths)
{
    std::string text = std::to_string(hundredths / 100);
    if (const auto rest = hundredths % 100; rest != 0) {
        text += '.';
        text += static_cast<char>('0' + rest / 10);
        if (rest % 10 != 0)
            text += static_cast<char>('0' + rest % 10);
    }
    return text;
}

std::optional<std::int64_t> parse_hours(std::string_view text)
{
    const auto dot = text.find('.');
    const auto whole = text.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    const auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 7 || !digits(whole) || !digits(fraction) || fraction.size() > 2
        || (dot != std::string_view::npos && fraction.empty()))
        return std::nullopt;
    std::int64_t n = 0;
    for (char c : whole)
        n = n * 10 + (c - '0');
    n *= 100;
    if (!fraction.empty())
        n += (fraction[0] - '0') * 10 + (fraction.size() > 1 ? fraction[1] - '0' : 0);
    return n;
}

Status assess(const Record& record, const Rules& rules, Date on)
{
    Status s;
    s.therapist_id = record.therapist.id;
    s.username = record.therapist.username;
    s.display_name = record.therapist.display_name;
    s.on = format_date(on);
    std::vector<Reason> suspended, lapsed, pending, good;

    const StandingChange* standing = nullptr;
    for (const auto& c : record.standing)
        if (!before(on, c.from)
            && (!standing || before(standing->from, c.from)
                || (standing->from == c.from && standing->order < c.order)))
            standing = &c;
    if (standing && standing->suspended)
        suspended.push_back({"suspended",
                             "suspended from " + format_date(standing->from) + " by " + standing->by + ": "
                                 + standing->reason + " (`fascia vetting reinstate` lifts it)",
                             standing->id});

    s.checklist.references_required = rules.references_required;
    for (const auto& c : record.checks) {
        if (before(on, c.on))
            continue;
        s.checklist.identity = s.checklist.identity || c.item == "identity";
        s.checklist.documents = s.checklist.documents || c.item == "documents";
        s.checklist.references += c.item == "reference";
    }
    if (!s.checklist.identity)
        pending.push_back({"identity_unchecked", "identity has not been checked "
                                                 "(`fascia vetting check --item identity`)"});
    if (s.checklist.references < rules.references_required)
        pending.push_back({"references_missing",
                           std::to_string(s.checklist.references) + " of "
                               + plural(rules.references_required, "reference", "references")
                               + " checked (`fascia vetting check --item reference`)"});
    if (!s.checklist.documents)
        pending.push_back({"documents_unchecked", "qualification documents have not been sighted "
                                                  "(`fascia vetting check --item documents`)"});
    if (pending.empty())
        good.push_back({"checklist_complete", "checklist complete: identity, "
                                                  + plural(s.checklist.references, "reference", "references")
                                                  + " and qualification documents checked"});

    const auto standing_of = [&](const auto& items, const char* what, const std::string& missing_text) {
        if (const auto* current = longest_in_force(items, on)) {
            good.push_back({std::string(what) + "_current",
                            describe(*current) + " in force until " + format_date(current->expires),
                            current->id});
        } else if (const auto* expired = last_expired(items, on)) {
            lapsed.push_back({std::string(what) + "_expired",
                              describe(*expired) + " expired on " + format_date(expired->expires)
                                  + "; record the renewal",
                              expired->id});
        } else if (const auto* next = next_starting(items, on)) {
            pending.push_back({std::string(what) + "_not_started",
                               describe(*next) + " starts only on " + format_date(next->from), next->id});
        } else {
            pending.push_back({std::string("no_") + what, missing_text});
        }
    };
    standing_of(record.registrations, "registration",
                "no registration with a professional body is recorded (`fascia vetting registration add`)");
    standing_of(record.insurance, "insurance",
                "no professional indemnity insurance is recorded (`fascia vetting insurance add`)");

    s.cpd.hundredths = cpd_total(record, on, rules.cpd_window_months);
    s.cpd.required_hundredths = rules.cpd_required_hundredths;
    s.cpd.window_from = format_date(cpd_window_start(on, rules.cpd_window_months));
    s.cpd.window_to = s.on;
    const std::string cpd_text = "CPD " + hours_text(s.cpd.hundredths) + " h of "
                                 + hours_text(s.cpd.required_hundredths) + " h required in the "
                                 + plural(rules.cpd_window_months, "month", "months") + " from "
                                 + s.cpd.window_from + " to " + s.cpd.window_to;
    if (s.cpd.hundredths < s.cpd.required_hundredths)
        lapsed.push_back({"cpd_short", cpd_text + " (`fascia vetting cpd add`)"});
    else
        good.push_back({"cpd_met", cpd_text});

    // Someone never fully vetted is pending, even if something has also run
    // out; lapsed is for a vetted therapist whose cover or CPD has run out.
    if (!suspended.empty())
        s.status = "suspended";
    else if (!pending.empty())
        s.status = "pending";
    else if (!lapsed.empty())
        s.status = "lapsed";
    else
        s.status = "approved";

    if (s.status == "approved") {
        s.reasons = std::move(good);
        for (const auto& modality : known_modalities()) {
            bool met = true;
            for (const auto& r : rules.requirements(modality))
                met = met && !unmet(record, rules, r, on);
            if (met)
                s.privileges.push_back(modality);
        }
    } else {
        for (auto* list : {&suspended, &pending, &lapsed})
            s.reasons.insert(s.reasons.end(), list->begin(), list->end());
    }

    const int horizon = rules.warning_days.empty()
                            ? 0
                            : *std::max_element(rules.warning_days.begin(), rules.warning_days.end());
    if (horizon > 0)
        for (const auto& e : expiring_items(record, rules, on, horizon))
            s.warnings.push_back({e.item + "_expiring",
                                  e.item == "cpd" ? e.description
                                                  : e.description + " expires on " + e.expires_on + " (in "
                                                        + plural(e.days_left, "day", "days") + ")",
                                  e.record_id});
    if (record.open_concerns > 0)
        s.warnings.push_back({"open_concerns",
                              plural(record.open_concerns, "open concern is", "open concerns are")
                                  + " recorded (`fascia vetting show` for the owner or an admin)"});
    return s;
}

Eligibility eligibility(const Record& record, const Rules& rules, std::string_view modality, Date on)
{
    const auto s = assess(record, rules, on);
    Eligibility e;
    e.therapist_id = s.therapist_id;
    e.username = s.username;
    e.display_name = s.display_name;
    e.modality = std::string(modality);
    e.on = s.on;
    e.status = s.status;
    if (!record.therapist.active)
        e.reasons.push_back({"account_inactive", record.therapist.username
                                                     + "'s staff account is deactivated"});
    if (s.status != "approved")
        e.reasons.insert(e.reasons.end(), s.reasons.begin(), s.reasons.end());
    for (const auto& requirement : rules.requirements(modality))
        if (auto why = unmet(record, rules, requirement, on))
            e.reasons.push_back(std::move(*why));
    e.eligible = e.reasons.empty();
    return e;
}

std::vector<ExpiringItem> expiring_items(const Record& record, const Rules& rules, Date from, int within_days)
{
    std::vector<ExpiringItem> out;
    if (!record.therapist.active || within_days < 0)
        return out;
    const Date until = add_days(from, within_days);

    // Something renewed in time (another one in force the day after) is not running out.
    for (const auto& c : record.credentials) {
        if (!c.expires || !between(*c.expires, from, until))
            continue;
        const Date next = add_days(*c.expires, 1);
        const bool renewed = std::any_of(record.credentials.begin(), record.credentials.end(),
                                         [&](const Credential& o) { return o.kind == c.kind && in_force(o, next); });
        if (!renewed)
            out.push_back(item_for(record, rules, from, "credential", c.id, describe(rules, c), *c.expires));
    }
    const auto add = [&](const auto& items, const char* what, const char* prefix) {
        for (const auto& i : items) {
            if (!between(i.expires, from, until))
                continue;
            const Date next = add_days(i.expires, 1);
            const bool renewed =
                std::any_of(items.begin(), items.end(), [&](const auto& o) { return in_force(o, next); });
            if (!renewed) {
                std::string text = prefix + describe(i);
                text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
                out.push_back(item_for(record, rules, from, what, i.id, text, i.expires));
            }
        }
    };
    add(record.registrations, "registration", "");
    add(record.insurance, "insurance", "professional indemnity ");

    // CPD drops only when an entry leaves the window: on add_months(entry, months) or the day after.
    const int months = rules.cpd_window_months;
    const auto required = rules.cpd_required_hundredths;
    if (required > 0 && cpd_total(record, from, months) >= required) {
        std::vector<Date> candidates;
        for (const auto& e : record.cpd)
            for (int extra : {0, 1}) {
                const Date d = add_days(add_months(e.on, months), extra);
                if (before(from, d) && !before(add_days(until, 1), d))
                    candidates.push_back(d);
            }
        std::sort(candidates.begin(), candidates.end(),
                  [](Date a, Date b) { return before(a, b); });
        for (const Date d : candidates) {
            const auto total = cpd_total(record, d, months);
            if (total < required) {
                out.push_back(item_for(record, rules, from, "cpd", "",
                                       "CPD falls to " + hours_text(total) + " h of " + hours_text(required)
                                           + " h required on " + format_date(d) + " unless more is logged",
                                       add_days(d, -1)));
                break;
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ExpiringItem& a, const ExpiringItem& b) {
        return a.expires_on < b.expires_on;
    });
    return out;
}

} // namespace fascia::vetting
