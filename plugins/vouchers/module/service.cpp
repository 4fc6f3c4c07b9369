// fascia.vouchers/1 and the module's contributions. No exception leaves the
// service: other plugins get error values.
#include "contributions.h"
#include "ledger.h"
#include "reports.h"
#include "voucher_code.h"

#include <fascia/module_support.h>

#include <boost/json.hpp>

namespace fascia::vouchers {

namespace {

template <class Body>
auto guarded(Body&& body)
{
    return fascia::guarded("vouchers", std::forward<Body>(body));
}

class Service final : public VoucherService {
public:
    CodeCheck check_code(std::string_view typed) const override { return vouchers::check_code(typed); }

    std::string new_code() const override { return generate_code(); }

    std::chrono::year_month_day clinic_date(Database& db, Instant at) const override
    {
        try {
            return vouchers::clinic_date(db, at);
        } catch (const std::exception&) {
            return utc_date(at);
        }
    }

    int default_term_months(Database& db) const override
    {
        try {
            return term_months(db);
        } catch (const std::exception&) {
            return default_term;
        }
    }

    Result<Voucher> find(Database& db, std::string_view code, std::chrono::year_month_day today) const override
    {
        return guarded([&]() -> Result<Voucher> {
            const auto canonical = canonical_code(code);
            auto v = find_voucher(db, canonical, today);
            if (!v)
                return not_found("not found: no voucher has the code " + canonical);
            return *v;
        });
    }

    Result<std::vector<Voucher>> list(Database& db, std::chrono::year_month_day today,
                                      std::string_view status) const override
    {
        return guarded([&]() -> Result<std::vector<Voucher>> {
            static const std::vector<std::string_view> statuses{"active", "redeemed", "refunded", "expired", "void"};
            if (!status.empty() && std::find(statuses.begin(), statuses.end(), status) == statuses.end())
                return invalid("status: '" + std::string(status)
                                   + "' is not a status (active, redeemed, refunded, expired or void)",
                               "status");
            auto all = list_vouchers(db, today);
            if (!status.empty())
                std::erase_if(all, [&](const Voucher& v) { return v.status != status; });
            return all;
        });
    }

    Result<Liability> liability(Database& db, std::chrono::year_month_day as_of) const override
    {
        return guarded([&]() -> Result<Liability> { return liability_report(db, as_of); });
    }

    Result<Breakage> breakage(Database& db, std::chrono::year_month_day from,
                              std::chrono::year_month_day to) const override
    {
        return guarded([&]() -> Result<Breakage> { return breakage_report(db, from, to); });
    }

    Result<Activity> activity(Database& db, std::chrono::year_month_day from, std::chrono::year_month_day to,
                              std::string_view by) const override
    {
        return guarded([&]() -> Result<Activity> { return activity_report(db, from, to, by); });
    }

    Result<Redemption> redeem(CommandContext& context, const boost::json::object& payload) const override
    {
        return guarded([&]() -> Result<Redemption> { return redeem_inside(context, payload); });
    }

    Result<Redemption> reverse(CommandContext& context, const std::string& redemption_entry_id,
                               std::int64_t amount_minor, const std::string& reason) const override
    {
        return guarded(
            [&]() -> Result<Redemption> { return reverse_inside(context, redemption_entry_id, amount_minor, reason); });
    }
};

} // namespace

const std::vector<Role>& report_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin};
    return roles;
}

std::shared_ptr<VoucherService> make_service()
{
    return std::make_shared<Service>();
}

void contribute(PluginContext& context)
{
    context.add_migrations(vouchers_plugin::migrations());
    context.add_setting({
        .key = std::string(term_setting),
        .label = "Months a gift voucher stays valid (12 is common in the UK; Australian law requires at least 36)",
        .default_value = default_term,
        .minimum = 1,
        .maximum = 120,
        .country_rule = term_rule,
    });
    add_client_merge_step(context);
    context.add_setting({
        .key = std::string(max_face_setting),
        .label = "Largest face value a voucher may be sold for, in minor units (pence, cents)",
        .default_value = default_max_face_minor,
        .minimum = 100,
        .maximum = 100'000'000,
    });
    add_commands(context);
    context.add_cli_command({
        .name = "voucher",
        .summary = "Gift vouchers: sell, redeem, refund, void, extend; liability and breakage",
        .run = run_cli,
    });
    // Held as the interface type, so a consumer's static_cast from void* is exact.
    std::shared_ptr<VoucherService> service = make_service();
    context.add_service(std::string(service_id), std::move(service));
    context.add_demo_step({.name = "gift vouchers", .run = add_demo_vouchers});
}

} // namespace fascia::vouchers
