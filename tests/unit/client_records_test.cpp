// Client records (issue 12): the clinic's country, phone numbers in E.164,
// search by any written form of a number or a name, emails, and merging.
#include "test_clinic.h"

#include <fascia/clients.h>
#include <fascia/locale.h>

#include <boost/json.hpp>

using namespace fascia;
using fascia::test::ClinicTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

class ClientRecords : public ClinicTest {
protected:
    /// Adds a client and returns the id (fails the test on an error).
    std::string add(const std::string& first, const std::string& last, const std::string& phone = "",
                    const std::string& email = "", const std::string& dob = "1985-06-15")
    {
        boost::json::object p{{"first_name", first}, {"last_name", last}, {"date_of_birth", dob}};
        if (!phone.empty())
            p["phone"] = phone;
        if (!email.empty())
            p["email"] = email;
        auto r = bus().execute({"clients.create", p, "owner"});
        EXPECT_TRUE(r) << r.error().message;
        return r ? std::string(r->result.at("id").as_string()) : "";
    }
    void set_country(const std::string& country)
    {
        auto r = bus().execute({"settings.update", {{"country", country}}, "owner"});
        ASSERT_TRUE(r) << r.error().message;
    }
    std::vector<std::string> names(std::string_view query) { return test::found_names(db(), query); }
};

} // namespace

