// Outcome measures by their published rules (see scores.h for the sources).
#include <fascia/notes/scores.h>

#include <cmath>
#include <numeric>

namespace fascia::notes {

namespace {

// Scores are sums and means of small whole numbers, so a comparison with a
// threshold only needs to forgive the last bit of a division.
constexpr double tolerance = 1e-9;

struct Named {
    Measure measure;
    std::string_view name;
};
constexpr Named names[] = {{Measure::nprs_now, "nprs_now"},
                           {Measure::nprs_worst, "nprs_worst"},
                           {Measure::odi, "odi"},
                           {Measure::psfs, "psfs"},
                           {Measure::sbi, "sbi"}};

Result<Score> items_in_range(const std::vector<int>& items, std::size_t min_count, std::size_t max_count, int max,
                             const char* field, const char* what)
{
    if (items.size() < min_count || items.size() > max_count)
        return invalid(std::string(field) + ": " + what + " (" + std::to_string(items.size()) + " given)", field);
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i] < 0 || items[i] > max)
            return invalid(std::string(field) + ": item " + std::to_string(i + 1) + " is " + std::to_string(items[i])
                               + "; each is 0 to " + std::to_string(max),
                           field);
    return Score{static_cast<double>(std::accumulate(items.begin(), items.end(), 0)), {}};
}

} // namespace

std::string_view to_string(Measure measure)
{
    for (const auto& n : names)
        if (n.measure == measure)
            return n.name;
    return "unknown";
}

std::optional<Measure> parse_measure(std::string_view name)
{
    for (const auto& n : names)
        if (n.name == name)
            return n.measure;
    return std::nullopt;
}

const std::vector<Measure>& all_measures()
{
    static const std::vector<Measure> all{Measure::nprs_now, Measure::nprs_worst, Measure::odi, Measure::psfs,
                                          Measure::sbi};
    return all;
}

bool higher_is_better(Measure measure)
{
    return measure == Measure::psfs;
}

Result<Score> score_nprs(int value, std::string_view field)
{
    if (value < 0 || value > 10)
        return invalid(std::string(field) + ": pain is 0 (none) to 10 (worst imaginable), not " + std::to_string(value),
                       std::string(field));
    return Score{static_cast<double>(value), std::string(nprs_version)};
}

Result<Score> score_odi(const std::vector<std::optional<int>>& sections)
{
    if (sections.size() != 10)
        return invalid("odi: the Oswestry index has 10 sections (" + std::to_string(sections.size())
                           + " given; write null for one not answered)",
                       "odi");
    int sum = 0, answered = 0;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        if (!sections[i])
            continue;
        if (*sections[i] < 0 || *sections[i] > 5)
            return invalid("odi: section " + std::to_string(i + 1) + " is " + std::to_string(*sections[i])
                               + "; each section is 0 to 5",
                           "odi");
        sum += *sections[i];
        ++answered;
    }
    // Fairbank & Pynsent: with more than one section missing the index is not valid.
    if (answered < 9)
        return invalid("odi: " + std::to_string(10 - answered) + " sections are missing; at most one may be", "odi");
    return Score{sum * 100.0 / (5.0 * answered), std::string(odi_version)};
}

Result<Score> score_psfs(const std::vector<int>& activities)
{
    auto total = items_in_range(activities, 3, 5, 10, "psfs", "3 to 5 activities the client names, each 0 to 10");
    if (!total)
        return total.error();
    return Score{total->value / static_cast<double>(activities.size()), std::string(psfs_version)};
}

Result<Score> score_sbi(const std::vector<int>& items)
{
    auto total = items_in_range(items, 4, 4, 6, "sbi", "4 items, each 0 to 6");
    if (!total)
        return total.error();
    return Score{total->value, std::string(sbi_version)};
}

std::string_view to_string(MedicationUse use)
{
    switch (use) {
    case MedicationUse::none: return "none";
    case MedicationUse::less: return "less";
    case MedicationUse::same: return "same";
    case MedicationUse::more: return "more";
    }
    return "same";
}

Result<MedicationUse> parse_medication(std::string_view text)
{
    for (auto use : {MedicationUse::none, MedicationUse::less, MedicationUse::same, MedicationUse::more})
        if (to_string(use) == text)
            return use;
    return invalid("medication: '" + std::string(text) + "' is not none, less, same or more (compared with the start)",
                   "medication");
}

const ImprovementRule& Thresholds::rule(Measure measure) const
{
    switch (measure) {
    case Measure::odi: return odi;
    case Measure::psfs: return psfs;
    case Measure::sbi: return sbi;
    default: return nprs;
    }
}

Change change_from_baseline(Measure measure, double baseline, double latest, const Thresholds& thresholds)
{
    Change c;
    c.baseline = baseline;
    c.latest = latest;
    c.improvement = higher_is_better(measure) ? latest - baseline : baseline - latest;
    if (baseline > 0)
        c.percent = c.improvement * 100.0 / baseline;
    const auto& rule = thresholds.rule(measure);
    const bool by_points = rule.points > 0 && c.improvement >= rule.points - tolerance;
    const bool by_percent = rule.percent > 0 && c.percent && *c.percent >= rule.percent - tolerance;
    // A measure already at its best (pain 0 at baseline) has nothing to improve.
    c.meaningful = c.improvement > 0 && (by_points || by_percent);
    return c;
}

bool no_improvement(int sessions_scored, const Change& primary, const Thresholds& thresholds)
{
    return sessions_scored >= thresholds.flag_after_sessions && !primary.meaningful;
}

double shown(double value)
{
    return std::round(value * 10.0) / 10.0;
}

} // namespace fascia::notes
