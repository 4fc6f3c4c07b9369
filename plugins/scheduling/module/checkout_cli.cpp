// `fascia schedule checkout|refund|receipt|balance|today` and `fascia clients
// balance`: writes through the command bus (so --key makes a retry apply once),
// reads straight from the database. The receipt PDF goes through fascia::pdf,
// which loads Qt only when a PDF is written.
#include "checkout.h"

#include <fascia/money.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace fascia::scheduling {

namespace json = boost::json;

namespace {

/// "card:45.00", "voucher:CODE" or "voucher:CODE:30.00" → a payments[] item.
json::object payment_of(const std::string& text)
{
    const auto bad = [&] {
        reject(invalid("--pay: '" + text + "' is not METHOD:AMOUNT (cash, card, transfer) or voucher:CODE[:AMOUNT],"
                       " e.g. --pay card:45.00 --pay voucher:FAS-7KQ2-M9XD-43TR-P:30.00",
                       "pay"));
    };
    const auto first = text.find(':');
    if (first == std::string::npos || first == 0 || first + 1 == text.size())
        bad();
    // "CARD:5" and "Voucher:..." are what people type: the method in any case.
    auto method = text.substr(0, first);
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto rest = text.substr(first + 1);
    if (method != "voucher")
        return {{"method", method}, {"amount", rest}};
    const auto second = rest.find(':');
    if (second == std::string::npos)
        return {{"method", method}, {"code", rest}};
    if (second == 0 || second + 1 == rest.size())
        bad();
    return {{"method", method}, {"code", rest.substr(0, second)}, {"amount", rest.substr(second + 1)}};
}

int answer(CliInvocation& run, const Result<CommandOutcome>& outcome, const char* what)
{
    if (!outcome)
        return cli::report(run, outcome.error());
    return cli::print(run, outcome->result, [&](std::ostream& out) {
        const auto& b = outcome->result.as_object();
        const std::string due = b.at("due").as_string().c_str(), currency = b.at("currency").as_string().c_str();
        // A session still to come is paid then: after a full refund its price is not owed now
        // (`fascia clients balance` says 0.00), so do not print it as a debt.
        const auto owed = Money::parse(due, currency);
        const auto* at_session = b.if_contains("due_at_session"); // not in answers kept from before it existed
        const bool later = at_session && at_session->is_bool() && at_session->get_bool() && owed && owed->minor > 0;
        const auto text = [](const json::value& v) { return std::string(v.as_string().c_str()); };
        // What this command moved first (a refund's own amount, not the running total), then the bill.
        out << what;
        if (const auto* now = b.if_contains("refunded_now"))
            out << ' ' << text(*now) << ' ' << currency << " now";
        else if (const auto* paid_now = b.if_contains("paid_now")) {
            // With --also the payments were split across appointments: say the whole amount
            // taken, then how it was split, not just this appointment's part of it.
            const auto* also = b.if_contains("also");
            auto taken = Money::parse(text(*paid_now), currency);
            std::string split;
            if (also && taken)
                for (const auto& a : also->as_array())
                    if (const auto* part = a.as_object().if_contains("paid_now")) {
                        const auto money = Money::parse(text(*part), currency);
                        if (money)
                            taken->minor += money->minor;
                        split += ", " + text(*part) + " to " + text(a.at("appointment_id"));
                    }
            if (split.empty())
                out << ' ' << text(*paid_now) << ' ' << currency << " now";
            else
                out << ' ' << taken->amount_text() << ' ' << currency << " now (" << text(*paid_now)
                    << " to this appointment" << split << ")";
        }
        out << ": charge " << text(b.at("charge")) << ", paid " << text(b.at("paid")) << ", refunded "
            << text(b.at("refunded")) << " in all, "
            << (later ? due + ' ' + currency + " due at the session" : "due " + due + ' ' + currency)
            << (outcome->replayed ? " (already done with this key)" : "") << '\n';
        if (const auto* also = b.if_contains("also"))
            for (const auto& a : also->as_array()) {
                const auto* paid_now = a.as_object().if_contains("paid_now"); // not in answers kept from before it
                const bool reached = !paid_now || text(*paid_now) != Money{0, currency}.amount_text();
                out << "  also appointment " << text(a.at("appointment_id")) << ": ";
                if (!reached)
                    out << "these payments did not reach it; " << text(a.at("due")) << ' ' << currency
                        << " is still due\n";
                else
                    out << (paid_now ? text(*paid_now) : text(a.at("paid"))) << ' ' << currency << " paid, "
                        << text(a.at("due")) << ' ' << currency << " still due\n";
            }
    });
}

/// An appointment's status as people write it ("no_show" is a "no-show"); JSON keeps the code.
std::string status_words(const json::value& status)
{
    const std::string s(status.as_string());
    return s == "no_show" ? "no-show" : s;
}

Clinic& reading(CliInvocation& run)
{
    auto clinic = cli::open_as_staff(run);
    if (!clinic)
        throw Failure(clinic.error());
    return **clinic;
}

/// The client of `schedule balance` and `clients balance`: each takes the id as a word
/// or as --client (people type either, having used the other command).
struct BalanceOf {
    std::optional<std::string> word, option;
    void add_to(CLI::App& cmd)
    {
        cmd.add_option("id", word, "Client id (or --client ID)");
        cmd.add_option("--client", option, "Client id (or give it as a word)");
    }
    std::string client() const
    {
        if (word && option && *word != *option)
            throw Failure(invalid("--client: two clients given (" + *word + " and " + *option + "): give one",
                                  "client"));
        if (!word && !option)
            throw Failure(invalid("--client: say whose balance, e.g. `fascia clients balance ID` (`fascia clients"
                                  " find NAME` shows a client's id)",
                                  "client"));
        return word ? *word : *option;
    }
};

int print_balance(CliInvocation& run, const std::string& client)
{
    auto& clinic = reading(run);
    const auto b = client_balance(clinic.db(), client, run.clock().now());
    return cli::print(run, b, [&](std::ostream& out) {
        out << "Owes " << b.at("owed").as_string().c_str() << ' ' << b.at("currency").as_string().c_str()
            << ", owed back " << b.at("credit").as_string().c_str() << '\n';
        for (const auto& a : b.at("appointments").as_array()) {
            const auto& x = a.as_object();
            out << "  " << std::string(x.at("start").as_string().c_str()).substr(0, 16) << "  "
                << x.at("service").as_string().c_str() << "  " << status_words(x.at("status")) << "  due "
                << x.at("due").as_string().c_str() << "  credit " << x.at("credit").as_string().c_str() << '\n';
        }
    });
}

} // namespace

