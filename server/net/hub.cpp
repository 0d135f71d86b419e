// The fan-out thread: WebSocket sessions (Beast streams over a corked socket, so that a
// subscriber's backlog leaves in one gathered write), the delivery rounds and the resume ring.
#include "net/hub.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <pthread.h>
#include <unistd.h>

#include <deque>
#include <string_view>
#include <thread>

#include "corked_socket.hpp"
#include "fanout_messages.hpp"
#include "shell/log.hpp"

namespace hallq::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A gathered write carries at most this many messages: a bound on what a session holds in flight.
constexpr std::size_t kMaxPerWrite = 1024;
// A `batch=1` resume backlog goes in messages of at most this many events.
constexpr std::size_t kMaxPerBatch = 1000;

bool quiet(const boost::system::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor || ec == websocket::error::closed;
}

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
  asio::steady_timer stop_timer{io};  // stop(): the grace for answering our 1001
  std::thread thread;

  // [hub thread] below
  std::deque<Frame> ring;
  std::int64_t base = 0;                                // seq of the event before ring.front()
  std::vector<std::pair<std::int64_t, Frame>> pending;  // published, not yet handed to the sessions
  bool batch_armed = false;
  bool stopping = false;                           // stop() ran: nothing re-arms a timer or starts a session after it
  Clock::time_point last_delivery{};               // when the last delivery round ended
  Clock::duration last_round{};                    // how long it took
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
  Session(Hub::Impl& hub, tcp::socket socket, std::string already_read, std::string who, bool batch)
      : hub_(hub), ws_(std::move(socket), std::move(already_read)), who_(std::move(who)), batch_(batch) {}

  void start(Request upgrade, std::optional<std::int64_t> since, SnapshotSource snapshot) {
    boost::system::error_code ignored;
    if (hub_.opts.send_buffer > 0)
      ws_.next_layer().socket().set_option(asio::socket_base::send_buffer_size(hub_.opts.send_buffer), ignored);
    ws_.next_layer().observe(weak_from_this(),
                             [this](beast::error_code ec, std::size_t bytes, bool drained) { on_progress(ec, bytes, drained); });
    ws_.set_option(
        websocket::stream_base::decorator([](websocket::response_type& res) { res.set(beast::http::field::server, "hallq"); }));
    // Beast's own timer bounds the handshakes, opening and closing (the linger on a close);
    // idle clients are the sweep's business.
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = hub_.opts.linger;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.auto_fragment(false);  // every message one frame (docs/api.md)
    ws_.read_message_max(hub_.opts.max_client_message);
    ws_.control_callback([this](websocket::frame_type, beast::string_view) { heard(); });
    // Beast answers the upgrade (Sec-WebSocket-Accept, or a 400 for a bad request).
    ws_.async_accept(upgrade, [self = shared_from_this(), since, snapshot = std::move(snapshot)](beast::error_code ec) mutable {
      self->on_accept(ec, since, std::move(snapshot));
    });
  }

  bool joined() const noexcept { return joined_; }
  bool open() const noexcept { return !closed_; }

  /// Queues a round of committed events except those this session already has (its snapshot
  /// or resume covered them). Does not write: kick() does.
  void deliver(Round& round, Clock::time_point now) {
    const auto& events = round.events();
    if (!joined_ || events.back().first <= after_seq_) return;
    if (events.front().first > after_seq_) {
      if (batch_) return push(round.as_one(), now, events.size(), 1);
      return push(round.framed(), now, events.size(), events.size());
    }
    // Right after joining: only the events after its snapshot.
    EventsMessage m;
    Frames framed;
    for (const auto& [seq, f] : events) {
      if (seq <= after_seq_) continue;
      if (batch_) m.add(f);
      else
        framed.add(f);
    }
    const std::size_t count = batch_ ? m.count() : framed.count();
    if (m.count()) framed.add(m.done());
    if (count) push(framed.done(), now, count, framed.count());
  }

  /// Hands the queue over, unless a gathered write is still under way.
  void kick() {
    if (!handing_ && accepted_ && !closing_ && !closed_ && !queue_.empty() && !ws_.next_layer().busy()) hand();
  }

  /// [sweep] pings a silent client, drops one silent for too long, ends a close that hangs.
  void check_idle(Clock::time_point now) {
    if (closed_ || !accepted_) return;
    if (closing_) {
      // Beast's timer ends a close handshake after `linger`; this is the backstop.
      if (now - closing_since_ > hub_.opts.linger + std::chrono::seconds(2)) close_now();
      return;
    }
    const auto idle = hub_.opts.idle;
    const auto silent = now - last_read_;
    if (silent > idle) {
      log::warn("ws", "dropping silent subscriber " + who_ + " (no frame for " +
                          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(silent).count()) + " s)");
      hub_.dropped.fetch_add(1, std::memory_order_relaxed);
      return close_now();
    }
    if (silent > idle / 3 && !ping_sent_) {
      ping_sent_ = true;
      ws_.async_ping("hallq", [self = shared_from_this()](beast::error_code) {});
    }
  }

  /// Server shutdown: 1001 going away, after whatever is already on its way.
  void going_away() {
    if (!accepted_) return close_now();
    drop_queue();
    close_with(websocket::close_code::going_away);
  }

  /// Closes the connection at once (shutdown grace over, silent client, close handshake done).
  void close_now() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    auto& sock = ws_.next_layer().socket();
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
    hub_.remove(this);
  }

 private:
  void on_accept(beast::error_code ec, std::optional<std::int64_t> since, SnapshotSource snapshot) {
    if (closed_) return;  // closed during the handshake (shutdown)
    if (ec) {
      if (!quiet(ec)) log::warn("ws", "handshake: " + ec.message());
      return close_now();
    }
    accepted_ = true;
    last_read_ = Clock::now();
    do_read();
    std::vector<Frame> backlog;
    if (since && hub_.since(*since, backlog) && fits(backlog)) {
      // Resume: every durable event after `since`, then live ones.
      after_seq_ = hub_.newest();
      const auto now = Clock::now();
      if (!batch_) {
        Frames framed;
        for (const auto& f : backlog) framed.add(f);
        if (framed.count()) push(framed.done(), now, framed.count(), framed.count());
      } else {
        for (std::size_t at = 0; at < backlog.size(); at += kMaxPerBatch) {
          EventsMessage m;
          for (std::size_t i = at; i < std::min(backlog.size(), at + kMaxPerBatch); ++i) m.add(backlog[i]);
          const auto events = m.count();
          Frames f;
          f.add(m.done());
          push(f.done(), now, events, 1);
        }
      }
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
        if (!self || self->closed_ || self->closing_) return;
        if (!frame) return self->close_now();  // the commit behind the snapshot failed
        self->after_seq_ = seq;
        self->push(frame, Clock::now());
        self->join();
      });
    });
  }

  void join() {
    if (closed_ || closing_) return;  // the backlog or snapshot alone was over the queue limits
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

  /// Queues message `f` (holding `events` events) — or, when `frames` > 0, that many frames we
  /// built ourselves, end to end — and closes a reader that is too far behind.
  void push(const Frame& f, Clock::time_point now, std::size_t events = 1, std::size_t frames = 0) {
    if (closed_ || closing_) return;
    if (queue_.empty() && in_flight_.messages == 0) head_since_ = now;
    queued_.messages += 1;
    queued_.bytes += f->size();
    queued_.events += events;
    queue_.push_back(Out{f, events, frames});
    // Slow = the oldest unsent message has waited too long, or the backlog is huge. A burst our
    // own writer is still working through is neither.
    const auto& o = hub_.opts;
    const bool stale = queue_.size() + in_flight_.messages > 1 && now - head_since_ > o.max_lag;
    if (stale || queued_.events > o.queue_frames || queued_.bytes > o.queue_bytes) {
      // A reader this far behind is closed with 1008; it reconnects with `since` when it can keep up.
      hub_.dropped.fetch_add(1, std::memory_order_relaxed);
      log::warn("ws", "dropping slow subscriber " + who_);
      drop_queue();
      close_with(websocket::close_code::policy_error);
    }
  }

  void drop_queue() {
    queue_.clear();
    queued_ = in_flight_;
  }

  // Hands the queue over, corked: our frames go straight to the socket layer, messages through
  // Beast one by one; uncork() then sends it all in one gathered write.
  void hand() {
    handing_ = true;
    ws_.next_layer().cork();
    hand_next();
  }

  void hand_next() {
    Out o = std::move(queue_.front());
    queue_.pop_front();
    in_flight_.messages += o.frames ? o.frames : 1;
    in_flight_.events += o.events;
    in_flight_.bytes += o.bytes->size();
    if (o.frames) {
      // Frames of ours: no write of Beast's is under way here (we wait for each), so they
      // fall between its messages.
      if (ws_.is_open()) ws_.next_layer().send_frames(o.bytes);
      return on_handed({});
    }
    ws_.next_layer().hold(o.bytes);
    ws_.async_write(asio::buffer(*o.bytes),
                    [self = shared_from_this(), keep = o.bytes](beast::error_code ec, std::size_t) { self->on_handed(ec); });
  }

  void on_handed(beast::error_code ec) {
    if (ec) {
      handing_ = false;
      if (!quiet(ec)) log::warn("ws", "write to " + who_ + ": " + ec.message());
      return close_now();
    }
    if (!queue_.empty() && !closing_ && !closed_ && in_flight_.messages < kMaxPerWrite) return hand_next();
    handing_ = false;
    ws_.next_layer().uncork();
  }

  void on_progress(beast::error_code ec, std::size_t bytes, bool drained) {
    if (ec) {
      if (!quiet(ec)) log::warn("ws", "write to " + who_ + ": " + ec.message());
      return close_now();
    }
    if (bytes) hub_.writes.fetch_add(1, std::memory_order_relaxed);
    head_since_ = Clock::now();  // progress: the lag rule counts from the last byte the reader took
    if (!drained) return;
    hub_.frames_sent.fetch_add(in_flight_.messages, std::memory_order_relaxed);
    queued_.messages -= std::min(queued_.messages, in_flight_.messages);
    queued_.events -= std::min(queued_.events, in_flight_.events);
    queued_.bytes -= std::min(queued_.bytes, in_flight_.bytes);
    in_flight_ = {};
    kick();
  }

  /// Our close frame with `code`; Beast then waits (at most `linger`) for the client's, and
  /// tears the connection down so that the frame is not lost to a reset.
  void close_with(std::uint16_t code) {
    if (closing_ || closed_) return;
    closing_ = true;
    closing_since_ = Clock::now();
    ws_.async_close(websocket::close_reason(code), [self = shared_from_this()](beast::error_code) { self->close_now(); });
  }

  void do_read() {
    ws_.async_read(rbuf_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      // Beast has answered a broken frame (1002), bad UTF-8 (1007) or an oversized message
      // (1009) with its close frame, or echoed the client's close, and torn the connection down.
      if (!quiet(ec)) log::warn("ws", "closing " + who_ + ": " + ec.message());
      return close_now();
    }
    heard();
    rbuf_.consume(rbuf_.size());  // clients have nothing to say yet
    do_read();
  }

  void heard() {
    last_read_ = Clock::now();
    ping_sent_ = false;
  }

  struct Out {
    Frame bytes;         // one message (Beast frames it), or frames of ours end to end
    std::size_t events;  // how many events it carries (a snapshot, one; a batch, its round)
    std::size_t frames;  // 0: a message; else the frames `bytes` holds
  };
  struct Amount {
    std::size_t messages = 0, events = 0, bytes = 0;
  };

  Hub::Impl& hub_;
  websocket::stream<CorkedSocket> ws_;
  std::string who_;
  const bool batch_;
  std::deque<Out> queue_;
  Amount queued_;     // unsent: the queue and what is in flight
  Amount in_flight_;  // handed to Beast, not yet all written
  Clock::time_point head_since_{};
  Clock::time_point closing_since_{};
  bool accepted_ = false;
  bool handing_ = false;  // corked, handing messages to Beast
  std::int64_t after_seq_ = 0;
  bool joined_ = false;
  bool closing_ = false;  // our close is under way: nothing more is queued after it
  bool closed_ = false;
  beast::flat_buffer rbuf_;
  Clock::time_point last_read_ = Clock::now();
  bool ping_sent_ = false;
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
  // Each event's message was built once (publish); a `batch=1` round is built once, here, for
  // the first subscriber that wants it. A copy of the list: a session that falls too far behind
  // leaves it from inside deliver().
  Round round(pending);
  const auto targets = sessions;
  for (const auto& s : targets) {
    if (!s->joined() || !s->open()) continue;
    s->deliver(round, start);
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
    if (stopping && sessions.empty()) stop_timer.cancel();  // every subscriber answered our 1001
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
    for (const auto& s : all) s->going_away();
    if (!impl->sessions.empty()) {
      impl->stop_timer.expires_after(impl->opts.stop_grace);
      impl->stop_timer.async_wait([impl](boost::system::error_code) {
        const auto left = impl->sessions;
        for (const auto& s : left) s->close_now();
      });
    }
    impl->work.reset();
  });
  impl_->thread.join();
}

void Hub::publish(std::int64_t first_seq, std::vector<std::string> bodies) {
  // Each event's message is built once here and sent as the same bytes to every subscriber.
  std::vector<Frame> frames;
  frames.reserve(bodies.size());
  for (const auto& body : bodies) frames.push_back(event_message(body));
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

void Hub::attach(tcp::socket socket, Request upgrade, std::string already_read, std::string who, Subscription sub,
                 SnapshotSource snapshot) {
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
  asio::post(impl_->io,
             [impl = impl_.get(), sock = std::move(moved), upgrade = std::move(upgrade), already_read = std::move(already_read),
              who = std::move(who), sub, snapshot = std::move(snapshot)]() mutable {
               if (impl->stopping) return;  // the socket closes with the handler
               auto s = std::make_shared<Session>(*impl, std::move(sock), std::move(already_read), std::move(who), sub.batch);
               impl->sessions.push_back(s);
               s->start(std::move(upgrade), sub.since, std::move(snapshot));
             });
}

}  // namespace hallq::server
