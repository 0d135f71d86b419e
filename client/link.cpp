#include "client/link.hpp"

#include <boost/json.hpp>

#include "client/http_client.hpp"
#include "client/ws_client.hpp"

namespace hallq::client {

namespace json = boost::json;

const char* to_string(LinkPhase p) noexcept {
  switch (p) {
    case LinkPhase::connecting: return "connecting";
    case LinkPhase::live: return "live";
    case LinkPhase::reconnecting: return "reconnecting";
  }
  return "?";
}

Link::Link(LinkOptions options) : opts_(std::move(options)) {
  status_.since = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

Link::~Link() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

LinkStatus Link::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

bool Link::pump(Mirror& m) {
  std::deque<Item> items;
  {
    std::lock_guard lock(mu_);
    items.swap(inbox_);
  }
  bool changed = false;
  for (auto& item : items) {
    if (item.hall) {
      std::string why;
      if (!m.set_hall(*item.hall, &why)) {
        std::lock_guard lock(mu_);
        status_.last_error = "hall config from the server is unreadable: " + why;
        continue;
      }
      changed = true;
      continue;
    }
    std::string why;
    const auto r = m.on_message(item.message, &why);
    if (r == Mirror::Result::applied) changed = true;
    if (r == Mirror::Result::gap || r == Mirror::Result::error) {
      // Drop the rest: they follow the hole. The link resumes from what the mirror holds.
      std::lock_guard lock(mu_);
      resync_from_ = m.ready() ? m.seq() : -1;
      if (r == Mirror::Result::error) status_.last_error = why;
      inbox_.clear();
      break;
    }
  }
  return changed;
}

void Link::set_phase(LinkPhase p, std::string error, unsigned http_status) {
  std::lock_guard lock(mu_);
  if (status_.phase != p) status_.since = std::chrono::steady_clock::now();
  if (p == LinkPhase::live) status_.attempts = 0;
  else if (!error.empty())
    ++status_.attempts;
  status_.phase = p;
  status_.last_error = std::move(error);
  status_.last_http_status = http_status;
}

bool Link::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stop_; });
}

void Link::run() {
  std::string hall_text;
  std::optional<std::int64_t> last_seq;  // the newest seq passed to the GUI thread
  auto backoff = opts_.first_backoff;
  bool was_live = false;
  auto wake = [this] {
    if (opts_.wake) opts_.wake();
  };
  auto failed = [&](std::string why, unsigned status) {
    set_phase(was_live ? LinkPhase::reconnecting : LinkPhase::connecting, std::move(why), status);
    wake();
    const bool go_on = sleep_for(backoff);
    backoff = std::min(backoff * 2, opts_.max_backoff);
    return go_on;
  };
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      if (resync_from_) {
        last_seq = *resync_from_ >= 0 ? std::optional<std::int64_t>(*resync_from_) : std::nullopt;
        resync_from_.reset();
      }
    }
    HttpClient http(opts_.server.port, opts_.server.host);
    http.set_timeout(std::chrono::seconds(5));
    const auto hall = http.get("/api/hall", opts_.token);
    if (hall.status != 200) {
      std::string why = hall.status == 0 ? "server unreachable: " + hall.body : "GET /api/hall answered " + hall.describe();
      if (!failed(std::move(why), hall.status)) return;
      continue;
    }
    if (hall.body != hall_text) {
      // A different hall (first contact, or the server restarted with a new config): the
      // mirror starts over from a snapshot.
      hall_text = hall.body;
      last_seq.reset();
      std::lock_guard lock(mu_);
      inbox_.push_back(Item{hall_text, {}});
    }
    WsClient ws;
    ws.set_host(opts_.server.host);
    ws.set_extra_query("mirror=1");
    const unsigned status = ws.try_connect(opts_.server.port, opts_.token, last_seq, std::chrono::seconds(5));
    if (status != 101) {
      std::string why = status == 0 ? "WebSocket: " + ws.close_reason()
                                    : "WebSocket refused: " + std::to_string(status) + " " + ws.refusal_body();
      if (!failed(std::move(why), status)) return;
      continue;
    }
    was_live = true;
    backoff = opts_.first_backoff;
    set_phase(LinkPhase::live);
    wake();
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
        if (resync_from_) break;  // the mirror saw a hole: reconnect from what it holds
      }
      auto msg = ws.next(std::chrono::milliseconds(200));
      if (!msg) {
        if (ws.closed()) {
          set_phase(LinkPhase::reconnecting, "connection lost: " + ws.close_reason());
          wake();
          break;
        }
        continue;
      }
      const auto* type = msg->if_contains("type");
      if (type && *type == "snapshot") {
        if (const auto* s = msg->if_contains("seq"); s && s->is_int64()) last_seq = s->as_int64();
      } else if (type && *type == "event") {
        const auto* ev = msg->if_contains("event");
        const auto* s = ev && ev->is_object() ? ev->as_object().if_contains("seq") : nullptr;
        if (!s || !s->is_int64()) continue;
        const std::int64_t seq = s->as_int64();
        if (last_seq && seq <= *last_seq) continue;   // already passed on
        if (last_seq && seq != *last_seq + 1) break;  // a hole: resume from last_seq
        last_seq = seq;
      }
      {
        std::lock_guard lock(mu_);
        inbox_.push_back(Item{std::nullopt, std::move(*msg)});
      }
      wake();
    }
    ws.close();
    if (!sleep_for(opts_.first_backoff)) return;
  }
}

}  // namespace hallq::client
