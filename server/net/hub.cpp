// The fan-out thread: WebSocket sessions (Beast's handshake, then our own framing so that a
// subscriber's backlog leaves in one gathered write), the delivery batches and the resume ring.
#include "net/hub.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <pthread.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <thread>

#include "shell/log.hpp"
#include "net/ws_frame.hpp"

namespace hallq::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// One gathered write carries at most this many frames (IOV_MAX on Linux).
constexpr std::size_t kMaxIov = 1024;

bool quiet(const boost::system::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor || ec == websocket::error::closed;
}

Frame shared(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

}  // namespace

class Session;

struct Hub::Impl {
  const HubOptions opts;
  std::atomic<std::size_t> subscribers{0};
  std::atomic<std::uint64_t> dropped{0}, frames_sent{0}, writes{0};
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  asio::steady_timer batch_timer{io};
  asio::steady_timer sweep_timer{io};
  std::thread thread;

  // [hub thread] below
  std::deque<Frame> ring;
  std::int64_t base = 0;  // seq of the event before ring.front()
  std::vector<std::pair<std::int64_t, Frame>> pending;  // published, not yet handed to the sessions
  bool batch_armed = false;
  bool stopping = false;  // stop() ran: nothing re-arms a timer or starts a session after it
  Clock::time_point last_delivery{};  // when the last delivery round ended
  Clock::duration last_round{};       // how long it took
  std::vector<std::shared_ptr<Session>> sessions;  // every open session, joined or not

  explicit Impl(HubOptions o) : opts(o) {}

  std::int64_t newest() const { return base + static_cast<std::int64_t>(ring.size()); }
  bool since(std::int64_t after, std::vector<Frame>& out) const;
  void on_publish(std::int64_t first, std::vector<Frame> frames);
  void deliver();
  void remove(const Session* s);
  void sweep();
  void arm_sweep();
};

