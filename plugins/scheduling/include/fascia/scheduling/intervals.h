#pragma once
/// Availability as interval algebra: a normalised, sorted set of disjoint
/// half-open intervals [start, end) of UTC instants, with union, intersection
/// and difference, each one linear sweep. After Odoo's resource `Intervals`
/// (addons/resource/models/utils.py). Pure: no Qt, no database, no time zone.
#include <fascia/clock.h>

#include <initializer_list>
#include <vector>

namespace fascia::scheduling {

/// One half-open span of time [start, end); empty when end <= start.
struct Interval {
    Instant start; ///< first instant inside
    Instant end;   ///< first instant after
    bool empty() const { return end <= start; }
    /// True when the two share any instant (touching ends do not).
    bool overlaps(const Interval& o) const { return start < o.end && o.start < end; }
    /// True when `o` lies wholly inside this one.
    bool contains(const Interval& o) const { return start <= o.start && o.end <= end; }
    friend bool operator==(const Interval&, const Interval&) = default;
};

/// A set of instants kept as sorted, disjoint, non-touching, non-empty
/// intervals: touching or overlapping inputs merge, empty ones vanish.
class Intervals {
public:
    Intervals() = default;
    /// Normalises any list (unsorted, overlapping, empty items allowed).
    Intervals(std::vector<Interval> items);
    Intervals(std::initializer_list<Interval> items) : Intervals(std::vector<Interval>(items)) {}

    /// Every instant in either set.
    Intervals operator|(const Intervals& other) const;
    /// Every instant in both sets.
    Intervals operator&(const Intervals& other) const;
    /// Every instant in this set and not in `other`.
    Intervals operator-(const Intervals& other) const;

    /// Each interval grown by `before` at its start and `after` at its end
    /// (a therapist's bookings widened by the buffer), normalised again.
    Intervals widened(std::chrono::milliseconds before, std::chrono::milliseconds after) const;
    /// True when `span` lies wholly inside one interval of the set.
    bool covers(const Interval& span) const;
    /// True when some interval of the set shares an instant with `span`.
    bool intersects(const Interval& span) const;

    const std::vector<Interval>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    friend bool operator==(const Intervals&, const Intervals&) = default;

private:
    std::vector<Interval> items_;
};

} // namespace fascia::scheduling
