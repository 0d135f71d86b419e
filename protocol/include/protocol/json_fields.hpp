// Lenient field readers over Boost.JSON objects: a missing member, or one of another type,
// reads as empty (""/0/false/[]). For JSON hallq wrote itself (snapshots, events, answers),
// where a wrong field is a bug to notice elsewhere, not an input error to report. Input from
// people (the config) goes through json_reader.hpp's Node, which names the path of each error.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::proto::fields {

namespace json = boost::json;

/// The member, or nullptr when absent.
inline const json::value* find(const json::object& o, std::string_view key) { return o.if_contains(key); }

/// The string, "" when it is not one.
inline std::string str(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); }
inline std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? str(*v) : std::string();
}
/// The string member of a value that may not be an object at all, "" then.
inline std::string str(const json::value& v, std::string_view key) {
  return v.is_object() ? str(v.get_object(), key) : std::string();
}

/// An integer member (int64 or uint64), nullopt otherwise.
inline std::optional<std::int64_t> integer_if(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  return std::nullopt;
}
inline std::int64_t integer(const json::object& o, std::string_view key) { return integer_if(o, key).value_or(0); }

/// Any number member as a double, nullopt otherwise.
inline std::optional<double> number_if(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}
inline double number(const json::object& o, std::string_view key) { return number_if(o, key).value_or(0.0); }

/// true only for a member that is the boolean true.
inline bool flag(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

/// The string elements of an array member (others skipped).
inline std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& x : v->get_array())
      if (x.is_string()) out.emplace_back(x.get_string());
  return out;
}

/// The array / object member, an empty one when it is not one.
inline const json::array& array(const json::object& o, std::string_view key) {
  static const json::array empty;
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? v->get_array() : empty;
}
inline const json::object& object(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : empty;
}

// The same readers on a value that may not be an object at all (an answer's element, say):
// empty then.
inline const json::value* find(const json::value& v, std::string_view key) {
  return v.is_object() ? v.get_object().if_contains(key) : nullptr;
}
inline std::int64_t integer(const json::value& v, std::string_view key) {
  return v.is_object() ? integer(v.get_object(), key) : 0;
}
inline double number(const json::value& v, std::string_view key) { return v.is_object() ? number(v.get_object(), key) : 0.0; }
inline bool flag(const json::value& v, std::string_view key) { return v.is_object() && flag(v.get_object(), key); }
inline const json::array& array(const json::value& v, std::string_view key) {
  static const json::array empty;
  return v.is_object() ? array(v.get_object(), key) : empty;
}
inline const json::object& object(const json::value& v, std::string_view key) {
  static const json::object empty;
  return v.is_object() ? object(v.get_object(), key) : empty;
}

}  // namespace hallq::proto::fields
