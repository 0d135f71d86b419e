// The API's route table (docs/api.md "Endpoint overview"): for every endpoint its method, path
// pattern, who may call it and its handler. Router::handle dispatches by it; tests and the
// hardening walk it. The table itself is in routes.cpp.
#pragma once

#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/hall_config.hpp"
#include "net/auth.hpp"

namespace hallq::server {

struct Services;
struct Call;
using Verb = boost::beast::http::verb;

constexpr std::uint8_t role_bit(domain::StaffRole r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }
constexpr std::uint8_t role_bit(domain::DeviceRole r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }

/// Who may call a route. The router judges in this order: a token (401 unauthenticated), the
/// resource the path names (Known, 404), then roles and self (403 forbidden).
struct Permission {
  /// Beside the roles, the staff member a request names may act: the {s} of the path, or the
  /// body's "staff" field (read, with its field checks, before the roles are judged).
  enum class Self : std::uint8_t { none, path, body };

  bool token = true;         // false: no Authorization needed (a ticket id is the credential)
  bool loopback = false;     // callers on this host only, no token needed
  std::uint8_t staff = 0;    // role_bit(StaffRole) of the staff logins allowed
  std::uint8_t devices = 0;  // role_bit(DeviceRole) of the device tokens allowed
  Self self = Self::none;

  /// Some caller can pass: a public or loopback route, or one with roles or self.
  constexpr bool grants_someone() const { return !token || loopback || staff || devices || self != Self::none; }
};

namespace perm {
using domain::DeviceRole;
using domain::StaffRole;
inline constexpr std::uint8_t all_staff = role_bit(StaffRole::staff) | role_bit(StaffRole::supervisor) |
                                          role_bit(StaffRole::department_head) | role_bit(StaffRole::deputy_head) |
                                          role_bit(StaffRole::admin);
inline constexpr std::uint8_t all_devices = role_bit(DeviceRole::kiosk) | role_bit(DeviceRole::display) |
                                            role_bit(DeviceRole::sensor);
/// The center roles that run the floor (Principal::supervises); department_head is not one.
inline constexpr std::uint8_t supervising_roles = role_bit(StaffRole::supervisor) | role_bit(StaffRole::deputy_head) |
                                                  role_bit(StaffRole::admin);

constexpr Permission roles(std::uint8_t staff, std::uint8_t devices = 0, Permission::Self self = Permission::Self::none) {
  Permission p;
  p.staff = staff;
  p.devices = devices;
  p.self = self;
  return p;
}
constexpr Permission no_token() {
  Permission p;
  p.token = false;
  return p;
}
constexpr Permission loopback_only() {
  Permission p = no_token();
  p.loopback = true;
  return p;
}

inline constexpr Permission anyone = no_token();
inline constexpr Permission loopback = loopback_only();
inline constexpr Permission any_token = roles(all_staff, all_devices);
inline constexpr Permission staff = roles(all_staff);
inline constexpr Permission supervising = roles(supervising_roles);
inline constexpr Permission admin = roles(role_bit(StaffRole::admin));
inline constexpr Permission kiosk_or_staff = roles(all_staff, role_bit(DeviceRole::kiosk));
inline constexpr Permission sensor_or_supervising = roles(supervising_roles, role_bit(DeviceRole::sensor));
inline constexpr Permission self = roles(0, 0, Permission::Self::path);
inline constexpr Permission self_or_supervising = roles(supervising_roles, 0, Permission::Self::path);
inline constexpr Permission self_in_body_or_supervising = roles(supervising_roles, 0, Permission::Self::body);
}  // namespace perm

/// A path parameter that must name something configured, checked before the roles are judged:
/// {w} a window (404 unknown_window), {s} a staff member (404 unknown_staff).
enum class Known : std::uint8_t { none, window, staff };

using Handler = void (*)(Services&, Call&);

struct Route {
  Verb method;               // Verb::unknown: any method
  std::string_view pattern;  // "/api/windows/{w}/finish": literal segments and {name}s
  Permission permission;
  std::string_view what;  // for the 403 message: "<id> (<role>) may not <what>"
  Handler handler;        // null for /ws: the HTTP session serves the upgrade (server.cpp)
  Known known = Known::none;
  bool wrong_method_404 = false;  // any other method is answered 404, not 405 (API.md "Methods")
};

/// A check over a subtree of paths, made before its routes are looked at: groups whose every
/// endpoint needs the same caller refuse even paths they do not have, and some answer 405 to
/// any method but one on paths they do not have. All gates a path matches apply, in order.
struct Gate {
  std::string_view pattern;   // like a route's; a last segment "**" matches any rest, none too
  Verb only = Verb::unknown;  // the permission applies to this method only (unknown: to all)
  Permission permission;
  std::string_view what;
  Known known = Known::none;
  Verb otherwise = Verb::unknown;  // a path with no route: 405 "use X" unless the method is X (404)
};

std::span<const Route> routes();
std::span<const Gate> gates();

/// Segments of a path or pattern; empty segments are skipped ("/api//x/" is api, x).
std::vector<std::string_view> path_segments(std::string_view path);
using PathParams = std::map<std::string, std::string, std::less<>>;
/// A route or gate pattern is well formed: starts with "/", names each {param} once, "**" last only.
bool pattern_ok(std::string_view pattern);
/// Whether `segments` fit `pattern`; fills `params` ({name} → segment) when they do.
bool match(std::string_view pattern, const std::vector<std::string_view>& segments, PathParams* params = nullptr);

enum class Verdict { allowed, unauthenticated, forbidden };
/// `self` is the staff id the request names ({s} or the body's "staff"), when the permission has one.
Verdict judge(const Permission& p, const std::optional<Principal>& who, bool from_loopback, std::string_view self);
/// "supervisor, deputy_head, admin, self" — for documentation and test names.
std::string describe(const Permission& p);

}  // namespace hallq::server
