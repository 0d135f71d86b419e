// The shell: read the clock, decide, apply, group-commit, then answer and broadcast.
#include "shell/hall.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <iostream>

#include "shell/log.hpp"
#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"

namespace hallq::server {

namespace json = boost::json;
using core::Time;

namespace {

// Events reloaded into the resume ring at start (a day of a large hall is ~60k events; a client
// that was cut off for longer than this many events gets a fresh snapshot instead).
constexpr std::int64_t kResumeAfterRestart = 20'000;

Time wall_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Hall::Hall(boost::asio::io_context& io, std::shared_ptr<const domain::HallConfig> cfg, store::EventStore& store,
           EventPublisher& publisher, HallOptions opts)
    : io_(io),
      cfg_(std::move(cfg)),
      store_(store),
      publisher_(publisher),
      opts_(std::move(opts)),
      timer_(io),
      engine_(*this, cfg_) {}

Hall::~Hall() { stop(); }

Time Hall::now() const {
  const Time raw = opts_.clock == ClockMode::manual ? manual_now_ : wall_now();
  return std::max(raw, engine_.state.now);  // hall time never runs backwards
}

void Hall::rebuild_from_store() {
  ++epoch_;
  core::State state(cfg_);
  if (auto snap = store_.latest_snapshot(); snap && snap->config_digest == opts_.config_digest) {
    if (auto decoded = proto::decode_state(snap->state, cfg_)) {
      state = std::move(*decoded);
      last_snapshot_seq_ = snap->seq;
    }
  }
  const auto offset = cfg_->hall.utc_offset;
  store_.for_each_event(state.seq, [&](std::int64_t seq, std::string_view body) {
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    std::string err;
    const auto e = !ec && v.is_object() ? proto::decode_event(v.get_object(), offset, &err) : std::nullopt;
    if (!e)
      throw std::runtime_error("event " + std::to_string(seq) + " in " + store_.path() +
                               " is unreadable: " + (ec ? ec.message() : err));
    if (e->seq != state.seq + 1)
      throw std::runtime_error("event log of " + store_.path() + " has a gap before seq " + std::to_string(e->seq));
    core::apply(state, *e);
  });
  durable_seq_ = state.seq;
  const Time replayed_to = state.now;
  // The snapshot thread starts from its own copy of what the log holds.
  if (snapshotter_) snapshotter_->reset(state, last_snapshot_seq_);
  engine_.reset(std::move(state), replayed_to);
  publisher_.rewind(durable_seq_);
}

void Hall::start() {
  const auto t0 = std::chrono::steady_clock::now();
  // The commit thread first: the snapshot thread may hand it a snapshot as soon as it has the
  // replayed state (when the replayed tail is already `snapshot_every` long).
  committer_ = std::make_unique<store::CommitThread>(store_);
  snapshotter_ = std::make_unique<Snapshotter>(opts_.snapshot_every, opts_.config_digest, [this](store::Snapshot snap) {
    // The snapshot goes to the commit thread in a transaction of its own; nobody waits for it.
    store::CommitThread::Batch b;
    b.snapshot = std::move(snap);
    b.done = [seq = b.snapshot->seq](std::optional<std::string> error) {
      if (error) log::warn("store", "snapshot at seq " + std::to_string(seq) + " not stored: " + *error);
    };
    committer_->submit(std::move(b));
  });
  rebuild_from_store();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  log::info("hall", "replayed log seq=" + std::to_string(engine_.state.seq) +
                        " from_snapshot=" + std::to_string(last_snapshot_seq_) + " ms=" + std::to_string(ms));
  // The newest events go back into the resume ring: a display that lost the connection when
  // this server went down resumes with `since` and sees every call it missed, one by one.
  const std::int64_t keep = std::min<std::int64_t>(kResumeAfterRestart, durable_seq_);
  const auto recent = store_.events_after(durable_seq_ - keep, static_cast<int>(keep));
  const auto first_recent = durable_seq_ - static_cast<std::int64_t>(recent.size()) + 1;
  publisher_.publish(first_recent, std::vector<std::string>(recent.begin(), recent.end()));
  // Manual clock resumes at the later of --start and the last event (time never runs backwards).
  manual_now_ = std::max(opts_.start, engine_.state.now);
  engine_.start(now());
  if (!opts_.startup_events.empty()) {
    core::Events events = std::move(opts_.startup_events);
    opts_.startup_events.clear();
    const Time t = now();
    for (std::size_t i = 0; i < events.size(); ++i) {
      events[i].seq = engine_.state.seq + 1 + static_cast<std::int64_t>(i);
      events[i].at = t;
    }
    engine_.emit(events);
  }
  if (opts_.clock == ClockMode::real) schedule_timer();
}

void Hall::stop() {
  if (stopping_) return;
  stopping_ = true;
  timer_.cancel();
  if (committer_) {
    flush();
    if (snapshotter_) snapshotter_->stop();  // it may still hand the commit thread a snapshot
    committer_->stop();
  }
}

void Hall::schedule_timer() {
  // Wake at the next deadline, or in a second at most (the wall clock may jump).
  const Time next = core::next_deadline(engine_.state, engine_.timers_done());
  const auto wait = std::clamp<Time>(next - wall_now(), 0, 1);
  timer_.expires_after(std::chrono::seconds(wait));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    engine_.run_timers(now());
    schedule_timer();
  });
}

