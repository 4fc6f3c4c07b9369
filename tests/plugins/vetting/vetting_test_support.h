#pragma once
// Shared by the vetting tests that read the module's own types.
#include "rules.h"

#include <fascia/clock.h>

#include <string>
#include <vector>

namespace fascia::vetting::test {

/// A date written YYYY-MM-DD (the test's own, so always valid).
inline Date day(const char* text)
{
    return *parse_date(text);
}

/// The codes of reasons, in order.
inline std::vector<std::string> codes(const std::vector<Reason>& reasons)
{
    std::vector<std::string> out;
    for (const auto& r : reasons)
        out.push_back(r.code);
    return out;
}

} // namespace fascia::vetting::test