// [SECTION] session

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Hub::Impl& hub, tcp::socket socket, std::string who)
      : hub_(hub), socket_(std::move(socket)), who_(std::move(who)), reader_(hub.opts.max_client_message) {}

  void start(Request upgrade, std::optional<std::int64_t> since, SnapshotSource snapshot) {
    // Beast answers the upgrade (Sec-WebSocket-Accept, or a 400 for a bad request); after that
    // the connection is ours.
    handshake_.emplace(std::move(socket_));
    handshake_->set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "hallq"); }));
    handshake_->async_accept(upgrade, [self = shared_from_this(), since, snapshot = std::move(snapshot)](
                                          beast::error_code ec) mutable { self->on_accept(ec, since, std::move(snapshot)); });
  }

  bool joined() const noexcept { return joined_; }
  bool open() const noexcept { return !closed_; }

  /// Queues a round of committed events (`pending`, also laid end to end in `all`) except those
  /// this session already has (its snapshot or resume covered them). Does not write: kick() does.
  void deliver(const std::vector<std::pair<std::int64_t, Frame>>& pending, const Frame& all, Clock::time_point now) {
    if (!joined_ || pending.back().first <= after_seq_) return;
    if (pending.front().first > after_seq_) return push(all, now, pending.size());
    for (const auto& [seq, f] : pending)  // right after joining: only the events after its snapshot
      if (seq > after_seq_) push(f, now);
  }

  void kick() {
    if (!writing_ && !queue_.empty() && !closed_) do_write();
  }

  /// [sweep] pings a silent client, drops one silent for too long.
  void check_idle(Clock::time_point now) {
    if (closed_ || handshake_) return;  // the handshake is Beast's until on_accept
    const auto idle = hub_.opts.idle;
    const auto silent = now - last_read_;
    if (silent > idle) {
      log::warn("ws", "dropping silent subscriber " + who_ + " (no frame for " +
                          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(silent).count()) + " s)");
      hub_.dropped.fetch_add(1, std::memory_order_relaxed);
      return close_now();
    }
    if (silent > idle / 3 && !ping_sent_ && !closing_) {
      ping_sent_ = true;
      push(shared(ws::frame(ws::Opcode::ping, "hallq")), now);
      kick();
    }
  }

  /// Closes the connection at once (shutdown, slow reader, protocol error already answered).
  void close_now() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    auto& sock = handshake_ ? handshake_->next_layer() : socket_;  // during the handshake Beast holds it
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
    hub_.remove(this);
  }

 private:
  void on_accept(beast::error_code ec, std::optional<std::int64_t> since, SnapshotSource snapshot) {
    socket_ = std::move(handshake_->next_layer());
    handshake_.reset();
    if (closed_) return;  // closed during the handshake (shutdown)
    if (ec) {
      if (!quiet(ec)) log::warn("ws", "handshake: " + ec.message());
      return close_now();
    }
    last_read_ = Clock::now();
    do_read();
    std::vector<Frame> backlog;
    if (since && hub_.since(*since, backlog) && fits(backlog)) {
      // Resume: every durable event after `since`, then live ones.
      after_seq_ = hub_.newest();
      const auto now = Clock::now();
      for (const auto& f : backlog) push(f, now);
      join();
      return;
    }
    // A snapshot of the state as it is now, sent once durable; live events after it. Until it
    // arrives nothing is delivered: the snapshot's seq decides which events it already holds.
    std::weak_ptr<Session> weak = shared_from_this();
    auto* hub = &hub_;
    snapshot([weak, hub](std::int64_t seq, Frame frame) {
      asio::post(hub->io, [weak, seq, frame = std::move(frame)] {
        auto self = weak.lock();
        if (!self || self->closed_) return;
        if (!frame) return self->close_now();  // the commit behind the snapshot failed
        self->after_seq_ = seq;
        self->push(frame, Clock::now());
        self->join();
      });
    });
  }

  void join() {
    if (closed_) return;  // the backlog or snapshot alone was over the queue limits
    joined_ = true;
    hub_.subscribers.fetch_add(1, std::memory_order_relaxed);
    kick();
  }

  /// A resume backlog the queue limits would refuse gets a snapshot instead.
  bool fits(const std::vector<Frame>& backlog) const {
    std::size_t bytes = 0;
    for (const auto& f : backlog) bytes += f->size();
    return backlog.size() < hub_.opts.queue_frames && bytes < hub_.opts.queue_bytes;
  }

  /// Queues `f` (holding `frames` WebSocket frames end to end) and drops a reader that is too
  /// far behind.
  void push(const Frame& f, Clock::time_point now, std::size_t frames = 1) {
    if (closed_ || closing_) return;
    if (queue_.empty()) head_since_ = now;
    queued_bytes_ += f->size();
    queued_frames_ += frames;
    queue_.push_back(Out{f, frames});
    // Slow = the oldest unsent frame has waited too long, or the backlog is huge. A burst our
    // own writer is still working through is neither.
    const auto& o = hub_.opts;
    const bool stale = queue_.size() > 1 && now - head_since_ > o.max_lag;
    if (stale || queued_frames_ > o.queue_frames || queued_bytes_ > o.queue_bytes) {
      // A reader this far behind is dropped; it reconnects with `since` when it can keep up.
      hub_.dropped.fetch_add(1, std::memory_order_relaxed);
      log::warn("ws", "dropping slow subscriber " + who_);
      close_now();
    }
  }

  // Writes as much of the queue as the socket takes now, in gathered sendmsg calls of up to
  // kMaxIov frames (asio's async_write would split them into 64-buffer calls and add a
  // completion per call); waits for writability only when the kernel buffer is full.
  void do_write() {
    const int fd = socket_.native_handle();
    while (!queue_.empty() && !closed_) {
      std::array<iovec, kMaxIov> iov;
      std::size_t n = 0;
      for (auto it = queue_.begin(); it != queue_.end() && n < kMaxIov; ++it, ++n) {
        const std::size_t skip = n == 0 ? head_sent_ : 0;  // a frame the last call sent in part
        iov[n].iov_base = const_cast<char*>(it->bytes->data() + skip);
        iov[n].iov_len = it->bytes->size() - skip;
      }
      msghdr msg{};
      msg.msg_iov = iov.data();
      msg.msg_iovlen = n;
      const ssize_t sent = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return wait_writable();
        const auto err = errno;
        if (err != EPIPE && err != ECONNRESET) log::warn("ws", "write to " + who_ + ": " + std::strerror(err));
        return close_now();
      }
      if (sent == 0) return wait_writable();  // nothing taken: try again when writable
      hub_.writes.fetch_add(1, std::memory_order_relaxed);
      consume(static_cast<std::size_t>(sent));
      if (closing_ && queue_.empty()) return close_now();  // our close frame is out
    }
  }

  // Drops the frames (and part of the head frame) that `sent` bytes covered.
  void consume(std::size_t sent) {
    std::size_t frames = 0;
    while (sent > 0) {
      const Out& head = queue_.front();
      const std::size_t left = head.bytes->size() - head_sent_;
      if (sent < left) {
        head_sent_ += sent;
        break;
      }
      sent -= left;
      queued_bytes_ -= head.bytes->size();
      queued_frames_ -= head.frames;
      frames += head.frames;
      queue_.pop_front();
      head_sent_ = 0;
    }
    if (frames) hub_.frames_sent.fetch_add(frames, std::memory_order_relaxed);
    head_since_ = Clock::now();  // progress: the lag rule counts from the last byte the reader took
  }

  void wait_writable() {
    writing_ = true;
    socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](boost::system::error_code ec) {
      self->writing_ = false;
      if (ec) return self->close_now();
      self->do_write();
    });
  }

  void do_read() {
    socket_.async_read_some(asio::buffer(rbuf_), beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(boost::system::error_code ec, std::size_t n) {
    if (ec) {
      if (!quiet(ec)) log::warn("ws", "read: " + ec.message());
      return close_now();
    }
    last_read_ = Clock::now();
    ping_sent_ = false;
    const auto err = reader_.feed(std::string_view(rbuf_.data(), n), [this](ws::ClientFrame&& f) { on_frame(std::move(f)); });
    if (err) {
      log::warn("ws", "closing " + who_ + ": " + (err == ws::close_code::too_big ? "message too big" : "protocol error"));
      return send_close(err, err == ws::close_code::too_big ? "message too big" : "protocol error");
    }
    if (!closed_) do_read();
  }

  void on_frame(ws::ClientFrame&& f) {
    switch (f.op) {
      case ws::Opcode::ping:
        push(shared(ws::frame(ws::Opcode::pong, f.payload)), Clock::now());
        kick();
        break;
      case ws::Opcode::close: {
        // Echo the status (RFC 6455 §5.5.1), then close the TCP connection once it is out. A code
        // no endpoint may send (§7.4), or a one-byte body, is a protocol error.
        std::uint16_t code = ws::close_code::normal;
        if (f.payload.size() == 1) code = ws::close_code::protocol_error;
        if (f.payload.size() >= 2) {
          code = static_cast<std::uint16_t>((static_cast<unsigned char>(f.payload[0]) << 8) | static_cast<unsigned char>(f.payload[1]));
          const bool sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
          if (!sendable) code = ws::close_code::protocol_error;
        }
        send_close(code, {});
        break;
      }
      default:
        break;  // pongs keep the connection alive (last_read_); clients have nothing else to say yet
    }
  }

  void send_close(std::uint16_t code, std::string_view reason) {
    if (closing_ || closed_) return;
    push(shared(ws::close_frame(code, reason)), Clock::now());
    closing_ = true;
    kick();
  }

  Hub::Impl& hub_;
  tcp::socket socket_;
  std::optional<websocket::stream<tcp::socket>> handshake_;
  std::string who_;
  struct Out {
    Frame bytes;         // one frame, or a delivery round's frames end to end
    std::size_t frames;  // how many frames `bytes` holds
  };
  std::deque<Out> queue_;
  std::size_t queued_frames_ = 0;
  std::size_t queued_bytes_ = 0;
  Clock::time_point head_since_{};
  std::size_t head_sent_ = 0;  // bytes of queue_.front() already sent
  bool writing_ = false;      // waiting for the socket to take more
  std::int64_t after_seq_ = 0;
  bool joined_ = false;
  bool closing_ = false;  // our close frame is queued: nothing more is sent after it
  bool closed_ = false;
  std::array<char, 4096> rbuf_{};
  ws::FrameReader reader_;
  Clock::time_point last_read_ = Clock::now();
  bool ping_sent_ = false;

  friend struct Hub::Impl;
};

// [SECTION] hub thread

bool Hub::Impl::since(std::int64_t after, std::vector<Frame>& out) const {
  if (after > newest()) return false;  // from the future: the client talks to another database
  if (after < base) return false;      // too old for the ring
  for (std::int64_t seq = after + 1; seq <= newest(); ++seq) out.push_back(ring[static_cast<std::size_t>(seq - base - 1)]);
  return true;
}

void Hub::Impl::on_publish(std::int64_t first, std::vector<Frame> frames) {
  if (frames.empty() || stopping) return;
  if (ring.empty()) {
    base = first - 1;
  } else if (first != newest() + 1) {
    log::error("ws", "publish out of order: got seq " + std::to_string(first) + " after " + std::to_string(newest()));
    ring.clear();
    base = first - 1;
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    ring.push_back(frames[i]);
    pending.emplace_back(first + static_cast<std::int64_t>(i), std::move(frames[i]));
  }
  while (ring.size() > opts.ring_capacity) {
    ring.pop_front();
    ++base;
  }
  if (batch_armed) return;
  // The first event after a quiet spell leaves at once; during a burst, deliveries are spaced so
  // that each subscriber gets one write per round instead of one per commit: at least `batch`
  // apart, and at least as far apart as the last round took, so that writing to a hall full of
  // displays never takes more than about half of this thread (nor floods their readers with
  // small writes: a write per event would cost each reader a wake-up per event).
  const auto due = last_delivery + std::max<Clock::duration>(opts.batch, last_round);
  if (Clock::now() >= due) return deliver();
  batch_armed = true;
  batch_timer.expires_at(due);
  batch_timer.async_wait([this](boost::system::error_code ec) {
    batch_armed = false;
    if (!ec && !stopping) deliver();
  });
}

void Hub::Impl::deliver() {
  const auto start = Clock::now();
  if (pending.empty()) {
    last_delivery = start;
    last_round = {};
    return;
  }
  // The round's frames end to end, once: a subscriber that is caught up (nearly all of them)
  // queues one buffer for the whole round, and its write has one piece per round.
  Frame all = pending.front().second;
  if (pending.size() > 1) {
    std::size_t size = 0;
    for (const auto& p : pending) size += p.second->size();
    std::string joined;
    joined.reserve(size);
    for (const auto& p : pending) joined += *p.second;
    all = std::make_shared<const std::string>(std::move(joined));
  }
  // A copy: a session that falls too far behind leaves the list from inside deliver().
  const auto targets = sessions;
  for (const auto& s : targets) {
    if (!s->joined() || !s->open()) continue;
    s->deliver(pending, all, start);
    s->kick();
  }
  pending.clear();
  last_delivery = Clock::now();
  last_round = last_delivery - start;
}

void Hub::Impl::remove(const Session* s) {
  for (auto it = sessions.begin(); it != sessions.end(); ++it) {
    if (it->get() != s) continue;
    if ((*it)->joined()) subscribers.fetch_sub(1, std::memory_order_relaxed);
    *it = std::move(sessions.back());
    sessions.pop_back();
    return;
  }
}

void Hub::Impl::arm_sweep() {
  sweep_timer.expires_after(std::chrono::seconds(1));
  sweep_timer.async_wait([this](boost::system::error_code ec) {
    // A timer that expired just before stop() cancelled it still runs, without an error.
    if (ec || stopping) return;
    sweep();
    arm_sweep();
  });
}

void Hub::Impl::sweep() {
  const auto now = Clock::now();
  const auto targets = sessions;
  for (const auto& s : targets) s->check_idle(now);
}

// [SECTION] Hub

Hub::Hub(HubOptions opts) : impl_(std::make_shared<Impl>(opts)) {
  impl_->arm_sweep();
  impl_->thread = std::thread([impl = impl_.get()] {
    ::pthread_setname_np(::pthread_self(), "hallq-fanout");
    for (;;) {
      try {
        impl->io.run();
        return;
      } catch (const std::exception& e) {
        // A handler must not throw; if one does, log it and keep serving the others.
        log::error("ws", std::string("fan-out handler threw: ") + e.what());
      }
    }
  });
}

Hub::~Hub() { stop(); }

std::size_t Hub::subscribers() const noexcept { return impl_->subscribers.load(std::memory_order_relaxed); }
std::uint64_t Hub::dropped() const noexcept { return impl_->dropped.load(std::memory_order_relaxed); }
std::uint64_t Hub::frames_sent() const noexcept { return impl_->frames_sent.load(std::memory_order_relaxed); }
std::uint64_t Hub::writes() const noexcept { return impl_->writes.load(std::memory_order_relaxed); }
const HubOptions& Hub::options() const noexcept { return impl_->opts; }

void Hub::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->stopping = true;
    impl->batch_timer.cancel();
    impl->sweep_timer.cancel();
    const auto all = impl->sessions;
    for (const auto& s : all) s->close_now();
    impl->work.reset();
  });
  impl_->thread.join();
}

