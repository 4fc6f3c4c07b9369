#include "voucher_code.h"

#include <fascia/ids.h>
#include <fascia/locale.h>

namespace fascia::vouchers {

namespace {

/// log and antilog tables of GF(32) with x^5 + x^2 + 1.
struct Field {
    std::array<int, 32> log{};
    std::array<int, 62> exp{};
    constexpr Field()
    {
        int v = 1;
        for (int i = 0; i < 31; ++i) {
            exp[static_cast<std::size_t>(i)] = v;
            exp[static_cast<std::size_t>(i + 31)] = v;
            log[static_cast<std::size_t>(v)] = i;
            v <<= 1;
            if (v & 0x20)
                v ^= 0x25;
        }
    }
    /// alpha^power * value
    constexpr int times_alpha(int value, int power) const
    {
        if (value == 0)
            return 0;
        return exp[static_cast<std::size_t>((log[static_cast<std::size_t>(value)] + power) % 31)];
    }
};

constexpr Field field;

/// The value of a normalized symbol, or -1.
int value_of(char c)
{
    const auto at = code_alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

/// sum over i of alpha^i * c_i for the symbols given.
int weighted_sum(std::string_view symbols)
{
    int sum = 0;
    for (std::size_t i = 0; i < symbols.size(); ++i)
        sum ^= field.times_alpha(value_of(symbols[i]), static_cast<int>(i));
    return sum;
}

std::string grouped(std::string_view symbols)
{
    std::string out(code_prefix);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i % 4 == 0)
            out += '-';
        out += symbols[i];
    }
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string code_from_bits(std::uint64_t bits)
{
    std::string symbols;
    for (std::size_t i = 0; i < code_data_symbols; ++i) {
        symbols += code_alphabet[bits & 0x1F];
        bits >>= 5;
    }
    // alpha^12 * c12 = sum of the rest (addition is XOR), so c12 = alpha^(31-12) * sum.
    symbols += code_alphabet[static_cast<std::size_t>(field.times_alpha(weighted_sum(symbols), 31 - 12))];
    return grouped(symbols);
}

std::string generate_code()
{
    std::uint64_t bits = 0;
    secure_random_bytes(&bits, sizeof bits);
    return code_from_bits(bits);
}

CodeCheck check_code(std::string_view typed)
{
    std::string s;
    for (char c : plain_ascii(typed)) {
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (value_of(c) < 0) {
            const std::string shown = (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
                                          ? std::string("a character")
                                          : "'" + std::string(1, c) + "'";
            return {CodeState::mistyped, {},
                    "mistyped: " + shown + " is never part of a voucher code (they use 0-9 and A-Z without U)"};
        }
        s += c;
    }
    if (s.empty())
        return {CodeState::empty, {}, "type the code printed on the voucher, e.g. FAS-7KQ2-M9XD-43TR-P"};

    const auto checked = [](std::string_view symbols) -> CodeCheck {
        if (weighted_sum(symbols) != 0)
            return {CodeState::mistyped, {},
                    "mistyped: the check character does not match; look again at each character "
                    "(a swapped pair or one wrong character)"};
        return {CodeState::valid, grouped(symbols), "a well-formed voucher code"};
    };
    // Typed with the prefix (as printed), or the 13 symbols alone. Something
    // starting with FAS is read as prefixed: a code typed only partly must
    // never be taken for another code.
    const bool prefixed = s.size() >= code_prefix.size() && std::string_view(s).substr(0, 3) == code_prefix;
    if (prefixed) {
        const auto body = std::string_view(s).substr(code_prefix.size());
        if (body.size() < code_symbols)
            return {CodeState::incomplete, {},
                    plural(code_symbols - body.size(), "character", "characters") + " still to type"};
        if (body.size() > code_symbols)
            return {CodeState::mistyped, {},
                    "mistyped: " + plural(body.size() - code_symbols, "character", "characters")
                        + " too many (a code is FAS and 13 more)"};
        return checked(body);
    }
    if (s.size() == code_symbols)
        return checked(s);
    // A prefix that is itself mistyped, or a body too short or too long.
    if (s.size() < code_symbols && std::string_view(code_prefix).substr(0, std::min<std::size_t>(s.size(), 3))
                                       == std::string_view(s).substr(0, std::min<std::size_t>(s.size(), 3)))
        return {CodeState::incomplete, {}, "keep typing: a code is FAS and 13 more characters"};
    if (s.size() < code_symbols)
        return {CodeState::incomplete, {},
                plural(code_symbols - s.size(), "character", "characters") + " still to type"};
    if (s.size() == code_prefix.size() + code_symbols)
        return {CodeState::mistyped, {}, "mistyped: a voucher code starts with FAS"};
    return {CodeState::mistyped, {},
            "mistyped: a voucher code is FAS and 13 more characters, " + std::to_string(s.size())
                + " were given"};
}

std::string canonical_code(std::string_view typed)
{
    const auto c = check_code(typed);
    if (c.state == CodeState::valid)
        return c.code;
    const std::string shown(typed);
    if (c.state == CodeState::empty)
        throw Failure(invalid("code: give the voucher's code, e.g. FAS-7KQ2-M9XD-43TR-P", "code"));
    if (c.state == CodeState::incomplete)
        throw Failure(invalid("mistyped voucher code '" + shown + "': it is too short (" + c.message + ")",
                              "code"));
    throw Failure(invalid("mistyped voucher code '" + shown + "': " + c.message.substr(10), "code"));
}

} // namespace fascia::vouchers
