#include "client/server_url.hpp"

#include <charconv>

namespace hallq::client {

std::optional<ServerUrl> ServerUrl::parse(std::string_view url, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<ServerUrl> {
    if (error) *error = "--server " + std::string(url) + ": " + why + " (expected http://HOST:PORT, e.g. http://127.0.0.1:7080)";
    return std::nullopt;
  };
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme) {
    if (url.substr(0, 8) == "https://") return fail("https is not supported; put a TLS proxy in front and use http on loopback");
    return fail("must start with http://");
  }
  std::string_view rest = url.substr(scheme.size());
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") return fail("must not have a path");
    rest = rest.substr(0, slash);
  }
  ServerUrl u;
  std::string_view host = rest, port;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return fail("unclosed [");
    host = rest.substr(1, close - 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') return fail("junk after ]");
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    has_port = true;
  }
  if (host.empty()) return fail("no host");
  u.host = host == "localhost" ? std::string("127.0.0.1") : std::string(host);
  u.port = 80;
  if (has_port) {
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535)
      return fail("port must be 1..65535");
    u.port = static_cast<unsigned short>(value);
  }
  return u;
}

std::string ServerUrl::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace hallq::client
