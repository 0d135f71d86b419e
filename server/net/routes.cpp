// The route table. Each row says who may call an endpoint, exactly as API.md's tables do; the
// router judges the permission before the handler runs (see Router::handle for the order).
// "on post at w" and the leave approval chain are the engine's to judge, not the table's.
#include "net/routes.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "endpoints/endpoints.hpp"

namespace hallq::server {

namespace {

using V = Verb;
using namespace perm;
constexpr V GET = V::get;
constexpr V POST = V::post;
constexpr V ANY = V::unknown;

// clang-format off
const Route table[] = {
    // health, login, state
    {GET,  "/healthz",                           anyone,         "check health",           ep::healthz},
    {ANY,  "/metrics",                           loopback,       "read metrics",           ep::metrics},
    {POST, "/api/login",                         anyone,         "log in",                 ep::login},
    {GET,  "/api/state",                         any_token,      "read the state",         ep::state},
    {GET,  "/api/hall",                          any_token,      "read the hall config",   ep::hall_config},
    {GET,  "/ws",                                any_token,      "subscribe",              nullptr},  // token in the query
    // tickets and appointments (R-Q-*); a ticket id is the citizen's credential
    {POST, "/api/tickets",                       kiosk_or_staff, "issue tickets",          ep::issue_ticket},
    {GET,  "/api/tickets/{id}",                  anyone,         "read tickets",           ep::get_ticket},
    {POST, "/api/tickets/{id}/rating",           anyone,         "rate tickets",           ep::rate_ticket, Known::none, true},
    {POST, "/api/tickets/{id}/requeue",          anyone,         "requeue tickets",        ep::requeue_ticket, Known::none, true},
    {POST, "/api/appointments",                  kiosk_or_staff, "book appointments",      ep::book_appointment},
    // windows; the engine checks that the caller is on post at {w}
    {GET,  "/api/windows",                       any_token,      "list windows",           ep::list_windows, Known::none, true},
    {GET,  "/api/windows/{w}/substitutes",       staff,          "see substitutes",        ep::substitutes},  // R-AB-3, R-AB-6
    {POST, "/api/windows/{w}/call-next",         staff,          "act on tickets at a window", ep::call_next, Known::window},
    {POST, "/api/windows/{w}/recall",            staff,          "act on tickets at a window", ep::recall, Known::window},
    {POST, "/api/windows/{w}/no-show",           staff,          "act on tickets at a window", ep::no_show, Known::window},
    {POST, "/api/windows/{w}/start",             staff,          "act on tickets at a window", ep::start_service, Known::window},
    {POST, "/api/windows/{w}/finish",            staff,          "act on tickets at a window", ep::finish, Known::window},
    {POST, "/api/windows/{w}/transfer",          staff,          "act on tickets at a window", ep::transfer, Known::window},
    {POST, "/api/windows/{w}/open",              supervising,    "open or close windows",  ep::open_window, Known::window},
    {POST, "/api/windows/{w}/close",             supervising,    "open or close windows",  ep::close_window, Known::window},
    {POST, "/api/windows/{w}/presence",          sensor_or_supervising, "report presence", ep::presence, Known::window},  // R-EMP-4
    // staff on post: only take-over is done on someone's behalf; handover-ack by whoever covers
    // {s} (R-AB-4), which the engine checks
    {POST, "/api/staff/{s}/sign-in",             self,           "sign-in",                ep::sign_in, Known::staff},
    {POST, "/api/staff/{s}/take-over",           self_or_supervising, "take-over",         ep::take_over, Known::staff},
    {POST, "/api/staff/{s}/off-post",            self,           "off-post",               ep::off_post, Known::staff},
    {POST, "/api/staff/{s}/return",              self,           "return",                 ep::return_to_post, Known::staff},
    {POST, "/api/staff/{s}/sign-out",            self,           "sign-out",               ep::sign_out, Known::staff},
    {POST, "/api/staff/{s}/handover-ack",        staff,          "handover-ack",           ep::post_handover_ack, Known::staff},
    // supervision
    {GET,  "/api/events",                        supervising,    "read the event log",     ep::events},
    {GET,  "/api/alerts",                        staff,          "read alerts",            ep::list_alerts},
    {POST, "/api/alerts/{id}/ack",               supervising,    "acknowledge alerts",     ep::ack_alert},
    // leave (R-LV-*): who decides, cancels or ends a request is the engine's rule
    {GET,  "/api/leave",                         staff,          "read leave requests",    ep::list_leave},
    {POST, "/api/leave",                         self_in_body_or_supervising, "request leave", ep::request_leave},
    {POST, "/api/leave/{id}/cancel",             staff,          "cancel leave",           ep::cancel_leave},
    {POST, "/api/leave/{id}/end",                staff,          "end leave",              ep::end_leave},
    {POST, "/api/leave/{id}/handover-ack",       staff,          "handover-ack leave",     ep::leave_handover_ack},
    {POST, "/api/leave/{id}/approve",            staff,          "decide leave",           ep::approve_leave},
    {POST, "/api/leave/{id}/reject",             staff,          "decide leave",           ep::reject_leave},
    // deductions, bulletins, assessments (R-SCR-2 … R-SCR-6)
    {GET,  "/api/violations",                    supervising,    "handle violations",      ep::list_violations},
    {POST, "/api/violations",                    supervising,    "handle violations",      ep::record_violation},
    {POST, "/api/violations/{id}/confirm",       supervising,    "handle violations",      ep::confirm_violation},
    {POST, "/api/violations/{id}/dismiss",       supervising,    "handle violations",      ep::dismiss_violation},
    {POST, "/api/violations/{id}/withdraw",      supervising,    "handle violations",      ep::withdraw_violation},
    {GET,  "/api/bulletins",                     supervising,    "handle bulletins",       ep::list_bulletins},
    {POST, "/api/bulletins",                     supervising,    "handle bulletins",       ep::issue_bulletin},
    {GET,  "/api/assessments",                   supervising,    "record assessments",     ep::list_assessments},
    {POST, "/api/assessments",                   supervising,    "record assessments",     ep::record_assessment},
    // complaints (citizens need no account, R-SVC-4) and follow-ups of bad ratings (R-SVC-5)
    {POST, "/api/complaints",                    anyone,         "file complaints",        ep::file_complaint},
    {GET,  "/api/complaints",                    supervising,    "read complaints",        ep::list_complaints},
    {POST, "/api/complaints/{id}/verify",        supervising,    "verify complaints",      ep::verify_complaint},
    {GET,  "/api/follow-ups",                    supervising,    "handle follow-ups of unsatisfied ratings", ep::list_follow_ups},
    {POST, "/api/follow-ups/{id}/close",         supervising,    "handle follow-ups of unsatisfied ratings", ep::close_follow_up},
    // cases (R-CASE-*): staff read them; who decides and delivers is the engine's rule
    {GET,  "/api/cases",                         staff,          "work on cases",          ep::list_cases},
    {GET,  "/api/cases/{id}",                    staff,          "work on cases",          ep::get_case},
    {GET,  "/api/cases/{id}/paper",              staff,          "work on cases",          ep::case_paper},
    {POST, "/api/cases/{id}/approve",            staff,          "work on cases",          ep::approve_case},
    {POST, "/api/cases/{id}/refuse",             staff,          "work on cases",          ep::refuse_case},
    {POST, "/api/cases/{id}/deliver",            staff,          "work on cases",          ep::deliver_case},
    {POST, "/api/cases/{id}/extend",             staff,          "work on cases",          ep::extend_case},
    // scores and reports
    {GET,  "/api/scores",                        supervising,    "read scores",            ep::scores},
    {GET,  "/api/reports/{kind}",                supervising,    "read reports",           ep::report},
    // the manual clock
    {POST, "/api/admin/clock",                   admin,          "move the clock",         ep::advance_clock},
};

// Groups that judge the caller for every path under them, before the method and the path.
const Gate gate_table[] = {
    {"/api/windows/{w}/{action}",  POST, any_token,   "act at windows", Known::window, POST},
    {"/api/staff/{s}/{action}",    POST, any_token,   "act for staff",  Known::none,   POST},
    {"/api/leave/**",              ANY,  any_token,   "handle leave",   Known::none,   POST},
    {"/api/violations/**",         ANY,  supervising, "handle violations", Known::none, POST},
    {"/api/bulletins/**",          ANY,  supervising, "handle bulletins"},
    {"/api/assessments/**",        ANY,  supervising, "record assessments"},
    {"/api/follow-ups/**",         ANY,  supervising, "handle follow-ups of unsatisfied ratings"},
    {"/api/cases/**",              ANY,  staff,       "work on cases"},
    {"/api/cases/{id}/{action}",   ANY,  anyone,      "work on cases",  Known::none,   POST},
};
// clang-format on

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

}  // namespace

std::span<const Route> routes() { return table; }
std::span<const Gate> gates() { return gate_table; }

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

bool pattern_ok(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/' || pattern.find("//") != std::string_view::npos) return false;
  const auto segs = path_segments(pattern);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto s = segs[i];
    if (s == "**") {
      if (i + 1 != segs.size()) return false;
      continue;
    }
    if (is_param(s)) {
      const auto name = s.substr(1, s.size() - 2);
      if (name.find_first_of("{}/") != std::string_view::npos || !names.insert(name).second) return false;
      continue;
    }
    if (s.find_first_of("{}*?") != std::string_view::npos) return false;
  }
  return true;
}

