#pragma once
// The scheduling desk plugin reads the module's JSON (day list, receipt): a text field as a QString;
// and the names every page of the plugin writes its text with.
#include <fascia/desk/plugin_support.h>

#include <boost/json/object.hpp>

#include <string_view>

namespace fascia::scheduling::ui {

namespace json = boost::json;
using desk::qs;
using desk::ss;

/// o[key] when it is a string, else "" (absent or null).
inline QString text(const boost::json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? desk::qs(v->get_string()) : QString();
}

} // namespace fascia::scheduling::ui
