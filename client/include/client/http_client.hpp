// HttpClient: a synchronous HTTP/1.1 client (tests, simulator, console commands) (Boost.Beast behind a pimpl), one
// keep-alive connection reused across requests and reopened when the server closed it.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::client {

struct HttpResponse {
  unsigned status = 0;  // 0: no answer (connection failed or closed)
  std::string body;
  std::optional<boost::json::value> json;  // when the body parses as JSON
  std::string content_type;
  bool keep_alive = true;

  /// The parsed body; throws std::runtime_error (with the body) when it is not JSON.
  const boost::json::value& j() const;
  /// `error.code` of an error body, or "" when there is none.
  std::string error_code() const;
  /// A short "STATUS body" text for assertion messages.
  std::string describe() const;
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  /// Sends one request; `body` is sent as application/json when not empty; `token` as
  /// `Authorization: Bearer TOKEN` when not empty. Never throws for HTTP-level failures: a
  /// transport failure gives status 0 and the error text in `body`.
  HttpResponse request(std::string_view method, std::string_view target, std::string_view body = {}, std::string_view token = {});
  HttpResponse get(std::string_view target, std::string_view token = {}) { return request("GET", target, {}, token); }
  HttpResponse post(std::string_view target, std::string_view body = {}, std::string_view token = {}) {
    return request("POST", target, body, token);
  }
  HttpResponse post_json(std::string_view target, const boost::json::value& body, std::string_view token = {});

  /// POST /api/login; returns the token, throws std::runtime_error on anything but 200.
  std::string login(std::string_view staff_id, std::string_view pin);

  /// Per-request deadline (default 30 s); on expiry the request fails with status 0.
  void set_timeout(std::chrono::milliseconds t);
  /// Drops the current connection; the next request opens a new one.
  void disconnect();
  /// TCP connections opened so far (keep-alive reuse keeps this at 1).
  std::size_t connections_opened() const;
  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::client
