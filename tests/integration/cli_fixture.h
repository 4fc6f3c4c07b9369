#pragma once
// Runs the real `fascia` binary against a database in a fresh temp folder.
#include "process.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace fascia::test {

class CliTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = make_temp_dir("cli");
        db = dir + "/clinic.db";
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    /// fascia --db <db> args..., with HOME and XDG_DATA_HOME pointing into the temp dir.
    ProcessResult fascia(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                         const std::string& input = {})
    {
        args.insert(args.begin(), {"--db", db});
        env.emplace("HOME", dir);
        env.emplace("XDG_DATA_HOME", dir + "/data");
        env.emplace("FASCIA_DB", "");
        env.emplace("FASCIA_USER", "");
        return run_process(FASCIA_CLI, args, env, input);
    }

    /// Runs with --json and parses stdout (fails the test if it is not JSON).
    boost::json::value fascia_json(std::vector<std::string> args, int expected_exit = 0)
    {
        args.push_back("--json");
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, expected_exit) << r.err;
        boost::system::error_code ec;
        auto v = boost::json::parse(r.out, ec);
        EXPECT_FALSE(ec) << "not JSON: " << r.out << r.err;
        return v;
    }

    std::string dir, db;
};

} // namespace fascia::test
