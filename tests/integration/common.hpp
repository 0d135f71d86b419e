// Shared helpers of the integration tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <string>

#include "protocol/json_fields.hpp"
#include "support/http_client.hpp"
#include "support/live_hall.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

// GoogleTest prints JSON as JSON.
namespace boost::json {
inline void PrintTo(const value& v, std::ostream* os) { *os << serialize(v); }
inline void PrintTo(const object& o, std::ostream* os) { *os << serialize(o); }
inline void PrintTo(const array& a, std::ostream* os) { *os << serialize(a); }
}  // namespace boost::json

namespace hallq::test {

namespace json = boost::json;

/// Paths where two JSON values differ ("" when equal), e.g. "$.windows[2].on_post: null vs {...}".
inline void json_diff(const json::value& a, const json::value& b, const std::string& path, std::string& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, v] : a.as_object()) {
      const auto* w = b.as_object().if_contains(k);
      if (!w) out += path + "." + std::string(k) + ": only in the first\n";
      else
        json_diff(v, *w, path + "." + std::string(k), out);
    }
    for (const auto& [k, v] : b.as_object())
      if (!a.as_object().contains(k)) out += path + "." + std::string(k) + ": only in the second\n";
    return;
  }
  if (a.is_array() && b.is_array() && a.as_array().size() == b.as_array().size()) {
    for (std::size_t i = 0; i < a.as_array().size(); ++i)
      json_diff(a.as_array()[i], b.as_array()[i], path + "[" + std::to_string(i) + "]", out);
    return;
  }
  out += path + ": " + serialize(a) + " vs " + serialize(b) + "\n";
}
inline std::string json_diff(const json::value& a, const json::value& b) {
  std::string out;
  json_diff(a, b, "$", out);
  return out;
}

/// String of a JSON value ("" when it is not a string), for readable assertions.
using proto::fields::str;
/// A number member as an integer; -999999 (a value no answer holds) when it is not a number.
inline std::int64_t num(const json::object& o, const char* key) {
  const auto* v = proto::fields::find(o, key);
  if (!v || !v->is_number()) return -999999;
  return v->to_number<std::int64_t>();
}
inline std::string dump(const json::value& v) { return json::serialize(v); }

/// Runs a command that must be refused with `status` and `code` (API.md error shape), and
/// checks that it changed nothing: /healthz seq and the whole /api/state stay as they were.
inline void expect_refused(LiveHall& hall, unsigned status, const std::string& code, const std::function<HttpResponse()>& call) {
  // /api/state answers once everything applied is durable; /healthz shows the durable seq.
  const auto state_before = hall.state(true);
  const auto seq_before = hall.seq();
  const HttpResponse r = call();
  EXPECT_EQ(r.status, status) << r.describe();
  EXPECT_EQ(r.error_code(), code) << r.describe();
  if (r.json && r.json->is_object()) {
    const auto* e = r.json->as_object().if_contains("error");
    ASSERT_TRUE(e && e->is_object()) << r.describe();
    const auto* m = e->as_object().if_contains("message");
    EXPECT_TRUE(m && m->is_string() && !m->as_string().empty()) << "an error needs a message: " << r.describe();
  } else {
    ADD_FAILURE() << "error answer is not JSON: " << r.describe();
  }
  EXPECT_EQ(hall.seq(), seq_before) << "a refused command added events";
  EXPECT_EQ(json_diff(hall.state(true), state_before), "") << "a refused command changed the state";
}

/// Events of the given type in a list of events.
inline std::vector<json::object> of_type(const std::vector<json::object>& events, const std::string& type) {
  std::vector<json::object> out;
  for (const auto& e : events)
    if (str(e, "type") == type) out.push_back(e);
  return out;
}

}  // namespace hallq::test
