#pragma once
// Sync in one process for a module's tests: the fixture's clinic is the
// authority and two desks (clinics in memory with the same extensions and
// clock) are enrolled with it, messages passed directly as fascia-syncd would
// pass them in TLS frames. What a module's "two offline desks" tests start
// from (docs/MODULES.md, "Tests").
#include <fascia/clinic.h>
#include <fascia/sync.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace fascia::test {

/// Fixture (a ModuleTest or a module's own fixture) with members `extensions`,
/// `clock` and `clinic`, plus an authority on `clinic` and two enrolled desks
/// `a` and `b` that have not synced yet.
template <class Fixture>
class TwoDesksSync : public Fixture {
protected:
    /// A desk: its own clinic and the replica that syncs it.
    struct Desk {
        std::unique_ptr<Clinic> clinic;
        std::unique_ptr<sync::Replica> replica;
        std::string device, token; ///< what enrolment gave it
    };

    /// The fixture's SetUp, then the authority and both desks enrolled (fatal failure if
    /// either cannot save its enrolment: check HasFatalFailure() after).
    void SetUp() override
    {
        Fixture::SetUp();
        if (this->HasFatalFailure())
            return;
        authority = std::make_unique<sync::Authority>(*this->clinic);
        for (auto* desk : {&a, &b}) {
            desk->clinic = std::move(*Clinic::open_in_memory(this->extensions, this->clock));
            desk->replica = std::make_unique<sync::Replica>(*desk->clinic);
            std::string connection;
            const auto enrolled = authority->handle(
                {{"type", "enroll"}, {"code", *authority->create_enroll_code(std::string(64, 'e'))}}, connection);
            desk->device = boost::json::value_to<std::string>(enrolled.at("device"));
            desk->token = boost::json::value_to<std::string>(enrolled.at("token"));
            ASSERT_TRUE(desk->replica->save_enrollment("in-process", desk->device, desk->token, ""));
        }
    }

    /// One sync round of `desk` over one connection (hello first): its report, or why it failed.
    Result<sync::RoundReport> round(Desk& desk)
    {
        std::string connection;
        authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}},
                          connection);
        return desk.replica->run_round([&](const boost::json::object& m) -> Result<boost::json::object> {
            return authority->handle(m, connection);
        });
    }

    /// Each desk holds one offline change that conflicts with the other's: syncs a, then b,
    /// and expects a's accepted and b's refused; then syncs a again, so that both desks end
    /// on the authority's state.
    void expect_first_to_sync_wins()
    {
        const auto first = round(a);
        ASSERT_TRUE(first) << "desk a: " << first.error().message;
        EXPECT_EQ(first->accepted, 1) << "desk a synced first: its change stands";
        const auto second = round(b);
        ASSERT_TRUE(second) << "desk b: " << second.error().message;
        EXPECT_EQ(second->refused, 1) << "desk b's change conflicts with a's: the authority refuses it";
        const auto again = round(a);
        ASSERT_TRUE(again) << "desk a, again: " << again.error().message;
    }

    std::unique_ptr<sync::Authority> authority;
    Desk a, b;
};

} // namespace fascia::test
