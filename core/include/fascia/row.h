#pragma once
/// Reading a row into a struct's fields, in column order, by each field's type:
/// one line where a reader would otherwise repeat `x.f = q.text(n);` per column.
#include <fascia/database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace fascia {

/// Reads columns first, first + 1, ... of q's current row into fields: a
/// std::string field takes text (NULL as ""), std::optional<std::string>
/// optional_text, std::int64_t integer, std::optional<std::int64_t>
/// optional_integer. A field of any other type does not compile.
template <class... Fields>
void read_columns(const Statement& q, int first, Fields&... fields)
{
    int column = first;
    const auto read = [&](auto& field) {
        using Field = std::remove_cvref_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, std::string>)
            field = q.text(column);
        else if constexpr (std::is_same_v<Field, std::optional<std::string>>)
            field = q.optional_text(column);
        else if constexpr (std::is_same_v<Field, std::int64_t>)
            field = q.integer(column);
        else if constexpr (std::is_same_v<Field, std::optional<std::int64_t>>)
            field = q.optional_integer(column);
        else
            static_assert(sizeof(Field) == 0, "read_columns: no column reader for this field type");
        ++column;
    };
    (read(fields), ...);
}

/// The first row of `sql` (with `args` bound in order) as `read(q)` makes it, or
/// nullopt when there is no row: the one-row lookup ("find by id") in one call.
template <class Read, class... Args>
auto first_row(Database& db, std::string_view sql, Read&& read, Args&&... args)
    -> std::optional<std::invoke_result_t<Read&, const Statement&>>
{
    auto q = db.query(sql, std::forward<Args>(args)...);
    if (!q.step())
        return std::nullopt;
    return read(q);
}

} // namespace fascia
