// The interval algebra behind every availability question: each operation is
// one sweep over two sorted lists, so a week of a clinic costs microseconds.
#include <fascia/scheduling/intervals.h>

#include <algorithm>

namespace fascia::scheduling {

Intervals::Intervals(std::vector<Interval> items)
{
    std::erase_if(items, [](const Interval& i) { return i.empty(); });
    std::sort(items.begin(), items.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
    for (const auto& i : items) {
        // Touching intervals merge: [9,10) and [10,11) are one free hour-pair, not two.
        if (!items_.empty() && i.start <= items_.back().end)
            items_.back().end = std::max(items_.back().end, i.end);
        else
            items_.push_back(i);
    }
}

Intervals Intervals::operator|(const Intervals& other) const
{
    std::vector<Interval> all = items_;
    all.insert(all.end(), other.items_.begin(), other.items_.end());
    return Intervals(std::move(all));
}

Intervals Intervals::operator&(const Intervals& other) const
{
    Intervals out;
    auto a = items_.begin();
    auto b = other.items_.begin();
    while (a != items_.end() && b != other.items_.end()) {
        const Interval both{std::max(a->start, b->start), std::min(a->end, b->end)};
        if (!both.empty())
            out.items_.push_back(both);
        // Advance whichever ends first; the other may still meet the next one.
        if (a->end < b->end)
            ++a;
        else
            ++b;
    }
    return out;
}

Intervals Intervals::operator-(const Intervals& other) const
{
    Intervals out;
    auto b = other.items_.begin();
    for (const auto& a : items_) {
        Instant from = a.start;
        // Skip what ends before this interval starts; it cannot cut this or any later one.
        while (b != other.items_.end() && b->end <= from)
            ++b;
        auto cut = b;
        while (cut != other.items_.end() && cut->start < a.end) {
            if (cut->start > from)
                out.items_.push_back({from, cut->start});
            from = std::max(from, cut->end);
            if (cut->end > a.end)
                break; // it reaches into the next interval too: keep it for that one
            ++cut;
        }
        if (from < a.end)
            out.items_.push_back({from, a.end});
        b = cut;
    }
    return out;
}

Intervals Intervals::widened(std::chrono::milliseconds before, std::chrono::milliseconds after) const
{
    std::vector<Interval> grown;
    grown.reserve(items_.size());
    for (const auto& i : items_)
        grown.push_back({i.start - before, i.end + after});
    return Intervals(std::move(grown));
}

bool Intervals::covers(const Interval& span) const
{
    if (span.empty())
        return true;
    // The last interval starting at or before span.start is the only candidate.
    auto it = std::upper_bound(items_.begin(), items_.end(), span.start,
                               [](Instant t, const Interval& i) { return t < i.start; });
    return it != items_.begin() && std::prev(it)->contains(span);
}

bool Intervals::intersects(const Interval& span) const
{
    if (span.empty())
        return false;
    auto it = std::upper_bound(items_.begin(), items_.end(), span.start,
                               [](Instant t, const Interval& i) { return t < i.start; });
    if (it != items_.begin() && std::prev(it)->overlaps(span))
        return true;
    return it != items_.end() && it->overlaps(span);
}

} // namespace fascia::scheduling
