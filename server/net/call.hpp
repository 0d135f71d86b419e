// The request context every handler gets: the request, who sent it, the path parameters, the
// query and the JSON body, the field checks of API.md "Conventions", and the ways to answer.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "net/auth.hpp"
#include "net/http_types.hpp"
#include "net/routes.hpp"
#include "net/router.hpp"
#include "net/server.hpp"

namespace hallq::server {

/// What the handlers work with; the Router owns it.
struct Services {
  Hall& hall;
  Auth& auth;
  Hub& hub;
  store::EventStore& store;
  store::ReadPool& readers;  // heavy reads go here, off the io thread
  std::shared_ptr<const domain::HallConfig> cfg;
  const Limits& limits;
  Metrics& metrics;
};

struct Call {
  Request req;
  Send send;
  bool loopback = false;
  std::string path;
  PathParams params;
  std::map<std::string, std::string> query;
  std::optional<Principal> who;
  boost::json::object body;
  bool done = false;

  /// A path parameter of the route ({w}, {id} …).
  const std::string& param(std::string_view name) const;
  /// A query parameter, "" when absent.
  std::string q(const std::string& key) const;

  void reply(unsigned status, const boost::json::value& v);
  void reply_raw(unsigned status, std::string body_text, const char* content_type);
  /// Durable before visible: `text` describes state that may still be committing.
  void reply_when_durable(Hall& hall, std::string text);
  /// Runs `work` on a reader thread with its own read-only connection (never on the io thread,
  /// which answers commands) and sends its response from the io thread. When the readers are
  /// saturated the caller gets 429 rate_limited with Retry-After at once.
  void reply_from_reader(Services& svc, std::function<Response(store::Db&)> work);
  void fail(unsigned status, const std::string& code, const std::string& message);
  void not_found() { fail(404, "not_found", "no such endpoint: " + path); }

  // Field readers: a wrong type is 400 bad_request, a missing/empty required field 422 invalid.
  // On error they answer and return nullopt; callers just return.
  std::optional<std::string> str(const char* key, bool required, std::size_t max_len = 200);
  std::optional<std::int64_t> integer(const char* key, bool required);
  std::optional<bool> boolean(const char* key);
  std::optional<std::vector<std::string>> str_list(const char* key);
};

using Render = std::function<std::string(const core::State&, const core::Events&)>;

/// Runs a command as the caller ("anonymous" without a token) and answers `ok_status` with
/// `render`'s text once its events are durable, or the engine's refusal.
void command(Services& svc, Call& c, core::CommandBody body, unsigned ok_status, Render render);

std::int64_t unix_now();

}  // namespace hallq::server
