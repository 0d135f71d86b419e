// Listener, HTTP sessions and WebSocket sessions (after Beast's advanced server and chat-multi
// examples): one read at a time, one write in flight, body limits, timeouts, fail(ec, what).
#include "net/server.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <deque>

#include "net/log.hpp"
#include "net/router.hpp"
#include "net/views.hpp"
#include "store/state_codec.hpp"

namespace hallq::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

void fail(beast::error_code ec, const char* what) {
  if (ec == asio::error::operation_aborted || ec == websocket::error::closed || ec == http::error::end_of_stream ||
      ec == asio::error::eof || ec == beast::error::timeout || ec == asio::error::connection_reset)
    return;
  log::warn("net", std::string(what) + ": " + ec.message());
}

// [SECTION] WebSocket session

class WsSession : public Subscriber, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, Router& router, const Limits& limits)
      : ws_(std::move(socket)), router_(router), limits_(limits) {}

  void run(Request req, Principal who, std::optional<std::int64_t> since, bool mirror) {
    who_ = std::move(who);
    since_ = since;
    mirror_ = mirror;
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));  // pings idle peers
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "hallq"); }));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(req, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
  }

  void deliver(std::int64_t seq, const Message& msg) override {
    if (seq <= after_seq_ || closed_) return;
    enqueue(msg);
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "ws accept");
    auto& hall = router_.hall();
    auto& hub = router_.hub();
    std::vector<Message> backlog;
    if (since_ && hub.since(*since_, backlog)) {
      // Resume: every durable event after `since`, then live ones.
      after_seq_ = hall.durable_seq();
      for (auto& m : backlog) enqueue(m);
    } else {
      // Snapshot of the state as it is now, sent once it is durable; live events after it.
      after_seq_ = hall.state().seq;
      json::object msg{{"type", "snapshot"}, {"seq", hall.state().seq}, {"state", snapshot_json(hall.state(), hall.now())}};
      if (mirror_) {
        // Extension for clients that mirror the engine (display, console): the full state as the
        // engine holds it, to which they apply the events that follow (GET /api/hall is its config).
        msg["clock"] = hall.manual() ? "manual" : "real";
        msg["core"] = json::parse(store::encode_state(hall.state()));
      }
      auto text = std::make_shared<const std::string>(json::serialize(msg));
      std::weak_ptr<WsSession> weak = shared_from_this();
      hall.when_durable([weak, text](bool ok) {
        auto self = weak.lock();
        if (!self) return;
        if (ok) self->enqueue(text);
        else self->close_now();
      });
    }
    hub.join(shared_from_this());
    do_read();
  }

  void enqueue(const Message& msg) {
    if (closed_) return;
    const auto now = std::chrono::steady_clock::now();
    queued_bytes_ += msg->size();
    queue_.push_back(msg);
    if (queue_.size() == 1) oldest_since_ = now;
    // Slow = the oldest undelivered message has waited too long, or the backlog is huge. A
    // burst our own writer is still working through is neither.
    const bool stale = queue_.size() > 1 && now - oldest_since_ > limits_.ws_max_lag;
    if (stale || queue_.size() > limits_.ws_queue_messages || queued_bytes_ > limits_.ws_queue_bytes) {
      // A reader this far behind is dropped; it reconnects with `since` when it can keep up.
      ++router_.metrics().ws_dropped;
      log::warn("ws", "dropping slow subscriber " + who_.id);
      return close_now();
    }
    if (queue_.size() == 1) do_write();
  }

  void do_write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()), beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) {
      fail(ec, "ws write");
      return leave();
    }
    queued_bytes_ -= queue_.front()->size();
    queue_.pop_front();
    oldest_since_ = std::chrono::steady_clock::now();  // the next one is now at the head
    if (!queue_.empty() && !closed_) do_write();
  }

  void do_read() { ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this())); }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      fail(ec, "ws read");
      return leave();
    }
    buffer_.consume(buffer_.size());  // clients have nothing to say on this socket yet
    do_read();
  }

  void close_now() {
    if (closed_) return;
    closed_ = true;
    leave();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  void leave() { router_.hub().leave(shared_from_this()); }

  websocket::stream<beast::tcp_stream> ws_;
  Router& router_;
  const Limits& limits_;
  Principal who_;
  std::optional<std::int64_t> since_;
  bool mirror_ = false;
  beast::flat_buffer buffer_;
  std::deque<Message> queue_;
  std::size_t queued_bytes_ = 0;
  std::chrono::steady_clock::time_point oldest_since_{};
  std::int64_t after_seq_ = 0;
  bool closed_ = false;
};

