#pragma once
// A module in-process, registered exactly as its plugin registers it, on a
// clinic in memory with a clock the test moves: what every module's own tests
// start from (docs/MODULES.md, "Tests"). The command handlers run through the
// real bus (roles, audit, one transaction) and the services as other modules
// call them.
#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace fascia::test {

/// One staff member for ModuleTest::add_staff.
struct StaffMember {
    StaffMember(std::string username_, std::string role_, std::string display_name_ = {})
        : username(std::move(username_)), role(std::move(role_)), display_name(std::move(display_name_))
    {
    }
    std::string username;     ///< "priya"
    std::string role;         ///< "owner", "admin", "front_desk" or "therapist"
    std::string display_name; ///< empty: the username
};

class ModuleTest : public ::testing::Test {
protected:
    /// Registers the core, then `contribute` into a PluginContext for plugin `id`
    /// (as the plugin's initialize does; a test may add its own commands there too),
    /// merges, and opens `clinic` in memory on `clock`. Fails the test (fatally) on a
    /// clash or when the clinic does not open: check HasFatalFailure() after.
    void load_module(const std::string& id, const std::function<void(PluginContext&)>& contribute)
    {
        register_core(extensions);
        PluginContext context(id, extensions);
        contribute(context);
        auto merged = extensions.merge(std::move(context.staged()));
        ASSERT_TRUE(merged) << merged.error().message;
        auto opened = Clinic::open_in_memory(extensions, clock);
        ASSERT_TRUE(opened) << opened.error().message;
        clinic = std::move(*opened);
    }

    /// Adds staff with staff.create: the first as clinic set-up (no actor yet, so it
    /// must be the owner "owner"), the others as "owner". Each must be created.
    void add_staff(std::initializer_list<StaffMember> staff)
    {
        bool first = true;
        for (const auto& s : staff) {
            boost::json::object p{{"username", s.username}, {"role", s.role}};
            if (!s.display_name.empty())
                p["display_name"] = s.display_name;
            must("staff.create", std::move(p), first ? "" : "owner");
            first = false;
        }
    }

    /// Runs a command through the bus: its outcome, or the error it was refused with.
    Result<CommandOutcome> execute(std::string type, boost::json::object payload, std::string actor = "owner",
                                   std::string key = {})
    {
        return clinic->bus().execute({std::move(type), std::move(payload), std::move(actor), std::move(key)});
    }

    /// Runs a command that must succeed; its result (null, and the test fails, if refused).
    boost::json::value must(const std::string& type, boost::json::object payload, std::string actor = "owner",
                            std::string key = {})
    {
        auto r = execute(type, std::move(payload), std::move(actor), std::move(key));
        EXPECT_TRUE(r) << type << ": " << r.error().message;
        return r ? r->result : boost::json::value();
    }

    /// The service registered under a versioned id ("fascia.vouchers/1"), or nullptr.
    template <class Service>
    Service* service_at(std::string_view id) const
    {
        return extensions.services.get<Service>(id);
    }

    Database& db() { return clinic->db(); }

    /// Rows in a table.
    std::int64_t count(const std::string& table)
    {
        auto q = db().query("SELECT count(*) FROM " + table);
        q.step();
        return q.integer(0);
    }

    Extensions extensions;
    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    std::unique_ptr<Clinic> clinic;
};

} // namespace fascia::test
