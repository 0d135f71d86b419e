// --server URL of every client (API.md "Clients' command line"): http://HOST[:PORT].
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hallq::client {

struct ServerUrl {
  std::string host = "127.0.0.1";  // an IP address ("localhost" is read as 127.0.0.1)
  unsigned short port = 7080;

  /// Parses "http://HOST[:PORT][/]". On failure returns nullopt and says why in *error.
  static std::optional<ServerUrl> parse(std::string_view url, std::string* error = nullptr);
  std::string to_string() const;
};

}  // namespace hallq::client
