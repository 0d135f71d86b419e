// Beast WebSocket client driven by a private io_context: reads run against a deadline and a
// read that has not finished stays pending for the next call. It subscribes with `batch=1` (a
// delivery round is one message) and hands the round's events out one at a time, as the
// per-event messages of docs/api.md.
#include "client/ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <deque>
#include <stdexcept>

namespace hallq::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

struct WsClient::Impl {
  asio::io_context ioc{1};  // declared first: destroyed last
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  int rcvbuf = 0;
  std::string host = "127.0.0.1";
  std::string extra_query;
  bool batch = true;
  std::deque<json::object> unread;  // events of a batch not yet handed out
  bool open = false;
  bool reading = false;
  bool read_done = false;
  beast::error_code read_ec;
  std::string reason = "not connected";
  std::string refusal;
  std::uint16_t close_code = 0;

  ~Impl() { drop(); }

  // Runs handlers until `done` or the deadline; false on timeout.
  bool run_until(const bool& done, std::chrono::steady_clock::time_point deadline) {
    ioc.restart();
    while (!done) {
      if (ioc.run_one_until(deadline) == 0) {
        if (done) break;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        ioc.restart();  // ran out of work: nothing will complete
        return done;
      }
    }
    return true;
  }

  void drop() {
    if (ws) {
      beast::error_code ignored;
      auto& sock = beast::get_lowest_layer(*ws).socket();
      sock.shutdown(tcp::socket::shutdown_both, ignored);
      sock.close(ignored);
      ioc.restart();
      ioc.poll();  // let cancelled operations finish while their state is alive
      ws.reset();
    }
    open = false;
    reading = false;
    read_done = false;
    buffer.clear();
    unread.clear();
  }

  unsigned connect(unsigned short port, std::string_view token, std::optional<std::int64_t> since,
                   std::chrono::milliseconds timeout) {
    drop();
    refusal.clear();
    close_code = 0;
    ws.emplace(ioc);
    auto& stream = beast::get_lowest_layer(*ws);
    beast::error_code ec;
    if (rcvbuf > 0) {
      stream.socket().open(tcp::v4(), ec);
      if (!ec) stream.socket().set_option(asio::socket_base::receive_buffer_size(rcvbuf), ec);
      if (ec) {
        reason = "socket setup: " + ec.message();
        drop();
        return 0;
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool done = false;
    stream.expires_after(timeout);
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
      reason = "bad server address '" + host + "': " + ec.message();
      drop();
      return 0;
    }
    stream.async_connect(tcp::endpoint(address, port), [&](beast::error_code e) {
      ec = e;
      done = true;
    });
    if (!run_until(done, deadline) || ec) {
      reason = "connect: " + (ec ? ec.message() : std::string("timeout"));
      drop();
      return 0;
    }
    std::string target = "/ws?token=" + std::string(token);
    if (since) target += "&since=" + std::to_string(*since);
    if (batch) target += "&batch=1";
    if (!extra_query.empty()) target += "&" + extra_query;
    websocket::response_type res;
    done = false;
    ws->async_handshake(res, host + ":" + std::to_string(port), target, [&](beast::error_code e) {
      ec = e;
      done = true;
    });
    if (!run_until(done, deadline)) {
      reason = "handshake: timeout";
      drop();
      return 0;
    }
    if (ec) {
      reason = "handshake: " + ec.message();
      const unsigned status = res.result_int();
      refusal = res.body();
      drop();
      return ec == websocket::error::upgrade_declined || status != 0 ? status : 0;
    }
    stream.expires_never();
    ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws->read_message_max(64u << 20);
    open = true;
    reason.clear();
    return res.result_int();
  }

  std::optional<std::string> next(std::chrono::milliseconds timeout) {
    if (!open) return std::nullopt;
    if (!reading) {
      reading = true;
      read_done = false;
      ws->async_read(buffer, [this](beast::error_code e, std::size_t) {
        read_ec = e;
        read_done = true;
      });
    }
    if (!run_until(read_done, std::chrono::steady_clock::now() + timeout)) return std::nullopt;  // still pending
    reading = false;
    read_done = false;
    if (read_ec) {
      reason = read_ec.message();
      close_code = read_ec == websocket::error::closed ? static_cast<std::uint16_t>(ws->reason().code) : 0;
      open = false;
      return std::nullopt;
    }
    std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    return text;
  }

  /// The next message, a batch's events one by one as {"type":"event","event":…}.
  std::optional<json::object> next_object(std::chrono::milliseconds timeout) {
    if (unread.empty()) {
      auto text = next(timeout);
      if (!text) return std::nullopt;
      beast::error_code ec;
      auto v = json::parse(*text, ec);
      if (ec || !v.is_object()) throw std::runtime_error("WebSocket message is not a JSON object: " + text->substr(0, 300));
      auto& msg = v.as_object();
      const auto* type = msg.if_contains("type");
      const auto* events = msg.if_contains("events");
      if (!type || *type != "events" || !events || !events->is_array()) return std::move(msg);
      for (auto& e : events->get_array()) unread.push_back(json::object{{"type", "event"}, {"event", std::move(e)}});
      if (unread.empty()) return next_object(timeout);
    }
    auto out = std::move(unread.front());
    unread.pop_front();
    return out;
  }

  void close() {
    if (!ws) return;
    if (open) {
      bool done = false;
      ws->async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
      run_until(done, deadline);
      if (reading) run_until(read_done, deadline);
    }
    reason = "closed by the client";
    drop();
  }
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() = default;

void WsClient::set_receive_buffer(int bytes) { impl_->rcvbuf = bytes; }
void WsClient::set_host(std::string address) { impl_->host = std::move(address); }
void WsClient::set_extra_query(std::string query) { impl_->extra_query = std::move(query); }
void WsClient::set_batch(bool batch) { impl_->batch = batch; }

unsigned WsClient::try_connect(unsigned short port, std::string_view token, std::optional<std::int64_t> since,
                               std::chrono::milliseconds timeout) {
  return impl_->connect(port, token, since, timeout);
}

void WsClient::connect(unsigned short port, std::string_view token, std::optional<std::int64_t> since) {
  const unsigned status = try_connect(port, token, since);
  if (status != 101)
    throw std::runtime_error("WebSocket connect failed: status " + std::to_string(status) + " (" + impl_->reason + ") " +
                             impl_->refusal);
}

std::optional<std::string> WsClient::next_text(std::chrono::milliseconds timeout) {
  if (!impl_->batch) return impl_->next(timeout);
  auto msg = impl_->next_object(timeout);
  if (!msg) return std::nullopt;
  return json::serialize(*msg);
}

std::optional<json::object> WsClient::next(std::chrono::milliseconds timeout) { return impl_->next_object(timeout); }

bool WsClient::closed() const { return !impl_->open; }
std::string WsClient::close_reason() const { return impl_->reason; }
std::uint16_t WsClient::close_code() const { return impl_->close_code; }
const std::string& WsClient::refusal_body() const { return impl_->refusal; }
void WsClient::close() { impl_->close(); }

}  // namespace hallq::client
