// LiveHall: a running server on halls/small.json (or another config) plus an HTTP client and
// the usual chores of an integration test: logins, the manual clock, tickets, state, events.
// Helpers throw std::runtime_error on unexpected answers (GoogleTest reports them as failures).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace hallq::test {

inline constexpr const char* kiosk_token = "kiosk-token-1";
inline constexpr const char* display_token = "display-token-1";
inline constexpr const char* sensor_token = "sensor-token-1";

class LiveHall {
 public:
  /// Starts the server (manual clock at 2026-11-23T08:30:00, a Monday, by default).
  explicit LiveHall(std::vector<std::string> extra = manual_clock(), std::string config = hall_config());

  ServerProcess& server() { return server_; }
  HttpClient& http() { return http_; }
  unsigned short port() const { return server_.port(); }

  /// SIGTERM + start again on the same db (asserts a clean exit 0 via the return value).
  int restart();
  int restart(std::vector<std::string> extra);
  /// kill -9, then start again on the same db.
  void crash_and_restart();

  /// Bearer token of a staff member (logged in once, PIN from the config, cached).
  const std::string& token(const std::string& staff_id);

  /// GET /healthz seq (the last durable event).
  std::int64_t seq();
  /// GET /api/state (display token); `drop_now` removes the "now" field for comparisons.
  boost::json::object state(bool drop_now = false);
  /// POST /api/admin/clock as admin; returns the new "now".
  std::string advance(std::int64_t seconds);
  /// From the default start (08:30) to 09:00:00, when the morning session opens.
  void open_morning() { advance(30 * 60); }

  /// POST /api/tickets, expecting 201; returns the ticket.
  boost::json::object issue(const std::string& service, const std::string& token = kiosk_token, const std::string& priority = "");
  /// POST as staff `s` (self), expecting 200; returns the body.
  boost::json::object staff_action(const std::string& s, const std::string& action, const boost::json::object& body = {});
  boost::json::object sign_in(const std::string& s, const std::string& window) {
    return staff_action(s, "sign-in", {{"window", window}});
  }
  /// POST /api/windows/{w}/{action} as the staff member `s`, expecting 200; returns the body.
  boost::json::object window_action(const std::string& s, const std::string& w, const std::string& action,
                                    const boost::json::object& body = {});

  /// Every event in the log, paging GET /api/events as supervisor sup1.
  std::vector<boost::json::object> events(std::int64_t since = 0, int page = 1000);

  /// PIN of a staff member in the config.
  std::string pin(const std::string& staff_id) const;

 private:
  boost::json::object expect(const HttpResponse& r, unsigned status, const std::string& what);

  ServerProcess server_;
  HttpClient http_;
  boost::json::value config_;
  std::map<std::string, std::string> tokens_;
};

/// Copy of a JSON object without the given top-level keys.
boost::json::object without(boost::json::object o, std::initializer_list<const char*> keys);
/// Reads and parses a JSON file.
boost::json::value read_json_file(const std::string& path);
/// Writes a JSON value to a file (pretty enough for error messages with paths).
void write_json_file(const std::string& path, const boost::json::value& v);

}  // namespace hallq::test
