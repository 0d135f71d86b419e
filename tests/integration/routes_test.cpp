// The route table (net/routes.hpp) against the real server: every route and every gate, called
// by every kind of caller. Callers the table refuses get 401 unauthenticated (no or a bad token)
// or 403 forbidden; callers it admits are not refused for permission — they may still get 404
// or 422, since the requests name nothing that exists and carry empty bodies.
#include <boost/beast/http/verb.hpp>

#include "common.hpp"
#include "net/routes.hpp"

namespace hallq::test {
namespace {

using server::Permission;
using server::Principal;
using server::Verdict;

struct Caller {
  std::string name;
  std::optional<Principal> who;  // as the server would know it
  std::string token;
};

/// No token, a bad token, each device and each staff role of halls/scenario.json.
std::vector<Caller> callers(LiveHall& h) {
  const auto staff = [&](const char* id, const char* role) {
    return Caller{id, Principal{Principal::Kind::staff, id, id, role}, h.token(id)};
  };
  const auto device = [](const char* id, const char* role, const char* token) {
    return Caller{id, Principal{Principal::Kind::device, id, id, role}, token};
  };
  return {Caller{"no token", std::nullopt, ""},
          Caller{"bad token", std::nullopt, "not-a-token"},
          device("kiosk-1", "kiosk", kiosk_token),
          device("wall-1", "display", display_token),
          device("sensor-1", "sensor", sensor_token),
          staff("s001", "staff"),
          staff("sup1", "supervisor"),
          staff("head1", "department_head"),
          staff("dep1", "deputy_head"),
          staff("admin", "admin")};
}

/// The pattern with its parameters filled in: a configured window and staff member (Known
/// params are checked before the permission), ids that name nothing, a report kind.
std::string path_of(std::string_view pattern, const std::string& staff) {
  std::string out;
  for (const auto seg : server::path_segments(pattern)) {
    out += "/";
    if (seg == "{w}") out += "W01";
    else if (seg == "{s}")
      out += staff;
    else if (seg == "{kind}")
      out += "daily";
    else if (seg == "**")
      out += "nope/nope";
    else if (seg.front() == '{')
      out += "nope";
    else
      out += seg;
  }
  return out;
}

LiveHall scenario_hall() { return LiveHall(manual_clock(), hall_config("scenario.json")); }

void expect_judged(const HttpResponse& r, Verdict v) {
  if (v == Verdict::unauthenticated) {
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_EQ(r.error_code(), "unauthenticated") << r.describe();
  } else if (v == Verdict::forbidden) {
    EXPECT_EQ(r.status, 403u) << r.describe();
    EXPECT_EQ(r.error_code(), "forbidden") << r.describe();
  } else {
    EXPECT_NE(r.status, 0u) << r.describe();
    EXPECT_NE(r.status, 401u) << r.describe();
    EXPECT_NE(r.status, 403u) << r.describe();
    EXPECT_LT(r.status, 500u) << r.describe();
  }
}

TEST(Routes, every_route_answers_every_caller_as_its_permission_says) {
  auto h = scenario_hall();
  h.open_morning();
  const auto everyone = callers(h);
  auto& c = h.http();
  int calls = 0;
  for (const auto& route : server::routes()) {
    if (!route.handler) continue;  // /ws: below
    const bool any_method = route.method == boost::beast::http::verb::unknown;
    const std::string method(any_method ? "GET" : boost::beast::http::to_string(route.method));
    for (const auto& caller : everyone) {
      // Self routes once for someone else and once for the caller themself.
      std::vector<std::string> named{"s002"};
      if (route.permission.self != Permission::Self::none && caller.who && caller.who->is_staff())
        named.push_back(caller.who->id);
      for (const auto& staff : named) {
        const bool in_body = route.permission.self == Permission::Self::body;
        const auto path = path_of(route.pattern, in_body ? "s002" : staff);
        const std::string body = in_body ? R"({"staff":")" + staff + R"("})" : method == "GET" ? "" : "{}";
        SCOPED_TRACE(method + " " + path + " " + body + " by " + caller.name + " (table: " + server::describe(route.permission) +
                     ")");
        const auto r = c.request(method, path, body, caller.token);
        expect_judged(r, server::judge(route.permission, caller.who, true, staff));
        ++calls;
      }
    }
  }
  EXPECT_GT(calls, 500);
}

// Groups that judge the caller before the path: a path the group does not have is refused the
// same way, and otherwise answered 404.
TEST(Routes, every_gate_answers_every_caller_before_the_path) {
  auto h = scenario_hall();
  const auto everyone = callers(h);
  auto& c = h.http();
  for (const auto& gate : server::gates()) {
    const auto path = path_of(gate.pattern, "s002");
    const auto segments = server::path_segments(path);
    // POST where a gate of the path asks for it: other methods are answered 405 there.
    bool post = false;
    for (const auto& g : server::gates())
      if (server::match(g.pattern, segments))
        post = post || g.only == boost::beast::http::verb::post || g.otherwise == boost::beast::http::verb::post;
    const std::string method = post ? "POST" : "GET";
    for (const auto& caller : everyone) {
      SCOPED_TRACE(method + " " + path + " by " + caller.name);
      auto verdict = Verdict::allowed;
      for (const auto& g : server::gates())
        if (verdict == Verdict::allowed && server::match(g.pattern, segments) &&
            (g.only == boost::beast::http::verb::unknown || std::string(boost::beast::http::to_string(g.only)) == method))
          verdict = server::judge(g.permission, caller.who, true, "");
      const auto r = c.request(method, path, post ? "{}" : "", caller.token);
      if (verdict != Verdict::allowed) {
        expect_judged(r, verdict);
      } else {
        EXPECT_EQ(r.status, 404u) << r.describe();
        EXPECT_EQ(r.error_code(), "not_found") << r.describe();
      }
    }
  }
}

// GET /ws takes the token in the query (API.md "WebSocket /ws"): any valid token subscribes.
TEST(Routes, websocket_admits_any_token_and_refuses_the_rest) {
  auto h = scenario_hall();
  const auto everyone = callers(h);
  const auto ws = std::find_if(server::routes().begin(), server::routes().end(),
                               [](const server::Route& r) { return r.pattern == "/ws"; });
  ASSERT_NE(ws, server::routes().end());
  for (const auto& caller : everyone) {
    SCOPED_TRACE("/ws by " + caller.name);
    WsClient client;
    const auto status = client.try_connect(h.port(), caller.token);
    EXPECT_EQ(status, server::judge(ws->permission, caller.who, true, "") == Verdict::allowed ? 101u : 401u);
  }
}

// Rules whose callers the table names: the answers a caller gets for them.
TEST(Routes, rule_callers_R_EMP_4_presence_R_SVC_4_complaints_R_AB_3_take_over) {
  auto h = scenario_hall();
  h.open_morning();
  auto& c = h.http();
  // R-EMP-4: presence comes from a sensor or a supervisor's inspection, not from a display.
  EXPECT_EQ(c.post("/api/windows/W01/presence", R"({"present":true})", sensor_token).status, 200u);
  EXPECT_EQ(c.post("/api/windows/W01/presence", R"({"present":true})", h.token("sup1")).status, 200u);
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/windows/W01/presence", R"({"present":true})", display_token); });
  expect_refused(h, 403, "forbidden",
                 [&] { return c.post("/api/windows/W01/presence", R"({"present":true})", h.token("s001")); });
  // R-SVC-4: a citizen files a complaint without any account; reading them is for supervisors.
  const auto filed = c.post("/api/complaints", R"({"text":"等了很久"})");
  EXPECT_EQ(filed.status, 201u) << filed.describe();
  expect_refused(h, 403, "forbidden", [&] { return c.get("/api/complaints", h.token("head1")); });
  // R-AB-3: a take-over for someone else is a supervisor's assignment; staff sign in themselves only.
  expect_refused(h, 403, "forbidden",
                 [&] { return c.post("/api/staff/s002/take-over", R"({"window":"W01"})", h.token("s001")); });
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/staff/s002/sign-in", R"({"window":"W01"})", h.token("sup1")); });
  expect_refused(h, 404, "unknown_staff",
                 [&] { return c.post("/api/staff/nobody/sign-in", R"({"window":"W01"})", h.token("sup1")); });
}

}  // namespace
}  // namespace hallq::test
