#pragma once
// Runs the real `fascia` against <temp>/clinic.db as a person would, with the
// clock pinned (FASCIA_TEST_NOW) and nothing from the user's own environment:
// what every module's end-to-end CLI tests start from (docs/MODULES.md, "Tests").
#include "process.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace fascia::test {

class ModuleCliTest : public ::testing::Test {
protected:
    /// prefix names the temp folder ("vouchers" → /tmp/vouchers-XXXX).
    explicit ModuleCliTest(std::string prefix) : prefix_(std::move(prefix)) {}

    void SetUp() override
    {
        dir = make_temp_dir(prefix_);
        db = dir + "/clinic.db";
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
};

} // namespace fascia::test
