#pragma once
// The core's CLI subcommands. Each add_* registers its subcommands on app;
// the chosen one stores what to run in `action` (run after parsing).
#include "session.h"

#include <CLI/CLI.hpp>

#include <functional>

namespace fascia::cli {

using Action = std::function<int()>;

void add_clinic_commands(CLI::App& app, Session& session, Action& action);  // init demo status plugins audit settings
void add_record_commands(CLI::App& app, Session& session, Action& action);  // clients staff services
void add_sync_commands(CLI::App& app, Session& session, Action& action);    // sync enroll|run|watch|status|dismiss
void add_backup_commands(CLI::App& app, Session& session, Action& action);  // backup restore

/// Prints an outcome's result as JSON or as the given sentence; returns 0,
/// or reports the error and returns its exit code.
int finish(Session& session, const Result<CommandOutcome>& outcome, const std::string& sentence);
/// Reports an error (text or JSON on stderr) and returns its exit code.
int fail(Session& session, const Error& error);

} // namespace fascia::cli
