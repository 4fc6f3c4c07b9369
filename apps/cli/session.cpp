#include "session.h"

#include <fascia/signing.h>
#include <fascia/staff.h>

#include <cstdlib>
#include <iostream>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

namespace fascia::cli {

std::unique_ptr<Clock> make_clock()
{
#ifdef FASCIA_TEST_HOOKS
    // Only in builds made for tests (CMake option FASCIA_TEST_HOOKS): an installed
    // fascia must not let anyone who can set a variable date a command at will.
    if (const char* pinned = std::getenv("FASCIA_TEST_NOW"); pinned && *pinned)
        if (auto at = parse_instant(pinned))
            return std::make_unique<FixedClock>(*at);
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
