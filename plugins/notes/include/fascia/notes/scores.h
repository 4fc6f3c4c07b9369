#pragma once
/// Outcome measures scored by their published rules, and the clinic's rule for
/// a meaningful improvement. Pure: no database, no Qt; every score carries the
/// version of the rule it was scored with, so a stored score is re-read the
/// same way after a rule changes.
#include <fascia/error.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::notes {

/// The measures a session note may carry.
enum class Measure {
    nprs_now,   ///< pain now, 0–10 (lower is better)
    nprs_worst, ///< worst pain in the past week, 0–10 (lower is better)
    odi,        ///< Oswestry Disability Index, 0–100 % (lower is better)
    psfs,       ///< Patient-Specific Functional Scale, mean 0–10 (higher is better)
    sbi,        ///< Sciatica Bothersomeness Index, 0–24 (lower is better)
};

/// "nprs_now", "nprs_worst", "odi", "psfs", "sbi".
std::string_view to_string(Measure measure);
/// The measure a name means, if any.
std::optional<Measure> parse_measure(std::string_view name);
/// Every measure, in the order above.
const std::vector<Measure>& all_measures();
/// True for PSFS (a rise is better); false for the others (a fall is better).
bool higher_is_better(Measure measure);

/// A scored measure.
struct Score {
    double value = 0;    ///< NPRS points, ODI percent, PSFS mean, SBI total (unrounded)
    std::string version; ///< the rule it was scored with, e.g. "odi/2.1a"
};

/// Rule versions stored with each score.
inline constexpr std::string_view nprs_version = "nprs/11-point";
inline constexpr std::string_view odi_version = "odi/2.1a";
inline constexpr std::string_view psfs_version = "psfs/1995";
inline constexpr std::string_view sbi_version = "sbi/1995";

/// NPRS (11-point numeric rating scale): a whole number 0 (no pain) to 10 (worst
/// imaginable). invalid_input naming `field` otherwise.
Result<Score> score_nprs(int value, std::string_view field = "nprs");

/// Oswestry Disability Index v2.1a (Fairbank & Pynsent, Spine 2000;25:2940–52):
/// 10 sections each 0–5 (nullopt: not answered); score = sum ÷ (5 × sections
/// answered) × 100, so a missing section lowers the denominator. At most one
/// section may be missing. E.g. 16 of 45 (one missing) = 35.6 %.
/// invalid_input (field "odi") for the wrong count, a value outside 0–5, or two missing.
Result<Score> score_odi(const std::vector<std::optional<int>>& sections);

/// Patient-Specific Functional Scale (Stratford et al., Physiotherapy Canada
/// 1995;47:258–63): 3–5 activities the client names, each 0 (unable) to 10 (as
/// before the problem); the score is their mean. invalid_input (field "psfs") otherwise.
Result<Score> score_psfs(const std::vector<int>& activities);

/// Sciatica Bothersomeness Index (Patrick et al., Spine 1995;20:1899–908;
/// Grøvle et al., Spine 2010): 4 items (numbness or tingling in the leg, foot or
/// groin; weakness in the leg or foot; back or leg pain; pain on sitting), each
/// 0–6; the total 0–24. invalid_input (field "sbi") otherwise.
Result<Score> score_sbi(const std::vector<int>& items);

/// Pain-medication use compared with the start of care.
enum class MedicationUse { none, less, same, more };
/// "none", "less", "same", "more".
std::string_view to_string(MedicationUse use);
/// invalid_input (field "medication") for anything else.
Result<MedicationUse> parse_medication(std::string_view text);

/// What counts as a meaningful improvement for one measure: a change of at least
/// `points` or at least `percent` of the baseline, each ignored when 0. The
/// defaults are clinic settings (see Thresholds).
struct ImprovementRule {
    double points = 0;
    double percent = 0;
};

/// The clinic's improvement rules and flag. Defaults (common clinical
/// thresholds): NPRS a fall of ≥2 points or ≥30 % (Farrar et al., Pain 2001);
/// ODI ≥10 points or ≥30 % (Ostelo et al., Spine 2008); PSFS a rise of ≥2
/// points (Stratford 1995); SBI a fall of ≥30 %. No meaningful improvement on
/// the primary measure after `flag_after_sessions` sessions flags the client.
struct Thresholds {
    ImprovementRule nprs{2, 30};
    ImprovementRule odi{10, 30};
    ImprovementRule psfs{2, 0};
    ImprovementRule sbi{0, 30};
    Measure primary = Measure::nprs_now;
    int flag_after_sessions = 4;

    /// The rule for a measure (both NPRS measures share one).
    const ImprovementRule& rule(Measure measure) const;
};

/// Change from a baseline to a later score.
struct Change {
    double baseline = 0;
    double latest = 0;
    double improvement = 0;         ///< in the measure's better direction (positive = better), points
    std::optional<double> percent;  ///< improvement as % of the baseline; none when the baseline is 0
    bool meaningful = false;        ///< reaches the rule's points or percent
};

/// The change from baseline to latest for a measure, by the clinic's rule.
Change change_from_baseline(Measure measure, double baseline, double latest, const Thresholds& thresholds);

/// The no-improvement flag: true when at least `thresholds.flag_after_sessions`
/// sessions have been scored on the primary measure and the latest is not a
/// meaningful improvement on the baseline.
bool no_improvement(int sessions_scored, const Change& primary, const Thresholds& thresholds);

/// A score rounded to one decimal place for showing (35.5556 → 35.6).
double shown(double value);

} // namespace fascia::notes
