// WsClient: a synchronous WebSocket client (tests, benchmarks) (Boost.Beast behind a pimpl). next() waits
// up to a deadline without closing the connection: a read that did not finish stays pending and
// the next call continues it. It subscribes with /ws?batch=1 and hands each round's events out
// one by one, as {"type":"event","event":…} objects (set_batch(false) for the per-event wire).
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::client {

class WsClient {
 public:
  WsClient();
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  /// Limits the kernel receive buffer (set before connect; 0 = system default). A small buffer
  /// makes a client that does not read fall behind sooner.
  void set_receive_buffer(int bytes);
  /// The server's IP address (default 127.0.0.1); set before connect.
  void set_host(std::string address);
  /// Extra query parameters appended to /ws?token=…, e.g. "mirror=1"; set before connect.
  void set_extra_query(std::string query);
  /// Whether to subscribe with batch=1 (default true); set before connect. Either way next()
  /// yields one event per message.
  void set_batch(bool batch);

  /// Connects to ws://HOST:PORT/ws?token=T[&since=N]. Returns the HTTP status of the
  /// handshake answer: 101 when upgraded, the refusal status (e.g. 401) otherwise, 0 when the
  /// connection failed.
  unsigned try_connect(unsigned short port, std::string_view token, std::optional<std::int64_t> since = std::nullopt,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));
  /// Like try_connect but throws std::runtime_error unless upgraded.
  void connect(unsigned short port, std::string_view token, std::optional<std::int64_t> since = std::nullopt);

  /// The next message as a JSON object, or nullopt when none came within `timeout` (the
  /// connection stays usable) or the connection is closed (see closed()).
  std::optional<boost::json::object> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// The text of the next message (same rules as next(); a batch's events one by one).
  std::optional<std::string> next_text(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// True once the connection ended (closed by either side or failed).
  bool closed() const;
  /// Why the connection ended ("" while open).
  std::string close_reason() const;
  /// The status of the server's close frame (e.g. 1008 for a reader too slow), 0 if none came.
  std::uint16_t close_code() const;
  /// Body of the refused handshake answer (after try_connect returned non-101).
  const std::string& refusal_body() const;

  /// Sends a close frame and waits briefly for the server's; then drops the socket.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallq::client
