// Interval estimates for the outcomes report (docs/REPORTS.md): Wilson's score
// interval for a share, Student's t for a mean.
#include "contributions.h"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <numeric>

namespace fascia::reporting {

namespace {
/// The 97.5th percentile of the standard normal distribution.
constexpr double z_95 = 1.959963984540054;
} // namespace

Interval wilson_95(int successes, int n)
{
    const double p = static_cast<double>(successes) / n;
    const double z2 = z_95 * z_95;
    const double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
    const double half = z_95 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return {centre - half, centre + half};
}

double mean(const std::vector<double>& values)
{
    if (values.empty())
        return 0;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

Interval mean_95(const std::vector<double>& values)
{
    const auto n = static_cast<double>(values.size());
    const double m = mean(values);
    double squares = 0;
    for (const double v : values)
        squares += (v - m) * (v - m);
    const double sd = std::sqrt(squares / (n - 1));
    const boost::math::students_t t(n - 1);
    const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * sd / std::sqrt(n);
    return {m - half, m + half};
}

} // namespace fascia::reporting
