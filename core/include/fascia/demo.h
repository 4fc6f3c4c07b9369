#pragma once
/// The demo clinic: realistic staff, services and clients for trying Fascia
/// out and for benchmarks. Modules add their own data as DemoSteps.
#include <fascia/clinic.h>
#include <fascia/export.h>

namespace fascia {

/// Every demo user's password (printed by `fascia demo`; never use it for real data).
inline constexpr const char* demo_password = "fascia-demo";

/// What `fascia demo` made.
struct DemoSummary {
    int staff = 0;
    int services = 0;
    int clients = 0;
};

/// Fills an empty clinic (refused if it already has clients) through the
/// command bus, then runs every module's demo step.
FASCIA_CORE_EXPORT Result<DemoSummary> build_demo_clinic(Clinic& clinic, const DemoOptions& options);

} // namespace fascia
