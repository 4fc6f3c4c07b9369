#include "commands.h"

#include <fascia/cli_support.h>

namespace fascia::cli {

int fail(Session& session, const Error& error)
{
    return report(session, error);
}

int finish(Session& session, const Result<CommandOutcome>& outcome, const std::string& sentence)
{
    if (!outcome)
        return fail(session, outcome.error());
    if (session.json())
        print_json(session, outcome->result);
    else
        session.out() << sentence << (outcome->replayed ? " (already applied earlier; nothing changed)" : "")
                      << '\n';
    return 0;
}

} // namespace fascia::cli
