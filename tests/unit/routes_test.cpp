// The route table (net/routes.hpp) as data: well-formed patterns, one route per method and
// path, a permission on every route, and the permission judge.
#include <gtest/gtest.h>

#include <set>

#include "net/routes.hpp"

namespace hallq::server {
namespace {

using V = boost::beast::http::verb;

std::string name_of(const Route& r) {
  return std::string(r.method == V::unknown ? "ANY" : boost::beast::http::to_string(r.method)) + " " + std::string(r.pattern);
}

bool has_param(std::string_view pattern, std::string_view param) {
  const auto segs = path_segments(pattern);
  return std::find(segs.begin(), segs.end(), param) != segs.end();
}

// Two patterns that some path fits both.
bool overlap(std::string_view a, std::string_view b) {
  const auto x = path_segments(a), y = path_segments(b);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i].front() != '{' && y[i].front() != '{' && x[i] != y[i]) return false;
  return true;
}

TEST(RouteTable, patterns_parse) {
  for (const auto& r : routes()) {
    EXPECT_TRUE(pattern_ok(r.pattern)) << name_of(r);
    EXPECT_EQ(r.pattern.find("**"), std::string_view::npos) << name_of(r) << ": ** is for gates";
  }
  for (const auto& g : gates()) EXPECT_TRUE(pattern_ok(g.pattern)) << g.pattern;
  EXPECT_FALSE(pattern_ok("api/x"));
  EXPECT_FALSE(pattern_ok("/api/{id}/{id}"));
  EXPECT_FALSE(pattern_ok("/api/**/x"));
  EXPECT_FALSE(pattern_ok("/api/{x"));
}

TEST(RouteTable, one_route_per_method_and_path) {
  std::set<std::string> seen;
  const auto all = routes();
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(seen.insert(name_of(all[i])).second) << "twice: " << name_of(all[i]);
    for (std::size_t j = i + 1; j < all.size(); ++j)
      if (all[i].method == all[j].method || all[i].method == V::unknown || all[j].method == V::unknown) {
        EXPECT_FALSE(overlap(all[i].pattern, all[j].pattern)) << name_of(all[i]) << " and " << name_of(all[j]);
      }
  }
}

TEST(RouteTable, every_route_has_a_permission_and_a_handler) {
  for (const auto& r : routes()) {
    SCOPED_TRACE(name_of(r));
    EXPECT_TRUE(r.permission.grants_someone());
    EXPECT_FALSE(r.what.empty());
    EXPECT_TRUE(r.handler || r.pattern == "/ws");
    if (r.known == Known::window) {
      EXPECT_TRUE(has_param(r.pattern, "{w}"));
    }
    if (r.known == Known::staff || r.permission.self == Permission::Self::path) {
      EXPECT_TRUE(has_param(r.pattern, "{s}"));
    }
    // Loopback routes ask for the host, not for a token.
    if (r.permission.loopback) {
      EXPECT_FALSE(r.permission.token);
    }
  }
  for (const auto& g : gates()) {
    if (g.known == Known::window) {
      EXPECT_TRUE(has_param(g.pattern, "{w}")) << g.pattern;
    }
    EXPECT_FALSE(g.what.empty()) << g.pattern;
  }
}

// Every route lives under one of the paths API.md documents.
TEST(RouteTable, every_route_is_under_a_known_root) {
  for (const auto& r : routes()) {
    const auto segs = path_segments(r.pattern);
    ASSERT_FALSE(segs.empty());
    EXPECT_TRUE(segs[0] == "api" || segs[0] == "healthz" || segs[0] == "metrics" || segs[0] == "ws") << name_of(r);
  }
}

TEST(RouteTable, match_fills_params_and_rest_matches_any_depth) {
  PathParams p;
  EXPECT_TRUE(match("/api/windows/{w}/finish", path_segments("/api/windows/W01/finish"), &p));
  EXPECT_EQ(p["w"], "W01");
  EXPECT_FALSE(match("/api/windows/{w}/finish", path_segments("/api/windows/W01/start")));
  EXPECT_FALSE(match("/api/windows/{w}/finish", path_segments("/api/windows/W01/finish/x")));
  EXPECT_TRUE(match("/api/leave/**", path_segments("/api/leave")));
  EXPECT_TRUE(match("/api/leave/**", path_segments("/api/leave/a/b/c")));
  EXPECT_FALSE(match("/api/leave/**", path_segments("/api/leaves")));
  EXPECT_TRUE(match("/healthz", path_segments("//healthz/")));
}

Principal staff(const char* id, const char* role) { return Principal{Principal::Kind::staff, id, id, role}; }
Principal device(const char* role) { return Principal{Principal::Kind::device, "d", "d", role}; }

TEST(RouteTable, judge_checks_token_then_roles_then_self) {
  EXPECT_EQ(judge(perm::anyone, std::nullopt, false, ""), Verdict::allowed);
  EXPECT_EQ(judge(perm::loopback, std::nullopt, true, ""), Verdict::allowed);
  EXPECT_EQ(judge(perm::loopback, staff("admin", "admin"), false, ""), Verdict::forbidden);
  EXPECT_EQ(judge(perm::any_token, std::nullopt, true, ""), Verdict::unauthenticated);
  EXPECT_EQ(judge(perm::any_token, device("display"), false, ""), Verdict::allowed);
  EXPECT_EQ(judge(perm::staff, device("kiosk"), false, ""), Verdict::forbidden);
  EXPECT_EQ(judge(perm::kiosk_or_staff, device("kiosk"), false, ""), Verdict::allowed);
  EXPECT_EQ(judge(perm::supervising, staff("head1", "department_head"), false, ""), Verdict::forbidden);
  EXPECT_EQ(judge(perm::supervising, staff("dep1", "deputy_head"), false, ""), Verdict::allowed);
  EXPECT_EQ(judge(perm::admin, staff("sup1", "supervisor"), false, ""), Verdict::forbidden);
  EXPECT_EQ(judge(perm::self, staff("s001", "staff"), false, "s001"), Verdict::allowed);
  EXPECT_EQ(judge(perm::self, staff("s001", "staff"), false, "s002"), Verdict::forbidden);
  EXPECT_EQ(judge(perm::self, staff("sup1", "supervisor"), false, "s002"), Verdict::forbidden);
  EXPECT_EQ(judge(perm::self_or_supervising, staff("sup1", "supervisor"), false, "s002"), Verdict::allowed);
  // A device named like a staff member is not that staff member.
  EXPECT_EQ(judge(perm::self, Principal{Principal::Kind::device, "s001", "", "kiosk"}, false, "s001"), Verdict::forbidden);
  EXPECT_EQ(describe(perm::sensor_or_supervising), "supervisor, deputy_head, admin, sensor");
}

}  // namespace
}  // namespace hallq::server
