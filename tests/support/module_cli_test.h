#pragma once
// Runs the real `fascia` against <temp>/clinic.db as a person would, with the
// clock pinned (FASCIA_TEST_NOW) and nothing from the user's own environment:
// what every module's end-to-end CLI tests start from (docs/MODULES.md, "Tests").
#include "process.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <latch>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fascia::test {

class ModuleCliTest : public ::testing::Test {
protected:
    /// What each test starts from: no clinic yet, or the one `fascia demo` makes.
    enum class Start { empty, demo };

    /// prefix names the temp folder ("vouchers" → /tmp/vouchers-XXXX).
    explicit ModuleCliTest(std::string prefix, Start start = Start::empty)
        : prefix_(std::move(prefix)), start_(start)
    {
    }

    /// A fresh temp folder; with Start::demo, `fascia demo` run in it (a fatal failure if it fails).
    void SetUp() override
    {
        dir = make_temp_dir(prefix_);
        db = dir + "/clinic.db";
        if (start_ == Start::demo) {
            const auto r = fascia({"demo"});
            ASSERT_EQ(r.exit_code, 0) << r.err;
        }
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    /// fascia --db <db> args... at the pinned instant `now`, with `input` on stdin.
    ProcessResult fascia(std::vector<std::string> args, const std::string& input = {}) const
    {
        args.insert(args.begin(), {"--db", db});
        return run_process(FASCIA_CLI, args, environment(), input);
    }

    /// Same, at another instant (expiry tests).
    ProcessResult fascia_at(const std::string& instant, std::vector<std::string> args)
    {
        const std::string saved = now;
        now = instant;
        auto r = fascia(std::move(args));
        now = saved;
        return r;
    }

    /// Starts `processes` runs of `fascia --db <db> args_of(i)...` (i from 0) at the same
    /// moment, one thread each released together, and waits for all: their results, by i.
    std::vector<ProcessResult> fascia_at_once(int processes,
                                              const std::function<std::vector<std::string>(int)>& args_of) const
    {
        std::vector<ProcessResult> results(static_cast<std::size_t>(processes));
        std::latch start(processes);
        std::vector<std::thread> threads;
        const auto env = environment();
        for (int i = 0; i < processes; ++i) {
            auto args = args_of(i);
            args.insert(args.begin(), {"--db", db});
            threads.emplace_back([&, i, words = std::move(args)] {
                start.arrive_and_wait(); // every process starts together
                results[static_cast<std::size_t>(i)] = run_process(FASCIA_CLI, words, env);
            });
        }
        for (auto& t : threads)
            t.join();
        return results;
    }

    /// The database file's bytes, to show that a refused or bad command changed nothing.
    std::string bytes() const
    {
        std::ifstream f(db, std::ios::binary);
        std::ostringstream s;
        s << f.rdbuf();
        return s.str();
    }

    /// The environment `fascia` runs with: the temp folder as home, no clinic, user or
    /// plugin path of the person running the tests, and the pinned clock.
    std::map<std::string, std::string> environment() const
    {
        return {{"HOME", dir},
                {"XDG_DATA_HOME", dir + "/data"},
                {"FASCIA_DB", ""},
                {"FASCIA_USER", ""},
                {"FASCIA_PLUGIN_PATH", ""},
                {"FASCIA_TEST_NOW", now}};
    }

    /// Parses stdout as JSON, failing the test (with stderr) if it is not.
    static boost::json::value parsed(const ProcessResult& r)
    {
        boost::system::error_code ec;
        auto v = boost::json::parse(r.out, ec);
        EXPECT_FALSE(ec) << "stdout is not JSON: " << r.out << "\nstderr: " << r.err;
        return v;
    }

    /// The {"error": {...}} a --json command printed on stderr.
    static boost::json::object error_of(const ProcessResult& r)
    {
        boost::system::error_code ec;
        auto v = boost::json::parse(r.err, ec);
        EXPECT_FALSE(ec) << "stderr is not JSON: " << r.err;
        return ec ? boost::json::object{} : v.at("error").as_object();
    }

    /// `fascia init` (the owner is "owner"), then `fascia staff add USERNAME --role ROLE`
    /// for each of staff; each must work.
    void init_clinic(std::initializer_list<std::pair<const char*, const char*>> staff = {})
    {
        const auto r = fascia({"init"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        for (const auto& [username, role] : staff)
            add_staff(username, role);
    }

    /// `fascia staff add USERNAME --role ROLE`; it must work.
    void add_staff(const std::string& username, const std::string& role)
    {
        const auto r = fascia({"staff", "add", username, "--role", role});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    /// Writes value as a JSON file in the temp folder; its path.
    std::string write(const std::string& name, const boost::json::value& value) const
    {
        const std::string path = dir + "/" + name;
        std::ofstream(path) << boost::json::serialize(value);
        return path;
    }

    std::string dir, db;
    std::string now = "2026-11-22T09:00:00Z"; ///< FASCIA_TEST_NOW for the next run

private:
    std::string prefix_;
    Start start_;
};

} // namespace fascia::test
