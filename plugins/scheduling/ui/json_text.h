#pragma once
// The scheduling desk plugin reads the module's JSON (day list, receipt): a text field as a QString.
#include <fascia/desk/plugin_support.h>

#include <boost/json/object.hpp>

#include <string_view>

namespace fascia::scheduling::ui {

/// o[key] when it is a string, else "" (absent or null).
inline QString text(const boost::json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? desk::qs(v->get_string()) : QString();
}

} // namespace fascia::scheduling::ui
