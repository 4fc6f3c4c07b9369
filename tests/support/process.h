#pragma once
// Runs a program the way a person or script would, for end-to-end tests of
// `fascia`: arguments, extra environment, optional stdin; captures both
// streams and the exit code.
#include <map>
#include <string>
#include <vector>

namespace fascia::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs program with args (not through a shell). env entries are added to (or
/// replace) the current environment; an empty value removes the variable.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_text = {});

/// What posix_spawn needs to start program with args: argv (program first) and the
/// environment (the current one, with env's entries added or replaced; an empty
/// value removes the variable), as null-terminated arrays. It owns the strings the
/// arrays point into, so it stays where it was made.
class SpawnImage {
public:
    SpawnImage(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env);
    SpawnImage(const SpawnImage&) = delete;
    SpawnImage& operator=(const SpawnImage&) = delete;
    char* const* argv() const { return argv_.data(); }
    char* const* envp() const { return envp_.data(); }

private:
    std::vector<std::string> argv_strings_, env_strings_;
    std::vector<char*> argv_, envp_;
};

/// A fresh empty directory under the system temporary folder.
std::string make_temp_dir(const std::string& prefix);

/// SHA-256 of a file's bytes (to prove a command left a file untouched).
std::string file_sha256(const std::string& path);

} // namespace fascia::test
