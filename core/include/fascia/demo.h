#pragma once
/// The demo clinic: realistic staff, services and clients for trying Fascia
/// out and for benchmarks. Modules add their own data as DemoSteps.
#include <fascia/clinic.h>
#include <fascia/export.h>

#include <array>

namespace fascia {

/// Every demo user's password (printed by `fascia demo`; never use it for real data).
inline constexpr const char* demo_password = "fascia-demo";

/// Common UK first names and surnames (with their accents) that a demo of more than
/// the 40 standard clients draws from; the benchmarks generate clients from them too.
inline constexpr std::array<const char*, 40> demo_first_names{
    "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow",
    "Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Emily", "Ada",
    "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry",
    "Theodore", "Freddie", "Jack", "Charlie", "Finley", "Thomas", "Alfie", "Lucas", "William", "Zoë"};
/// The surnames to go with demo_first_names.
inline constexpr std::array<const char*, 40> demo_last_names{
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis",
    "Rodríguez", "Cox", "Alexander", "Morgan", "Moore", "Mills", "King", "Ward", "Price", "Bell",
    "Núñez"};

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
