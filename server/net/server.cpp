// Listener and HTTP sessions (after Beast's advanced server example): one read at a time, one
// write in flight, body limits, timeouts, fail(ec, what). WebSocket upgrades go to the hub.
#include "net/server.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "shell/log.hpp"
#include "net/router.hpp"
#include "net/views.hpp"
#include "protocol/state_codec.hpp"

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

// The snapshot frames last built, by kind: when many displays connect at once (the morning, a
// network outage ending) they share one encoding as long as the state and the clock have not
// moved. Used on the io thread only.
struct SnapshotCache {
  struct Entry {
    std::uint64_t epoch = 0;
    std::int64_t seq = -1;
    core::Time now = 0;
    Frame frame;
  };
  Entry plain, mirror;
};

/// What a new subscriber starts from: built on the io thread, where the state lives, and handed
/// to the hub once durable (net/hub.hpp SnapshotSource).
SnapshotSource snapshot_source(Hall& hall, std::shared_ptr<SnapshotCache> cache, bool mirror) {
  return [&hall, mirror, cache = std::move(cache)](std::function<void(std::int64_t, Frame)> ready) {
    asio::post(hall.io(), [&hall, mirror, cache, ready = std::move(ready)]() mutable {
      const auto seq = hall.state().seq;
      const auto now = hall.now();
      auto& cached = mirror ? cache->mirror : cache->plain;
      if (cached.epoch != hall.epoch() || cached.seq != seq || cached.now != now || !cached.frame) {
        json::object msg{{"type", "snapshot"}, {"seq", seq}, {"state", snapshot_json(hall.state(), now)}};
        if (mirror) {
          // Extension for clients that mirror the engine (display, console): the full state as the
          // engine holds it, to which they apply the events that follow (GET /api/hall is its config).
          msg["clock"] = hall.manual() ? "manual" : "real";
          msg["core"] = json::parse(proto::encode_state(hall.state()));
        }
        cached = {hall.epoch(), seq, now, std::make_shared<const std::string>(json::serialize(msg))};
      }
      hall.when_durable([seq, frame = cached.frame, ready = std::move(ready)](bool ok) { ready(seq, ok ? frame : nullptr); });
    });
  };
}

// [SECTION] HTTP session

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Router& router, const Limits& limits, std::shared_ptr<SnapshotCache> cache)
      : stream_(std::move(socket)), router_(router), limits_(limits), cache_(std::move(cache)) {
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

  // The /ws row of the route table (net/routes.hpp): any valid token, given in the query.
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
        std::size_t used = 0;
        since = std::stoll(q["since"], &used);
        if (used != q["since"].size()) throw std::invalid_argument("trailing characters");
      } catch (const std::exception&) {
        return write(error_response(400, "bad_request", "since must be an integer", req.version(), false));
      }
    }
    const bool mirror = q.count("mirror") && q["mirror"] == "1";
    const bool batch = q.count("batch") && q["batch"] == "1";
    stream_.expires_never();
    // The hub thread does the handshake and the sending; the snapshot comes from the io thread.
    // Bytes read past the request are the client's first frames: they go along.
    router_.hub().attach(stream_.release_socket(), std::move(req), beast::buffers_to_string(buffer_.data()), who->id,
                         {since, batch}, snapshot_source(router_.hall(), cache_, mirror));
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
  std::shared_ptr<SnapshotCache> cache_;
};

}  // namespace

// [SECTION] listener

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  asio::io_context& io;
  Limits limits;
  Router router;
  tcp::acceptor acceptor;
  std::shared_ptr<SnapshotCache> snapshots = std::make_shared<SnapshotCache>();

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
        std::make_shared<HttpSession>(std::move(socket), self->router, self->limits, self->snapshots)->run();
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
