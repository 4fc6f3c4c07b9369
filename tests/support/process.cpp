#include "process.h"

#include <fascia/crypto.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fascia::test {

SpawnImage::SpawnImage(const std::string& program, const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env)
{
    std::map<std::string, std::string> merged;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        if (const auto eq = kv.find('='); eq != std::string::npos)
            merged[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& [k, v] : env) {
        if (v.empty())
            merged.erase(k);
        else
            merged[k] = v;
    }
    for (const auto& [k, v] : merged)
        env_strings_.push_back(k + "=" + v);
    for (auto& s : env_strings_)
        envp_.push_back(s.data());
    envp_.push_back(nullptr);
    argv_strings_.push_back(program);
    argv_strings_.insert(argv_strings_.end(), args.begin(), args.end());
    for (auto& s : argv_strings_)
        argv_.push_back(s.data());
    argv_.push_back(nullptr);
}

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, const std::string& stdin_text)
{
    const SpawnImage image(program, args, env);

    int in[2], out[2], err[2];
    if (pipe(in) || pipe(out) || pipe(err))
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
        posix_spawn_file_actions_addclose(&actions, fd);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, image.argv(), image.envp());
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    // Write stdin fully, then read both streams until they close.
    std::size_t written = 0;
    while (written < stdin_text.size()) {
        const auto n = write(in[1], stdin_text.data() + written, stdin_text.size() - written);
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    close(in[1]);
    ProcessResult result;
    std::array<pollfd, 2> fds{{{out[0], POLLIN, 0}, {err[0], POLLIN, 0}}};
    int open_streams = 2;
    char buf[65536];
    while (open_streams > 0) {
        if (poll(fds.data(), fds.size(), -1) < 0)
            break;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            const auto n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_streams;
            } else {
                (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string make_temp_dir(const std::string& prefix)
{
    auto base = std::filesystem::temp_directory_path() / ("fascia-test-" + prefix + "-XXXXXX");
    std::string pattern = base.string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    return pattern;
}

std::string file_sha256(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return sha256_hex(ss.str());
}

} // namespace fascia::test