bool match(std::string_view pattern, const std::vector<std::string_view>& segments, PathParams* params) {
  const auto pat = path_segments(pattern);
  const bool rest = !pat.empty() && pat.back() == "**";
  const std::size_t fixed = rest ? pat.size() - 1 : pat.size();
  if (rest ? segments.size() < fixed : segments.size() != fixed) return false;
  for (std::size_t i = 0; i < fixed; ++i)
    if (!is_param(pat[i]) && pat[i] != segments[i]) return false;
  if (params)
    for (std::size_t i = 0; i < fixed; ++i)
      if (is_param(pat[i])) (*params)[std::string(pat[i].substr(1, pat[i].size() - 2))] = std::string(segments[i]);
  return true;
}

Verdict judge(const Permission& p, const std::optional<Principal>& who, bool from_loopback, std::string_view self) {
  if (p.loopback) return from_loopback ? Verdict::allowed : Verdict::forbidden;
  if (!p.token) return Verdict::allowed;
  if (!who) return Verdict::unauthenticated;
  if (who->is_staff()) {
    if (const auto r = domain::parse_staff_role(who->role); r && (p.staff & role_bit(*r))) return Verdict::allowed;
    if (p.self != Permission::Self::none && who->id == self) return Verdict::allowed;
  } else if (const auto d = domain::parse_device_role(who->role); d && (p.devices & role_bit(*d))) {
    return Verdict::allowed;
  }
  return Verdict::forbidden;
}

std::string describe(const Permission& p) {
  if (p.loopback) return "loopback";
  if (!p.token) return "anyone";
  std::string out;
  const auto add = [&out](std::string_view s) { out += (out.empty() ? "" : ", ") + std::string(s); };
  if (p.staff == all_staff) {
    add("staff");
  } else {
    for (const auto r :
         {StaffRole::staff, StaffRole::supervisor, StaffRole::department_head, StaffRole::deputy_head, StaffRole::admin})
      if (p.staff & role_bit(r)) add(domain::to_string(r));
  }
  for (const auto d : {DeviceRole::kiosk, DeviceRole::display, DeviceRole::sensor})
    if (p.devices & role_bit(d)) add(domain::to_string(d));
  if (p.self == Permission::Self::path) add("self");
  if (p.self == Permission::Self::body) add("self (body)");
  return out.empty() ? "nobody" : out;
}

}  // namespace hallq::server