// [SECTION] HTTP session

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Router& router, const Limits& limits)
      : stream_(std::move(socket)), router_(router), limits_(limits) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    loopback_ = !ec && remote.address().is_loopback();
  }

  void run() { do_read(); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(limits_.max_body);
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header));
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      // Oversized: answer 413 and close (the rest of the body is not worth reading).
      return write(error_response(413, "too_large", "request is larger than the server accepts", 11, false));
    }
    if (ec) {
      if (ec != beast::error::timeout && ec != asio::error::operation_aborted && ec != asio::error::eof &&
          ec != asio::error::connection_reset)
        return write(error_response(400, "bad_request", "malformed HTTP request: " + ec.message(), 11, false));
      return fail(ec, "http read");
    }
    Request req = parser_->release();
    if (websocket::is_upgrade(req)) return upgrade(std::move(req));
    stream_.expires_never();  // the answer may wait for a commit
    router_.handle(std::move(req), loopback_, [self = shared_from_this()](Response res) { self->write(std::move(res)); });
  }

  void upgrade(Request req) {
    const std::string_view target = req.target();
    if (target.substr(0, target.find('?')) != "/ws")
      return write(error_response(404, "not_found", "WebSocket endpoint is /ws", req.version(), false));
    auto q = parse_query(target);
    const auto who = router_.authenticate(q["token"]);
    if (!who) return write(error_response(401, "unauthenticated", "connect to /ws?token=TOKEN", req.version(), false));
    std::optional<std::int64_t> since;
    if (q.count("since")) {
      try {
        since = std::stoll(q["since"]);
      } catch (const std::exception&) {
        return write(error_response(400, "bad_request", "since must be an integer", req.version(), false));
      }
    }
    const bool mirror = q.count("mirror") && q["mirror"] == "1";
    stream_.expires_never();
    std::make_shared<WsSession>(stream_.release_socket(), router_, limits_)->run(std::move(req), *who, since, mirror);
  }

  void write(Response res) {
    const bool keep = res.keep_alive();
    auto sp = std::make_shared<Response>(std::move(res));
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *sp, [self = shared_from_this(), sp, keep](beast::error_code ec, std::size_t) {
      if (ec) return fail(ec, "http write");
      if (!keep) return self->close();
      self->do_read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  Router& router_;
  const Limits& limits_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool loopback_ = false;
};

}  // namespace

// [SECTION] listener

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  asio::io_context& io;
  Limits limits;
  Router router;
  tcp::acceptor acceptor;

  Impl(asio::io_context& io_, Hall& hall, Auth& auth, Hub& hub, store::EventStore& store,
       std::shared_ptr<const domain::HallConfig> cfg, Limits l)
      : io(io_), limits(l), router(hall, auth, hub, store, std::move(cfg), limits), acceptor(io_) {}

  void do_accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        fail(ec, "accept");
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<HttpSession>(std::move(socket), self->router, self->limits)->run();
      }
      if (self->acceptor.is_open()) self->do_accept();
    });
  }
};

Server::Server(asio::io_context& io, Hall& hall, Auth& auth, Hub& hub, store::EventStore& store,
               std::shared_ptr<const domain::HallConfig> cfg, Limits limits)
    : impl_(std::make_shared<Impl>(io, hall, auth, hub, store, std::move(cfg), limits)) {}

Server::~Server() { close(); }

void Server::listen(const tcp::endpoint& ep) {
  auto& a = impl_->acceptor;
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  impl_->do_accept();
}

tcp::endpoint Server::local_endpoint() const { return impl_->acceptor.local_endpoint(); }

void Server::close() {
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace hallq::server
