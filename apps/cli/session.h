#pragma once
// One run of `fascia`: the plugins, the clock, the database chosen by --db
// and the user chosen by --as, opened only when a command needs them.
#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin_host.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fascia::cli {

struct GlobalOptions {
    std::optional<std::filesystem::path> db; ///< --db
    std::optional<std::string> as;           ///< --as
    bool json = false;                       ///< --json
    bool password_stdin = false;             ///< --signing-password-stdin
};

/// Reads a password: the first line of standard input when from_stdin, else at the
/// terminal with echo off after printing prompt on stderr.
std::string read_password(const std::string& prompt, bool from_stdin);

class Session final : public CliInvocation {
public:
    Session(GlobalOptions options, std::vector<std::string> args);

    PluginHost& host() { return host_; }
    const std::filesystem::path& database_path() const { return database_path_; }
    /// Opens (creating when allowed) the clinic database.
    Result<Clinic*> open(OpenMode mode);
    /// Closes the clinic database (its files can then be removed); open() opens it again.
    void close()
    {
        signer_ = {};
        clinic_.reset();
    }
    /// Runs a command as the acting user.
    Result<CommandOutcome> execute(std::string type, boost::json::object payload, std::string key = {});
    void set_args(std::vector<std::string> args) { args_ = std::move(args); }

    const std::vector<std::string>& args() const override { return args_; }
    bool json() const override { return options_.json; }
    std::ostream& out() override { return std::cout; }
    std::ostream& err() override { return std::cerr; }
    std::istream& in() override { return std::cin; }
    Result<Clinic*> clinic() override { return open(OpenMode::existing); }
    Result<std::string> actor() override;
    const Clock& clock() const override { return *clock_; }

private:
    /// The signer for the actor's commands: on an enrolled desk whose actor has a signing
    /// key, asks for the password once and unseals the key; elsewhere signs nothing.
    Result<CommandBus::Signer> make_signer(const std::string& actor);
    GlobalOptions options_;
    CommandBus::Signer signer_;
    std::vector<std::string> args_;
    std::unique_ptr<Clock> clock_;
    PluginHost host_; // declared before clinic_: plugins outlive the clinic using them
    std::filesystem::path database_path_;
    std::unique_ptr<Clinic> clinic_;
};

/// FASCIA_TEST_NOW=2026-11-22T09:00:00Z pins the clock (end-to-end tests of
/// expiry rules) in builds with FASCIA_TEST_HOOKS only; otherwise the system clock.
std::unique_ptr<Clock> make_clock();

} // namespace fascia::cli
