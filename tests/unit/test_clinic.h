#pragma once
// A fresh in-memory clinic with the core's commands, an owner and a pinned clock.
#include <fascia/clients.h>
#include <fascia/clinic.h>
#include <fascia/extensions.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace fascia::test {

inline Instant at(const char* text)
{
    return *parse_instant(text);
}

/// "First Last" of each client search_clients finds for query, sorted.
inline std::vector<std::string> found_names(Database& db, std::string_view query)
{
    std::vector<std::string> out;
    for (const auto& c : search_clients(db, query))
        out.push_back(c.first_name + " " + c.last_name);
    std::sort(out.begin(), out.end());
    return out;
}

class ClinicTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        register_core(extensions);
        auto opened = Clinic::open_in_memory(extensions, clock);
        ASSERT_TRUE(opened) << opened.error().message;
        clinic = std::move(*opened);
        auto owner = bus().execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""});
        ASSERT_TRUE(owner) << owner.error().message;
    }

    CommandBus& bus() { return clinic->bus(); }
    Database& db() { return clinic->db(); }

    std::int64_t count(const std::string& table)
    {
        auto q = db().query("SELECT count(*) FROM " + table);
        q.step();
        return q.integer(0);
    }

    Result<CommandOutcome> add_client(const std::string& first, const std::string& last,
                                      const std::string& dob = "1980-05-01", std::string key = {})
    {
        return bus().execute({"clients.create",
                              {{"first_name", first}, {"last_name", last}, {"date_of_birth", dob}},
                              "owner",
                              std::move(key)});
    }

    FixedClock clock{at("2026-11-22T09:00:00Z")};
    Extensions extensions;
    std::unique_ptr<Clinic> clinic;
};

} // namespace fascia::test
