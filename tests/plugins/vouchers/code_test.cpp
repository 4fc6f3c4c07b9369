// Voucher codes: the shape, the reading rules (case, O/0, I/L/1, dashes), and
// the property the issue asks for: over 10,000 codes from the real secure
// generator, every single-character substitution and every adjacent
// transposition is reported as mistyped, never read as another code.
#include "voucher_code.h"

#include <gmock/gmock.h>

#include <regex>
#include <set>

namespace fascia::vouchers {
namespace {

using ::testing::HasSubstr;

/// The code as a person reads it off the voucher: FAS and 13 symbols, no dashes.
std::string symbols_of(const std::string& code)
{
    std::string s;
    for (char c : code)
        if (c != '-')
            s += c;
    return s;
}

/// How the reader sees one typed character (what the property compares against).
char as_read(char c)
{
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return c == 'O' ? '0' : (c == 'I' || c == 'L') ? '1' : c;
}

TEST(vouchers_code, IsFasAndThirteenSymbolsInGroupsOfFour)
{
    const std::regex shape("FAS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]");
    for (int i = 0; i < 1000; ++i) {
        const auto code = generate_code();
        EXPECT_TRUE(std::regex_match(code, shape)) << code;
        EXPECT_EQ(check_code(code).state, CodeState::valid) << code;
        EXPECT_EQ(check_code(code).code, code);
    }
}

TEST(vouchers_code, CarriesSixtyBitsAndEveryBitShows)
{
    // Distinct 60-bit values give distinct codes: flipping any one bit changes the code.
    const std::uint64_t base = 0x0123456789ABCDEFull;
    std::set<std::string> seen{code_from_bits(base)};
    for (int bit = 0; bit < 60; ++bit)
        EXPECT_TRUE(seen.insert(code_from_bits(base ^ (std::uint64_t{1} << bit))).second) << bit;
    // The top four bits of a 64-bit draw are not used.
    EXPECT_EQ(code_from_bits(base), code_from_bits(base ^ (std::uint64_t{0xF} << 60)));
}

TEST(vouchers_code, GeneratedCodesAreDistinctAndUseTheWholeAlphabetInEveryPosition)
{
    std::set<std::string> codes;
    std::vector<std::set<char>> per_position(code_data_symbols);
    for (int i = 0; i < 10000; ++i) {
        const auto code = generate_code();
        codes.insert(code);
        const auto s = symbols_of(code).substr(code_prefix.size());
        for (std::size_t p = 0; p < code_data_symbols; ++p)
            per_position[p].insert(s[p]);
    }
    EXPECT_EQ(codes.size(), 10000u);
    for (std::size_t p = 0; p < code_data_symbols; ++p)
        EXPECT_EQ(per_position[p].size(), 32u) << "position " << p;
}

TEST(vouchers_code, ReadsCaseDashesSpacesAndLookalikesAsTheSameCode)
{
    const auto code = code_from_bits(0x0F1E2D3C4B5A6978ull);
    ASSERT_EQ(check_code(code).state, CodeState::valid);
    std::string lower = code;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(check_code(lower).code, code);
    EXPECT_EQ(check_code(symbols_of(code)).code, code);
    EXPECT_EQ(check_code("  " + symbols_of(code).substr(0, 7) + " " + symbols_of(code).substr(7) + " ").code, code);
    EXPECT_EQ(check_code(symbols_of(code).substr(3)).code, code) << "the FAS prefix may be left out";
    // Every 0 typed as O or o, every 1 as I, i, L or l.
    for (const char zero : {'O', 'o'})
        for (const char one : {'I', 'i', 'L', 'l'}) {
            std::string typed = code;
            for (auto& c : typed)
                c = c == '0' ? zero : c == '1' ? one : c;
            EXPECT_EQ(check_code(typed).code, code) << typed;
        }
}

TEST(vouchers_code, SaysHowFarAPartlyTypedCodeHasGot)
{
    const auto code = code_from_bits(0x00ABCDEF12345678ull);
    EXPECT_EQ(check_code("").state, CodeState::empty);
    EXPECT_EQ(check_code(" - ").state, CodeState::empty);
    // Every proper prefix, as typed key by key, is incomplete, never mistyped.
    for (std::size_t n = 1; n < code.size(); ++n) {
        const auto c = check_code(code.substr(0, n));
        EXPECT_EQ(c.state, CodeState::incomplete) << code.substr(0, n) << ": " << c.message;
    }
    EXPECT_THAT(check_code(code.substr(0, code.size() - 2)).message, HasSubstr("1 character still to type"));
    EXPECT_EQ(check_code(code + "X").state, CodeState::mistyped);
    EXPECT_THAT(check_code(code + "X").message, HasSubstr("1 character too many"));
    EXPECT_EQ(check_code("FAS-7KQ2-M9XD-43TR-U").state, CodeState::mistyped);
    EXPECT_THAT(check_code("FAS-7KQ2-M9XD-43TR-U").message, HasSubstr("'U' is never part"));
    EXPECT_EQ(check_code("FAS-7KQ2-M9XD-43TR-*").state, CodeState::mistyped);
    EXPECT_EQ(check_code("FAX-7KQ2-M9XD-43TR-P").state, CodeState::mistyped);
}

TEST(vouchers_code, CanonicalCodeRefusesAMistypedCodeAsBadInputSayingMistyped)
{
    const auto code = code_from_bits(0x0123456789ABCDEFull);
    EXPECT_EQ(canonical_code(code), code);
    std::string swapped = symbols_of(code);
    std::swap(swapped[5], swapped[6]);
    if (swapped == symbols_of(code))
        std::swap(swapped[6], swapped[7]);
    try {
        canonical_code(swapped);
        FAIL() << "a swapped pair was accepted";
    } catch (const Failure& f) {
        EXPECT_EQ(f.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(f.error().field, "code");
        EXPECT_THAT(f.error().message, HasSubstr("mistyped"));
    }
}

// The Done-when property. Substitutions are tried with every letter and digit
// (36, including U and the lookalikes O, I, L); one that reads as the same
// symbol (O for 0, I or L for 1) is the same code, not an error, and is
// checked to be read as such. Transpositions are of neighbours as read
// (dashes are not characters: swapping across one swaps two neighbours).
TEST(vouchers_code, EverySingleSubstitutionAndAdjacentTranspositionOfTenThousandCodesIsCaught)
{
    const std::string keys = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::size_t substitutions = 0, transpositions = 0, lookalikes = 0;
    for (int n = 0; n < 10000; ++n) {
        const auto code = generate_code();
        const auto s = symbols_of(code);
        ASSERT_EQ(s.size(), 16u);
        ASSERT_EQ(check_code(code).state, CodeState::valid) << code;
        for (std::size_t i = 0; i < s.size(); ++i) {
            for (const char k : keys) {
                if (k == s[i])
                    continue;
                std::string typed = s;
                typed[i] = k;
                const auto c = check_code(typed);
                if (as_read(k) == s[i]) {
                    ++lookalikes;
                    ASSERT_EQ(c.code, code) << typed << " should read as " << code;
                    continue;
                }
                ++substitutions;
                ASSERT_NE(c.state, CodeState::valid) << code << ": substituting " << k << " at " << i
                                                     << " gave the valid code " << c.code;
                ASSERT_EQ(c.state, CodeState::mistyped) << typed;
            }
            if (i + 1 < s.size() && s[i] != s[i + 1]) {
                std::string typed = s;
                std::swap(typed[i], typed[i + 1]);
                const auto c = check_code(typed);
                ++transpositions;
                ASSERT_EQ(c.state, CodeState::mistyped)
                    << code << ": swapping positions " << i << " and " << i + 1 << " was not caught";
            }
        }
    }
    // Every position saw 35 other keys (minus lookalikes); 15 neighbour pairs, minus equal pairs.
    EXPECT_EQ(substitutions + lookalikes, 10000u * 16u * 35u);
    EXPECT_GT(transpositions, 10000u * 14u);
    RecordProperty("substitutions", std::to_string(substitutions));
    RecordProperty("transpositions", std::to_string(transpositions));
    std::cout << "[ property ] " << substitutions << " substitutions and " << transpositions
              << " adjacent transpositions, all caught; " << lookalikes << " lookalike keys read correctly\n";
}

} // namespace
} // namespace fascia::vouchers
