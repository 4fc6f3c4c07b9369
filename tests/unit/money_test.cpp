#include <fascia/money.h>

#include <gtest/gtest.h>

using fascia::ErrorKind;
using fascia::Money;

TEST(Money, ParsesWhatTheDeskTypes)
{
    EXPECT_EQ(Money::parse("50", "GBP")->minor, 5000);
    EXPECT_EQ(Money::parse("50.5", "GBP")->minor, 5050);
    EXPECT_EQ(Money::parse("50.05", "GBP")->minor, 5005);
    EXPECT_EQ(Money::parse("0.99", "AUD")->minor, 99);
    EXPECT_EQ(Money::parse("5000", "JPY")->minor, 5000);
}

TEST(Money, RefusesAmountsThatCannotBeRight)
{
    for (const char* bad : {"", "-5", "5.001", "5.", "1.2.3", "£5", "5,00", "1e3"}) {
        auto r = Money::parse(bad, "GBP");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(r.error().field, "amount");
    }
    EXPECT_FALSE(Money::parse("5.5", "JPY")) << "yen have no minor unit";
    auto unknown = Money::parse("5", "XYZ");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().field, "currency");
}

TEST(Money, AnAbsurdAmountIsTooLargeAndSaysTheLargestAccepted)
{
    EXPECT_EQ(Money::parse("999999999.99", "GBP")->minor, 99999999999);
    for (const char* huge : {"1000000000", "99999999999999999999.00", "99999999999999999999999999999999999999"}) {
        auto r = Money::parse(huge, "GBP");
        ASSERT_FALSE(r) << huge;
        EXPECT_EQ(r.error().field, "amount");
        EXPECT_EQ(r.error().message,
                  "'" + std::string(huge) + "' is too large: the largest amount accepted is GBP 999999999.99");
    }
    EXPECT_EQ(Money::parse("1000000000", "JPY").error().message,
              "'1000000000' is too large: the largest amount accepted is JPY 999999999");
}

TEST(Money, AnAmountAboveZeroNamesItsFieldInEveryError)
{
    EXPECT_EQ(Money::parse_above_zero("12.50", "AUD")->minor, 1250);
    EXPECT_EQ(Money::parse_above_zero("0", "GBP", "cover").error().message, "cover: '0' must be more than zero");
    const auto huge = Money::parse_above_zero("99999999999999999999.00", "GBP");
    EXPECT_EQ(huge.error().field, "amount");
    EXPECT_EQ(huge.error().message.rfind("amount: '99999999999999999999.00' is too large", 0), 0u)
        << huge.error().message;
    EXPECT_EQ(Money::parse_above_zero("5", "XYZ").error().field, "currency") << "the currency's error keeps its field";
}

TEST(Money, PrintsTheCurrencysDecimals)
{
    EXPECT_EQ((Money{5000, "GBP"}.amount_text()), "50.00");
    EXPECT_EQ((Money{5, "GBP"}.to_string()), "GBP 0.05");
    EXPECT_EQ((Money{5000, "JPY"}.amount_text()), "5000");
    EXPECT_EQ((Money{-1250, "AUD"}.amount_text()), "-12.50");
}
