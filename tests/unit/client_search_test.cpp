#include "test_clinic.h"

#include <fascia/clients.h>

#include <boost/json.hpp>

using namespace fascia;
using fascia::test::ClinicTest;

namespace {

class ClientSearch : public ClinicTest {
protected:
    void SetUp() override
    {
        ClinicTest::SetUp();
        add("Zoë", "Smith", "07700 900123", "zoe.smith@example.com");
        add("James", "Smithson", "07700 900456", "jim@example.org");
        add("Siân", "Davies", "+44 20 7946 0000", "sian.davies@example.co.uk");
        add("Oliver", "Jones", "", "");
    }
    void add(const char* first, const char* last, const char* phone, const char* email)
    {
        boost::json::object p{{"first_name", first}, {"last_name", last}, {"date_of_birth", "1985-06-15"}};
        if (*phone)
            p["phone"] = phone;
        if (*email)
            p["email"] = email;
        auto r = bus().execute({"clients.create", p, "owner"});
        ASSERT_TRUE(r) << r.error().message;
    }
    std::vector<std::string> names(std::string_view query) { return test::found_names(db(), query); }
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

} // namespace

TEST_F(ClientSearch, DiacriticsAreFoldedBothWays)
{
    EXPECT_THAT(names("zoe"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("Zoë"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("sian"), ElementsAre("Siân Davies"));
}

TEST_F(ClientSearch, NamePrefixesAndSeveralWords)
{
    EXPECT_THAT(names("smi"), ElementsAre("James Smithson", "Zoë Smith"));
    EXPECT_THAT(names("SMITH zo"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("smithsonian"), IsEmpty());
}

TEST_F(ClientSearch, PhoneAsTypedWithOrWithoutSpaces)
{
    EXPECT_THAT(names("07700 900"), ElementsAre("James Smithson", "Zoë Smith"));
    EXPECT_THAT(names("07700900123"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("+44 20"), ElementsAre("Siân Davies"));
}

TEST_F(ClientSearch, EmailPrefix)
{
    EXPECT_THAT(names("jim@"), ElementsAre("James Smithson"));
    EXPECT_THAT(names("sian.dav"), ElementsAre("Siân Davies"));
}

TEST_F(ClientSearch, AnUpdateIsFoundByItsNewNameOnly)
{
    auto jones = search_clients(db(), "jones");
    ASSERT_EQ(jones.size(), 1u);
    ASSERT_TRUE(bus().execute({"clients.update", {{"id", jones[0].id}, {"last_name", "Jonés-Brown"}}, "owner"}));
    EXPECT_THAT(names("jones"), ElementsAre("Oliver Jonés-Brown"));
    EXPECT_THAT(names("brown"), ElementsAre("Oliver Jonés-Brown"));
}

TEST_F(ClientSearch, QuotesAndOperatorsInTheQueryAreJustText)
{
    EXPECT_THAT(names("\"smith"), ElementsAre("James Smithson", "Zoë Smith"));
    EXPECT_THAT(names("NOT OR AND"), IsEmpty());
    EXPECT_THAT(names("smith*"), ElementsAre("James Smithson", "Zoë Smith"));
}

TEST_F(ClientSearch, AWholeNameComesBeforeLongerNamesThatStartWithIt)
{
    // search_clients' own order (not sorted here): what the first lines of `fascia clients find` show.
    const auto first = search_clients(db(), "smith", 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].last_name, "Smith") << "Smith before Smithson";
    EXPECT_EQ(search_clients(db(), "zoe smi", 1).at(0).last_name, "Smith");
}

TEST_F(ClientSearch, AShortNameIsFoundAmongHundredsThatStartTheSameWay)
{
    // More Joannas than a search reads before ranking, then one Jo: "jo" shows Jo first.
    for (int i = 0; i < 350; ++i)
        ASSERT_TRUE(bus().execute({"clients.create",
                                   {{"first_name", "Joanna"}, {"last_name", "Brown"},
                                    {"date_of_birth", "1990-01-01"}, {"allow_duplicate", true}},
                                   "owner"}));
    add("Jo", "Zed", "", "");
    const auto found = search_clients(db(), "jo", 5);
    ASSERT_EQ(found.size(), 5u);
    EXPECT_EQ(found[0].display_name(), "Jo Zed");
    EXPECT_EQ(found[1].display_name(), "Joanna Brown");
}

TEST_F(ClientSearch, AnEmailIsFoundByItsBeginningOnly)
{
    EXPECT_THAT(names("zoe.smith@ex"), ElementsAre("Zoë Smith"));
    EXPECT_THAT(names("JIM@EXAMPLE.ORG"), ElementsAre("James Smithson"));
    EXPECT_THAT(names("example.org"), IsEmpty()) << "the middle of an address is not its beginning";
}
