#pragma once
// Voucher codes: "FAS-" and 13 characters of Crockford's base-32 alphabet in
// groups of four: 12 carry 60 random bits, the 13th is a check character.
//
// The check: read the 13 characters as elements c0..c12 of the field GF(32)
// (polynomial x^5 + x^2 + 1, alpha = x). A code is valid when
//     sum over i of alpha^i * c_i = 0.
// A substitution at i changes the sum by alpha^i * e with e != 0: never 0, as
// a field has no zero divisors. Swapping c_i = a and c_j = b (a != b) changes
// it by (alpha^i + alpha^j)(a + b): never 0, because alpha has order 31 so
// alpha^i != alpha^j for i != j < 13. So every single-character error and
// every transposition, adjacent or not, is caught. The prefix is compared
// literally, so errors there (or swaps across it) are caught too.
#include <fascia/vouchers/voucher_service.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fascia::vouchers {

/// The 32 symbols, in value order (Crockford: no I, L, O, U).
inline constexpr std::string_view code_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Printed before every code.
inline constexpr std::string_view code_prefix = "FAS";
/// Random symbols per code (12 x 5 = 60 bits) and symbols after the prefix.
inline constexpr std::size_t code_data_symbols = 12;
inline constexpr std::size_t code_symbols = code_data_symbols + 1;

/// The code carrying these 60 bits (the top 4 bits of `bits` are ignored).
std::string code_from_bits(std::uint64_t bits);
/// A new code with 60 bits from the operating system's secure generator.
std::string generate_code();
/// Reads a typed code (see VoucherService::check_code).
CodeCheck check_code(std::string_view typed);
/// The canonical code for a typed one, or a Failure (invalid_input, field "code")
/// saying it is mistyped.
std::string canonical_code(std::string_view typed);

} // namespace fascia::vouchers