TEST_F(ClientRecords, TheCountryComesFromTheTimeZoneUntilItIsSet)
{
    EXPECT_EQ(clinic_country(db()), "GB"); // a new clinic is in Europe/London
    ASSERT_TRUE(bus().execute({"settings.update", {{"time_zone", "Australia/Sydney"}}, "owner"}));
    EXPECT_EQ(clinic_country(db()), "AU");
    set_country("nz");
    EXPECT_EQ(clinic_country(db()), "NZ");
    EXPECT_EQ(clinic->settings().country, "NZ");
    auto bad = bus().execute({"settings.update", {{"country", "UK"}}, "owner"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(bad.error().message, HasSubstr("two-letter country code"));
}

TEST_F(ClientRecords, TheCountrySetsTheDateOrder)
{
    EXPECT_EQ(date_order_for("GB"), DateOrder::dmy);
    EXPECT_EQ(date_order_for("AU"), DateOrder::dmy);
    EXPECT_EQ(date_order_for("NZ"), DateOrder::dmy);
    EXPECT_EQ(date_order_for("IE"), DateOrder::dmy);
    EXPECT_EQ(date_order_for("US"), DateOrder::mdy);
    using namespace std::chrono;
    EXPECT_EQ(format_date_in_order(year{1980} / 4 / 5, DateOrder::dmy), "05/04/1980");
    EXPECT_EQ(format_date_in_order(year{1980} / 4 / 5, DateOrder::mdy), "04/05/1980");
}

TEST_F(ClientRecords, DatesAreReadInTheClinicsOrderAndNeverGuessed)
{
    using namespace std::chrono;
    EXPECT_EQ(*parse_date_in_order("05/04/1980", DateOrder::dmy), year{1980} / 4 / 5);
    EXPECT_EQ(*parse_date_in_order("05/04/1980", DateOrder::mdy), year{1980} / 5 / 4);
    EXPECT_EQ(*parse_date_in_order("5.4.1980", DateOrder::dmy), year{1980} / 4 / 5);
    EXPECT_EQ(*parse_date_in_order("1980-04-05", DateOrder::mdy), year{1980} / 4 / 5);
    const auto two_digit = parse_date_in_order("05/04/80", DateOrder::dmy);
    ASSERT_FALSE(two_digit);
    EXPECT_THAT(two_digit.error().message, HasSubstr("two-digit year"));
    const auto impossible = parse_date_in_order("31/02/1980", DateOrder::dmy);
    ASSERT_FALSE(impossible);
    EXPECT_THAT(impossible.error().message, HasSubstr("no day 31"));
    const auto month_first = parse_date_in_order("04/13/1980", DateOrder::dmy);
    ASSERT_FALSE(month_first);
    EXPECT_THAT(month_first.error().message, HasSubstr("no month 13"));
    const auto serial = parse_date_in_order("29316", DateOrder::dmy);
    ASSERT_FALSE(serial);
    EXPECT_THAT(serial.error().message, HasSubstr("day number"));
}

TEST_F(ClientRecords, AGbNumberIsStoredInE164BesideWhatWasTypedAndShownNationally)
{
    const auto id = add("Zoë", "Smith", "+44 7700 900123");
    const auto c = find_client(db(), id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->phone, "+44 7700 900123");
    EXPECT_EQ(c->phone_e164, "+447700900123");
    EXPECT_EQ(format_phone(c->phone_e164, "GB"), "07700 900123");
    EXPECT_EQ(format_phone(c->phone_e164, "AU"), "+44 7700 900123");
}

TEST_F(ClientRecords, AGbClientIsFoundByEveryWayOfWritingTheNumber)
{
    add("Zoë", "Smith", "+44 7700 900123");
    add("Tom", "Hardy", "020 7946 0991");
    for (const char* typed : {"07700900123", "07700 900 123", "7700900123", "+447700900123", "+44 7700 900123",
                              "0044 7700 900123", "(07700) 900-123", "07700.900.123", "900123", "0900123",
                              "07700 9"})
        EXPECT_THAT(names(typed), ElementsAre("Zoë Smith")) << typed;
    EXPECT_THAT(names("020 7946"), ElementsAre("Tom Hardy"));
    EXPECT_THAT(names("00123"), IsEmpty()) << "five digits are not enough to match the end of a number";
}

TEST_F(ClientRecords, ATrunkZeroInBracketsInsideAnInternationalNumberIsLeftOut)
{
    const auto id = add("Ravi", "Patel", "+44 (0) 7701 900111");
    EXPECT_EQ(find_client(db(), id)->phone_e164, "+447701900111");
    add("Zoë", "Smith", "+44 7700 900123");
    for (const char* typed : {"+44 (0) 7701 900111", "+44(0)7701900111", "07701 900111", "900111"})
        EXPECT_THAT(names(typed), ElementsAre("Ravi Patel")) << typed;
    EXPECT_THAT(names("+44 (0) 7700 900123"), ElementsAre("Zoë Smith"));
}

TEST_F(ClientRecords, ANumberWrittenWithItsTrunkZeroOrPastedFromAPageIsFound)
{
    add("Zoë", "Smith", "07700 900000");
    add("Ravi", "Patel", "+44 7701 900111");
    // The trunk 0 after +44 with or without brackets and spaces; pasted with
    // no-break spaces, an en dash or full-width characters; slashes and square brackets.
    for (const char* typed : {"+44 (0)7700 900000", "+44(0)7700 900000", "+44 07700 900000", "+4407700900000",
                              "+44 (07700) 900000", "+44 [0]7700 900000", "+44 (0)7700/900000",
                              "+44\u00a0(0)7700\u00a0900000", "07700\u2013900000", "\uff0b44 7700 900000",
                              "\uff10\uff17\uff17\uff10\uff10 900000", "+44 (0)7700 9", "+44 07700 9"})
        EXPECT_THAT(names(typed), ElementsAre("Zoë Smith")) << typed;
    EXPECT_THAT(names("+44 (0)7701"), ElementsAre("Ravi Patel")) << "a beginning written with the trunk zero";
}

TEST_F(ClientRecords, TheNumberAsTypedComesBeforeNumbersThatOnlyEndTheSame)
{
    // Zoë has the number typed; Aaron's is a German mobile that ends in the same ten digits.
    const auto zoe = add("Zoë", "Smith", "07700 900123");
    add("Aaron", "Able", "+49 177 00900123");
    const auto found = search_clients(db(), "7700 900123");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found.front().id, zoe) << "the exact E.164 match first, whatever the names";
    EXPECT_THAT(names("900123"), ElementsAre("Aaron Able", "Zoë Smith"));
    EXPECT_THAT(names("00123"), IsEmpty()) << "no ending is matched from fewer than six digits";
}

TEST_F(ClientRecords, AnAustralianClinicReadsNumbersAsAustralian)
{
    set_country("AU");
    const auto mobile = add("Mia", "Nguyen", "0412 345 678");
    add("Jack", "Wilson", "(02) 9876 5432");
    add("Zoë", "Smith", "+44 7700 900123");
    EXPECT_EQ(find_client(db(), mobile)->phone_e164, "+61412345678");
    EXPECT_EQ(format_phone("+61412345678", "AU"), "0412 345 678");
    EXPECT_EQ(format_phone("+61298765432", "AU"), "(02) 9876 5432");
    for (const char* typed : {"0412345678", "0412 345 678", "+61 412 345 678", "61412345678", "412 345 678",
                              "345678", "0412-345-678"})
        EXPECT_THAT(names(typed), ElementsAre("Mia Nguyen")) << typed;
    EXPECT_THAT(names("02 9876 5432"), ElementsAre("Jack Wilson"));
    EXPECT_THAT(names("(02) 98765432"), ElementsAre("Jack Wilson"));
    EXPECT_THAT(names("+44 7700 900123"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("07700 900123"), IsEmpty()) << "an Australian clinic reads 07700 as Australian";
}

TEST_F(ClientRecords, AnInvalidNumberIsBadInputWithTheReason)
{
    for (const auto& [typed, why] : std::vector<std::pair<std::string, std::string>>{
             {"12345", "not a number in use"},
             {"call me", "not a phone number"},
             {"4.47701E+11", "scientific notation"},
             {"0770090012345678", "too long"}}) {
        auto r = bus().execute({"clients.create",
                                {{"first_name", "A"}, {"last_name", "B"}, {"date_of_birth", "1990-01-01"},
                                 {"phone", typed}},
                                "owner"});
        ASSERT_FALSE(r) << typed;
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << typed;
        EXPECT_EQ(r.error().field, "phone") << typed;
        EXPECT_THAT(r.error().message, HasSubstr(why)) << typed;
    }
    EXPECT_EQ(count("clients"), 0);
}

TEST_F(ClientRecords, AChangedNumberIsFoundByTheNewNumberOnly)
{
    const auto id = add("Zoë", "Smith", "07700 900123");
    ASSERT_TRUE(bus().execute({"clients.update", {{"id", id}, {"phone", "07700 900777"}}, "owner"}));
    EXPECT_THAT(names("07700900777"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("07700900123"), IsEmpty());
    ASSERT_TRUE(bus().execute({"clients.update", {{"id", id}, {"phone", ""}}, "owner"}));
    EXPECT_EQ(find_client(db(), id)->phone_e164, "");
    EXPECT_THAT(names("900777"), IsEmpty());
}

TEST_F(ClientRecords, NameSearchIgnoresApostrophesHyphensAndSpaces)
{
    add("Siobhán", "O'Brien");
    add("Aoife", "D'Arcy-Smith");
    add("Cian", "O\u2019Connor"); // typed with a curly apostrophe
    for (const char* typed : {"obrien", "o brien", "O'Brien", "o\u2019brien", "OBRIEN", "siobhan obrien"})
        EXPECT_THAT(names(typed), ElementsAre("Siobhán O'Brien")) << typed;
    for (const char* typed : {"darcysmith", "darcy smith", "d'arcy-smith", "darcy-smith", "DArcy", "smith"})
        EXPECT_THAT(names(typed), ElementsAre("Aoife D'Arcy-Smith")) << typed;
    for (const char* typed : {"oconnor", "o'connor", "o connor"})
        EXPECT_THAT(names(typed), ElementsAre("Cian O\u2019Connor")) << typed;
}

TEST_F(ClientRecords, EmailsAreTrimmedAllowAnApostropheAndAreFoundWithoutCase)
{
    const auto id = add("Seán", "O'Neil", "", "  Sean.O'Neil@Example.com ");
    EXPECT_EQ(find_client(db(), id)->email, "Sean.O'Neil@Example.com");
    EXPECT_THAT(names("sean.o'neil@example"), ElementsAre("Seán O'Neil"));
    EXPECT_THAT(names("SEAN.O"), ElementsAre("Seán O'Neil"));
    auto bad = bus().execute({"clients.update", {{"id", id}, {"email", "sean at example"}}, "owner"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "email");
}

TEST_F(ClientRecords, MergeKeepsOneRecordAndMarksTheOther)
{
    const auto keep = add("Zoë", "Smith", "07700 900123");
    const auto other = add("Zoe", "Smith", "", "zoe@example.com", "1985-06-16");
    std::vector<std::string> moved_for;
    extensions.client_merge_steps.push_back(
        {"test.records", [&](CommandContext&, std::string_view k, std::string_view o) -> Result<std::int64_t> {
             moved_for.push_back(std::string(k) + "<-" + std::string(o));
             return 3;
         }});
    auto r = bus().execute({"clients.merge", {{"keep", keep}, {"other", other}}, "owner"});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_THAT(moved_for, ElementsAre(keep + "<-" + other));
    EXPECT_EQ(r->result.at("moved").at("test.records").as_int64(), 3);
    EXPECT_EQ(find_client(db(), other)->merged_into, keep);
    EXPECT_EQ(find_client(db(), keep)->email, "zoe@example.com") << "what only the other record knew is kept";
    EXPECT_EQ(kept_client_id(db(), other), keep);
    EXPECT_THAT(names("smith"), ElementsAre("Zoë Smith"));
    EXPECT_EQ(count_clients(db()), 1);
    auto audit = db().query("SELECT count(*) FROM audit_log WHERE command = 'clients.merge'");
    ASSERT_TRUE(audit.step());
    EXPECT_EQ(audit.integer(0), 1);

    auto again = bus().execute({"clients.merge", {{"keep", keep}, {"other", other}}, "owner"});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::refused);
    auto change = bus().execute({"clients.update", {{"id", other}, {"phone", "07700 900555"}}, "owner"});
    ASSERT_FALSE(change);
    EXPECT_THAT(change.error().message, HasSubstr("merged into " + keep));
}

TEST_F(ClientRecords, AFailingMergeStepUndoesTheWholeMerge)
{
    const auto keep = add("Zoë", "Smith");
    const auto other = add("Zoe", "Smith", "", "", "1985-06-16");
    extensions.client_merge_steps.push_back(
        {"test.broken", [](CommandContext&, std::string_view, std::string_view) -> Result<std::int64_t> {
             return refused("cannot move these records");
         }});
    auto r = bus().execute({"clients.merge", {{"keep", keep}, {"other", other}}, "owner"});
    ASSERT_FALSE(r);
    EXPECT_FALSE(find_client(db(), other)->merged_into);
    EXPECT_THAT(names("smith"), ElementsAre("Zoe Smith", "Zoë Smith"));
}

TEST_F(ClientRecords, OnlyOwnersAndAdminsMerge)
{
    ASSERT_TRUE(bus().execute({"staff.create", {{"username", "desk"}, {"role", "front_desk"}}, "owner"}));
    const auto keep = add("Zoë", "Smith");
    const auto other = add("Zoe", "Smith", "", "", "1985-06-16");
    auto r = bus().execute({"clients.merge", {{"keep", keep}, {"other", other}}, "desk"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::forbidden);
    auto self = bus().execute({"clients.merge", {{"keep", keep}, {"other", keep}}, "owner"});
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().kind, ErrorKind::invalid_input);
}
