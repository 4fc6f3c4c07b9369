#include "session.h"

#include <fascia/signing.h>
#include <fascia/staff.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

namespace fascia::cli {

#ifdef FASCIA_TEST_HOOKS
namespace {

/// FASCIA_TEST_NOW written as the CLI's own date-time options are
/// (2026-11-30T09:50:00Z, 2026-11-30T09:50+00:00, 2026-11-30T09:50:00.000-05:00).
/// Only "...Z" with seconds used to be read, and anything else silently left
/// the system clock running: `schedule precheck` then said "too early" on the
/// session's pinned day (found in the new-user tryout).
std::optional<Instant> pinned_instant(std::string_view text)
{
    if (auto at = parse_instant(text))
        return at;
    if (text.size() < 17 || text[10] != 'T')
        return std::nullopt;
    std::chrono::minutes offset{0};
    std::string_view clock;
    if (text.back() == 'Z') {
        clock = text.substr(11, text.size() - 12);
    } else {
        const auto zone = text.substr(text.size() - 6);
        int h = 0, m = 0;
        if ((zone[0] != '+' && zone[0] != '-') || zone[3] != ':'
            || std::from_chars(zone.data() + 1, zone.data() + 3, h).ec != std::errc()
            || std::from_chars(zone.data() + 4, zone.data() + 6, m).ec != std::errc())
            return std::nullopt;
        offset = std::chrono::minutes{(zone[0] == '-' ? -1 : 1) * (h * 60 + m)};
        clock = text.substr(11, text.size() - 17);
    }
    const std::string utc = std::string(text.substr(0, 11)) + std::string(clock) + (clock.size() == 5 ? ":00Z" : "Z");
    const auto wall = parse_instant(utc);
    if (!wall)
        return std::nullopt;
    return *wall - offset;
}

} // namespace
#endif

std::unique_ptr<Clock> make_clock()
{
#ifdef FASCIA_TEST_HOOKS
    // Only in builds made for tests (CMake option FASCIA_TEST_HOOKS): an installed
    // fascia must not let anyone who can set a variable date a command at will.
    if (const char* pinned = std::getenv("FASCIA_TEST_NOW"); pinned && *pinned) {
        if (auto at = pinned_instant(pinned))
            return std::make_unique<FixedClock>(*at);
        std::cerr << "fascia: FASCIA_TEST_NOW='" << pinned
                  << "' is not a date-time like 2026-11-30T09:50:00Z or 2026-11-30T09:50+00:00; the clock is "
                     "not pinned\n";
    }
#endif
    return std::make_unique<SystemClock>();
}

Session::Session(GlobalOptions options, std::vector<std::string> args)
    : options_(std::move(options)), args_(std::move(args)), clock_(make_clock()),
      host_(PluginHost::default_folders()),
      database_path_(options_.db ? *options_.db : default_database_path())
{
    register_core(host_.extensions());
    host_.load_all();
}

std::string read_password(const std::string& prompt, bool from_stdin)
{
    std::string typed;
    if (!from_stdin)
        std::cerr << prompt << std::flush;
    // Echo stays on when not typing at a terminal.
    const bool terminal = !from_stdin && isatty(0);
    termios saved{};
    if (terminal) {
        tcgetattr(0, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(0, TCSANOW, &quiet);
    }
    std::getline(std::cin, typed);
    if (terminal) {
        tcsetattr(0, TCSANOW, &saved);
        std::cerr << '\n';
    }
    return typed;
}

Result<Clinic*> Session::open(OpenMode mode)
{
    if (!clinic_) {
        auto opened = Clinic::open(database_path_, host_.extensions(), *clock_, mode);
        if (!opened)
            return opened.error();
        clinic_ = std::move(*opened);
        if (mode != OpenMode::read_only)
            // Asked for only when a command is about to be signed, never for reads.
            clinic_->bus().set_signer([this](const Command& command, std::string_view payload) -> Result<std::string> {
                if (!signer_) {
                    auto made = make_signer(command.actor);
                    if (!made)
                        return made.error();
                    signer_ = std::move(*made);
                }
                return signer_(command, payload);
            });
    }
    return clinic_.get();
}

Result<CommandBus::Signer> Session::make_signer(const std::string& actor)
{
    auto& db = clinic_->db();
    const auto device = enrolled_device(db);
    const auto sealed = device ? newest_signing_key(db, actor) : std::nullopt;
    if (!sealed && device && signing_enabled(db))
        return keyless_signer(actor); // the server would refuse every command of theirs
    if (!sealed) // not enrolled (local trust), or a clinic that does not sign yet
        return CommandBus::Signer([](const Command&, std::string_view) -> Result<std::string> { return std::string(); });
    if (!options_.password_stdin && !isatty(0))
        return invalid("this desk syncs with the clinic's server, which accepts only signed commands: give "
                           + actor + "'s password with --signing-password-stdin (or run at a terminal)",
                       "password");
    // Says whose password and why: `staff password` on an enrolled desk asks for the new
    // password first, then this one (README, "Sync").
    const std::string password = read_password(
        actor + "'s own current password, to sign this change for the clinic's server: ", options_.password_stdin);
    auto key = unseal_signing_key(*sealed, password);
    if (!key)
        return key.error();
    return session_signer(actor, *device, std::make_shared<SigningKey>(std::move(*key)));
}

Result<std::string> Session::actor()
{
    // Local use trusts the operating-system account that can open the file (as
    // psql's peer authentication does); --as says which Fascia user acts.
    const char* env = std::getenv("FASCIA_USER");
    const bool from_env = !options_.as && env && *env;
    auto clinic = open(OpenMode::existing);
    if (!clinic)
        return clinic.error();
    if (options_.as || from_env) {
        // A name typed for who acts that is nobody on the staff is a typo, bad input
        // (exit 2), not a rule's refusal; a deactivated member is refused by the bus.
        const std::string named = options_.as ? *options_.as : std::string(env);
        if (const auto member = find_staff((*clinic)->db(), named); !member || member->username != named)
            return invalid(std::string(from_env ? "FASCIA_USER" : "--as") + ": no staff member '" + named
                               + "'; `fascia staff list` shows who there is",
                           "as");
        return named;
    }
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name)
        if (auto member = find_staff((*clinic)->db(), pw->pw_name); member && member->active)
            return member->username;
    std::vector<std::string> owners;
    for (const auto& m : list_staff((*clinic)->db()))
        if (m.role == Role::owner && m.active)
            owners.push_back(m.username);
    if (owners.size() == 1)
        return owners.front();
    return invalid("say which Fascia user you are with --as USER (or FASCIA_USER)", "as");
}

Result<CommandOutcome> Session::execute(std::string type, boost::json::object payload, std::string key)
{
    auto clinic = open(OpenMode::existing);
    if (!clinic)
        return clinic.error();
    auto who = actor();
    if (!who)
        return who.error();
    return (*clinic)->bus().execute({std::move(type), std::move(payload), *who, std::move(key)});
}

} // namespace fascia::cli