void add_checkout_cli(CLI::App& app, CliInvocation& run, cli::Action& action)
{
    struct Options {
        std::string id, key;
        std::vector<std::string> pay, also;
        std::optional<std::string> amount, reason, pdf;
    };
    auto o = std::make_shared<Options>();

    auto* checkout = app.add_subcommand("checkout", "Take payment for an appointment, split across methods");
    checkout->add_option("id", o->id, "Appointment id")->required();
    checkout->add_option("--pay", o->pay,
                         "A payment: cash:AMOUNT, card:AMOUNT, transfer:AMOUNT or voucher:CODE[:AMOUNT] (a voucher"
                         " without an amount pays what it can of what is due); repeat to split")
        ->required();
    checkout->add_option("--also", o->also,
                         "Another appointment of the same client whose due (a late-cancellation or no-show fee)"
                         " these payments also take, after this one's; repeat for more");
    cli::key_option(checkout, o->key);
    cli::on_run(checkout, action, [&run, o]() -> int {
        json::array payments;
        for (const auto& p : o->pay)
            payments.push_back(payment_of(p));
        json::object payload{{"id", o->id}, {"payments", payments}};
        if (!o->also.empty())
            payload["also"] = json::array(o->also.begin(), o->also.end());
        return answer(run, cli::execute(run, "scheduling.checkout", payload, o->key), "Paid");
    });

    auto* refund = app.add_subcommand("refund", "Refund an appointment's payments the way they came");
    refund->add_option("id", o->id, "Appointment id")->required();
    refund->add_option("--amount", o->amount, "How much (default: all that can go back)");
    refund->add_option("--reason", o->reason, "Why, for the record");
    cli::key_option(refund, o->key);
    cli::on_run(refund, action, [&run, o]() -> int {
        json::object p{{"id", o->id}};
        cli::put(p, "amount", o->amount);
        cli::put(p, "reason", o->reason);
        return answer(run, cli::execute(run, "scheduling.refund", p, o->key), "Refunded");
    });

    auto* receipt = app.add_subcommand("receipt", "An appointment's receipt (what a health insurer asks for)");
    receipt->add_option("id", o->id, "Appointment id")->required();
    receipt->add_option("--pdf", o->pdf, "Also write the receipt as a PDF to this file (A5, for a health insurer)");
    cli::on_run(receipt, action, [&run, o]() -> int {
        auto& clinic = reading(run);
        const auto deps = dependencies_of(clinic.extensions());
        auto r = receipt_json(clinic.db(), deps.vetting, o->id);
        if (o->pdf) {
            if (auto written = pdf::write(receipt_document(r), *o->pdf); !written)
                return cli::report(run, written.error());
            r["pdf"] = *o->pdf;
        }
        return cli::print(run, r, [&](std::ostream& out) {
            out << receipt_text(r);
            if (o->pdf)
                out << "Written to " << *o->pdf << '\n';
        });
    });

    auto* today = app.add_subcommand("today", "Today's appointments in the clinic's time zone, paid or not");
    cli::on_run(today, action, [&run]() -> int {
        auto& clinic = reading(run);
        const auto t = today_list(clinic.db(), run.clock().now());
        return cli::print(run, t, [&](std::ostream& out) {
            out << t.at("date").as_string().c_str() << " (" << t.at("zone").as_string().c_str() << ")\n";
            if (t.at("appointments").as_array().empty())
                out << "  No appointments.\n";
            for (const auto& a : t.at("appointments").as_array()) {
                const auto& x = a.as_object();
                out << "  " << std::string(x.at("start").as_string().c_str()).substr(11, 5) << "  " << x.at("therapist").as_string().c_str()
                    << "  " << x.at("service").as_string().c_str() << "  " << status_words(x.at("status")) << "  "
                    << (x.at("paid").as_bool() ? std::string("paid") : "due " + std::string(x.at("due").as_string().c_str()))
                    << "  [" << x.at("id").as_string().c_str() << "]\n";
            }
        });
    });

    auto* balance = app.add_subcommand("balance", "What a client owes (fees, unpaid sessions) and is owed back"
                                                  " (also `fascia clients balance ID`)");
    auto whose = std::make_shared<BalanceOf>();
    whose->add_to(*balance);
    cli::on_run(balance, action, [&run, whose]() -> int { return print_balance(run, whose->client()); });
}

int run_clients_balance(CliInvocation& run)
{
    CLI::App app{"What a client owes (late cancellation and no-show fees, unpaid sessions) and is owed back.\n"
                 "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.",
                 "fascia clients balance"};
    BalanceOf whose;
    whose.add_to(app);
    cli::Action action = [&run, &whose]() -> int { return print_balance(run, whose.client()); };
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::scheduling
