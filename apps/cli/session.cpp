#include "session.h"

#include <fascia/staff.h>

#include <cstdlib>
#include <pwd.h>
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

Result<Clinic*> Session::open(OpenMode mode)
{
    if (!clinic_) {
        auto opened = Clinic::open(database_path_, host_.extensions(), *clock_, mode);
        if (!opened)
            return opened.error();
        clinic_ = std::move(*opened);
    }
    return clinic_.get();
}

Result<std::string> Session::actor()
{
    // Local use trusts the operating-system account that can open the file (as
    // psql's peer authentication does); --as says which Fascia user acts.
    if (options_.as)
        return *options_.as;
    if (const char* env = std::getenv("FASCIA_USER"); env && *env)
        return std::string(env);
    auto clinic = open(OpenMode::existing);
    if (!clinic)
        return clinic.error();
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