void Hall::Engine::after_event(const domain::Event& e) {
  hall_.open_batch_.push_back(
      store::StoredEvent{e.seq, e.at, domain::to_string(e.type), proto::serialize_event(e, hall_.cfg_->hall.utc_offset)});
  hall_.open_events_.push_back(e);
}

void Hall::Engine::after_batch(const core::Events& events) {
  if (!events.empty()) hall_.flush();
}

void Hall::Engine::unsettled(Time) { log::warn("hall", "timed rules did not settle within 8 rounds"); }

void Hall::flush() {
  if (in_flight_ || open_batch_.empty() || !committer_) return;
  in_flight_ = true;
  store::CommitThread::Batch batch;
  batch.events = std::move(open_batch_);
  open_batch_.clear();
  const std::int64_t last = batch.events.back().seq;
  // The publisher gets the bodies, and the snapshot thread the events, once they are durable.
  std::vector<std::string> bodies;
  bodies.reserve(batch.events.size());
  for (const auto& e : batch.events) bodies.push_back(e.body);
  core::Events events = std::move(open_events_);
  open_events_.clear();
  const std::int64_t first = batch.events.front().seq;
  batch.done = [this, first, last, bodies = std::move(bodies),
                events = std::move(events)](std::optional<std::string> error) mutable {
    boost::asio::post(
        io_, [this, first, last, error = std::move(error), bodies = std::move(bodies), events = std::move(events)]() mutable {
          on_committed(first, last, std::move(error), std::move(bodies), std::move(events));
        });
  };
  committer_->submit(std::move(batch));
}

void Hall::on_committed(std::int64_t first, std::int64_t last, std::optional<std::string> error, std::vector<std::string> bodies,
                        core::Events events) {
  in_flight_ = false;
  if (error) {
    // Storage failed: nothing of this batch is on disk. Everything applied since the last
    // durable event is undone by rebuilding from the log; waiting callers get 503.
    log::error("store", "commit failed: " + *error);
    storage_ok_ = false;
    open_batch_.clear();
    open_events_.clear();
    std::deque<Waiter> failed;
    failed.swap(waiters_);
    try {
      last_snapshot_seq_ = 0;
      rebuild_from_store();
    } catch (const std::exception& ex) {
      log::error("store", std::string("cannot re-read the log after a failed commit: ") + ex.what());
    }
    for (auto& w : failed) w.fn(false);
    return;
  }
  storage_ok_ = true;
  durable_seq_ = last;
  committed_count_ += last - first + 1;
  ++commit_count_;
  // Answers first, then the broadcast: a caller's 2xx never trails its own event on /ws.
  while (!waiters_.empty() && waiters_.front().seq <= last) {
    auto fn = std::move(waiters_.front().fn);
    waiters_.pop_front();
    fn(true);
  }
  publisher_.publish(first, std::move(bodies));
  if (snapshotter_) snapshotter_->committed(std::move(events));
  flush();
}

void Hall::when_durable(std::function<void(bool)> fn) {
  if (engine_.state.seq <= durable_seq_) {
    fn(true);
    return;
  }
  waiters_.push_back(Waiter{engine_.state.seq, std::move(fn)});
}

void Hall::execute(core::Command cmd, std::function<std::string(const core::State&, const core::Events&)> render,
                   std::function<void(const CommandOutcome&, const std::string&)> reply) {
  const Time t = now();
  // Timed rules due by now come first (e.g. the session closed at 12:00:00); an accepted
  // command's consequences at the same second (alerts raised or resolved by it) follow it.
  core::Decision d = engine_.execute(cmd, t);
  // Answers — refusals too, which describe state that may still be committing — wait for it.
  const auto answer = [this, &reply](CommandOutcome out, std::string rendered) {
    when_durable([out = std::move(out), rendered = std::move(rendered), reply = std::move(reply)](bool ok) {
      if (ok) reply(out, rendered);
      else
        reply(CommandOutcome{CommandOutcome::Status::storage_failed, {}, {}}, {});
    });
  };
  if (auto* r = std::get_if<core::Rejected>(&d)) return answer({CommandOutcome::Status::rejected, std::move(*r), {}}, {});
  auto events = std::get<core::Events>(std::move(d));
  std::string rendered = render ? render(engine_.state, events) : std::string();
  answer({CommandOutcome::Status::ok, {}, std::move(events)}, std::move(rendered));
}

void Hall::advance_clock(std::int64_t seconds, std::function<void(bool)> done) {
  const Time target = now() + seconds;
  engine_.run_timers(target);
  manual_now_ = target;
  domain::Event e;
  e.type = domain::EventType::clock_advanced;
  e.at = target;
  e.actor = "admin";
  e.seq = engine_.state.seq + 1;
  e.advance_seconds = seconds;
  engine_.emit({e});
  when_durable(std::move(done));
}

}  // namespace hallq::server
