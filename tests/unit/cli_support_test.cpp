// How every `fascia` command words a usage error, in-process through cli::run_app (the
// one place CLI11's errors become exit 2): the option named in the message and, with
// --json, as "option"; a sentence a person reads instead of CLI11's "Could not convert".
#include <fascia/cli_support.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace fascia::cli {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// A command line with --json on or off, its output captured; it has no clinic.
class Invocation final : public CliInvocation {
public:
    Invocation(std::vector<std::string> words, bool as_json) : args_(std::move(words)), json_(as_json) {}
    const std::vector<std::string>& args() const override { return args_; }
    bool json() const override { return json_; }
    std::ostream& out() override { return out_; }
    std::ostream& err() override { return err_; }
    std::istream& in() override { return in_; }
    Result<Clinic*> clinic() override { return io_error("no clinic in this test"); }
    Result<std::string> actor() override { return std::string("maria"); }
    const Clock& clock() const override { return clock_; }

    std::string err_text() const { return err_.str(); }
    /// The {"error": {...}} printed on stderr.
    json::object error() const { return json::parse(err_.str()).at("error").as_object(); }

private:
    std::vector<std::string> args_;
    bool json_;
    std::ostringstream out_, err_;
    std::istringstream in_;
    SystemClock clock_;
};

/// `fascia schedule find`-like: --count (a whole number), a required --start, --per-week.
struct Parsed {
    int exit_code = 0;
    bool ran = false;
    Invocation invocation;

    explicit Parsed(std::vector<std::string> words, bool as_json = true, std::function<int()> body = {})
        : invocation([&] {
              words.insert(words.begin(), "fascia schedule");
              return words;
          }(),
                     as_json)
    {
        CLI::App app{"test", "fascia schedule"};
        auto* find = app.add_subcommand("find", "The next free slots");
        std::optional<int> count, per_week;
        std::string start;
        find->add_option("--count", count, "How many");
        find->add_option("--per-week", per_week, "Sessions a week");
        find->add_option("--start", start, "Start")->required();
        exit_code = run_app(app, invocation, [&] {
            ran = true;
            return body ? body() : 0;
        });
    }
};

TEST(cli_usage_errors, ANumberThatIsNotWholeNamesItsOptionInWords)
{
    Parsed r({"find", "--start", "x", "--count", "abc"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_FALSE(r.ran);
    const auto e = r.invocation.error();
    EXPECT_EQ(e.at("option"), "--count");
    EXPECT_EQ(e.at("kind"), "invalid_input");
    EXPECT_THAT(std::string(e.at("message").as_string()), StartsWith("--count: 'abc' is not a whole number"));
    EXPECT_THAT(std::string(e.at("message").as_string()), HasSubstr("`fascia schedule find --help`"));
}

TEST(cli_usage_errors, ANumberTooLargeSaysSo)
{
    Parsed r({"find", "--start", "x", "--count", "99999999999999999999"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.invocation.error().at("option"), "--count");
    EXPECT_THAT(std::string(r.invocation.error().at("message").as_string()),
                StartsWith("--count: '99999999999999999999' is too large a number"));
}

TEST(cli_usage_errors, AnUnknownOptionIsTheOption)
{
    Parsed r({"find", "--start", "x", "--bogus"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.invocation.error().at("option"), "--bogus");
    EXPECT_THAT(std::string(r.invocation.error().at("message").as_string()), StartsWith("--bogus: no such option"));
}

TEST(cli_usage_errors, AMissingRequiredOptionIsNamed)
{
    Parsed r({"find"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.invocation.error().at("option"), "--start");
    EXPECT_THAT(std::string(r.invocation.error().at("message").as_string()),
                StartsWith("--start: missing; this command needs it"));
}

TEST(cli_usage_errors, AnOptionWithoutItsValueIsNamed)
{
    Parsed r({"find", "--start"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.invocation.error().at("option"), "--start");
    EXPECT_THAT(std::string(r.invocation.error().at("message").as_string()), StartsWith("--start: needs a value"));
}

TEST(cli_usage_errors, TextModeSaysTheSameSentence)
{
    Parsed r({"find", "--start", "x", "--count", "abc"}, false);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.invocation.err_text(), StartsWith("fascia: --count: 'abc' is not a whole number"));
}

TEST(cli_payload_errors, SessionsPerWeekIsTheOptionPerWeek)
{
    Parsed r({"find", "--start", "x", "--per-week", "0"}, true, [] () -> int {
        throw Failure(invalid("sessions_per_week: an acute course is 2 to 3 sessions a week", "sessions_per_week"));
    });
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.invocation.error().at("option"), "--per-week");
    EXPECT_THAT(std::string(r.invocation.error().at("message").as_string()), StartsWith("--per-week: an acute"));
}

TEST(cli_payload_errors, TheDatabaseFieldIsTheOptionDb)
{
    Invocation run({"fascia"}, true);
    EXPECT_EQ(report(run, invalid("/etc/passwd is not a Fascia database. Check the --db path.", "db")), 2);
    EXPECT_EQ(run.error().at("option"), "--db");
    EXPECT_EQ(run.error().at("field"), "db");
}

} // namespace
} // namespace fascia::cli