void Hub::publish(std::int64_t first_seq, std::vector<std::string> bodies) {
  // Framed once here, sent as the same bytes to every subscriber.
  std::vector<Frame> frames;
  frames.reserve(bodies.size());
  for (const auto& body : bodies) frames.push_back(std::make_shared<const std::string>(ws::event_frame(body)));
  asio::post(impl_->io, [impl = impl_.get(), first_seq, frames = std::move(frames)]() mutable {
    impl->on_publish(first_seq, std::move(frames));
  });
}

void Hub::rewind(std::int64_t seq) {
  asio::post(impl_->io, [impl = impl_.get(), seq] {
    // Undelivered events past `seq` were never durable: drop them too.
    std::erase_if(impl->pending, [seq](const auto& p) { return p.first > seq; });
    while (!impl->ring.empty() && impl->newest() > seq) impl->ring.pop_back();
    if (impl->ring.empty()) impl->base = seq;
  });
}

void Hub::attach(tcp::socket socket, Request upgrade, std::string who, std::optional<std::int64_t> since, SnapshotSource snapshot) {
  // The socket moves to the hub's io_context: same descriptor, registered with our reactor.
  boost::system::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return;  // the peer is already gone
  const auto fd = socket.release(ec);
  if (ec) {
    log::warn("ws", "cannot hand the connection to the fan-out thread: " + ec.message());
    return;
  }
  tcp::socket moved(impl_->io);
  moved.assign(protocol, fd, ec);
  if (ec) {
    ::close(fd);
    log::warn("ws", "cannot hand the connection to the fan-out thread: " + ec.message());
    return;
  }
  asio::post(impl_->io, [impl = impl_.get(), sock = std::move(moved), upgrade = std::move(upgrade), who = std::move(who), since,
                         snapshot = std::move(snapshot)]() mutable {
    if (impl->stopping) return;  // the socket closes with the handler
    auto s = std::make_shared<Session>(*impl, std::move(sock), std::move(who));
    impl->sessions.push_back(s);
    s->start(std::move(upgrade), since, std::move(snapshot));
  });
}

}  // namespace hallq::server
