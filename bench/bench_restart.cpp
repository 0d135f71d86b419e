// hallq_bench_restart: how long the real server takes to start on a long history.
// Builds event logs of the requested sizes in-process, exactly as the server writes them:
// the engine driven like Hall (run_timers → decide → apply → settle), events serialized with
// proto::serialize_event, appended with store::EventStore::append in transactions of ~1000,
// a proto::encode_state snapshot every 50,000 events under the config digest the server
// computes (server::token_digest of the config text). The simulated hall works weekdays:
// staff sign in, citizens take tickets, windows call/start/finish (some no-shows, ratings),
// staff go off post (some covered by their B, some not: window_empty, violations), sign out;
// midnight ticks close each day. Then hallq-server is started on each database a few times
// (until its "listening on" line), with its snapshots and after DELETE FROM snapshots.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <queue>
#include <random>
#include <sstream>

#include "bench_common.hpp"
#include "engine_sim.hpp"
#include "net/auth.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/event_codec.hpp"
#include "store/db.hpp"
#include "store/event_store.hpp"
#include "protocol/state_codec.hpp"
#include "support/server_process.hpp"

using namespace hallq;
using namespace hallq::bench;
using Clock = std::chrono::steady_clock;
using core::Time;

namespace {

constexpr std::size_t batch_events = 1000;
constexpr std::int64_t snapshot_every = 50000;            // the server's default --snapshot-every
constexpr const char* sim_start = "2025-01-06T07:00:00";  // a Monday

// [SECTION] the simulated hall

enum class Kind { sign_in, try_call, start, recall, no_show, finish, off_post, take_over, ret, sign_out, rate, follow_up };

struct Act {
  Time at = 0;
  std::uint64_t order = 0;
  Kind kind = Kind::try_call;
  int window = 0;
  int tries = 0;
  std::string ticket;
  friend bool operator>(const Act& a, const Act& b) { return a.at != b.at ? a.at > b.at : a.order > b.order; }
};

class Generator {
 public:
  Generator(std::shared_ptr<const domain::HallConfig> cfg, HallSpec spec, std::string digest, store::EventStore& store)
      : cfg_(cfg),
        spec_(spec),
        digest_(std::move(digest)),
        store_(store),
        sim_(cfg),
        idle_(static_cast<std::size_t>(spec.windows), false) {
    sim_.sink = [this](const domain::Event& e) {
      batch_.push_back(
          store::StoredEvent{e.seq, e.at, domain::to_string(e.type), proto::serialize_event(e, cfg_->hall.utc_offset)});
      bytes_ += batch_.back().body.size();
      if (batch_.size() >= batch_events) flush();
    };
    sim_.start(*domain::parse_time(sim_start, cfg->hall.utc_offset));
  }

  std::int64_t events() const { return sim_.events; }
  int snapshots() const { return snapshots_; }
  std::size_t last_snapshot_bytes() const { return last_snapshot_bytes_; }
  double mean_event_bytes() const { return sim_.events ? static_cast<double>(bytes_) / static_cast<double>(sim_.events) : 0; }
  int days() const { return days_; }
  std::int64_t refused() const { return sim_.rejected; }
  const core::State& state() const { return sim_.state; }

  /// Runs the hall day by day until at least `target` events are stored.
  void run_until(std::int64_t target) {
    const auto offset = cfg_->hall.utc_offset;
    auto date = domain::local_date(*domain::parse_time(sim_start, offset), offset);
    while (sim_.events < target) {
      const Time midnight = domain::local_midnight(date, offset);
      if (cfg_->is_workday(date, domain::local_weekday(midnight, offset))) {
        plan_day(midnight);
        ++days_;
        while (!acts_.empty() && sim_.events < target) {
          Act a = acts_.top();
          acts_.pop();
          act(a);
        }
        acts_ = {};
      }
      date = domain::civil_from_days(domain::days_from_civil(date) + 1);
    }
    flush();
  }

 private:
  Time rnd(Time lo, Time hi) { return lo + static_cast<Time>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  void at(Time t, Kind k, int w, std::string ticket = {}, int tries = 0) {
    acts_.push(Act{t, ++order_, k, w, tries, std::move(ticket)});
  }

  std::string new_ticket_id() {
    static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string id(22, 'x');  // the size of the server's random_token(16)
    for (auto& c : id) c = abc[rng_() % 64];
    return id;
  }

  void plan_day(Time midnight) {
    const Time h = 3600;
    for (int w = 0; w < spec_.windows; ++w) {
      at(rnd(midnight + 8 * h + 45 * 60, midnight + 8 * h + 59 * 60), Kind::sign_in, w);
      at(rnd(midnight + 17 * h + 5 * 60, midnight + 17 * h + 15 * 60), Kind::sign_out, w);
    }
    // Citizens: about 24 per window per session, for any service; the kiosk refuses out of hours.
    for (const Time open : {midnight + 9 * h, midnight + 14 * h}) {
      for (int k = 0; k < 24 * spec_.windows; ++k) issues_.push(rnd(open, open + 3 * h - 10 * 60));
    }
    // The supervisor calls back yesterday's bad ratings in the morning (R-SVC-5).
    at(rnd(midnight + 9 * h + 30 * 60, midnight + 10 * h), Kind::follow_up, -1);
    // Most days someone leaves the post for a while; half of the time the B covers it.
    if (chance(0.6)) {
      const int w = static_cast<int>(rng_() % static_cast<std::uint64_t>(spec_.windows));
      at(rnd(midnight + 10 * h, midnight + 11 * h), Kind::off_post, w);
    }
    // Issues are merged into the action queue as a kind of their own (window = -1).
    while (!issues_.empty()) {
      acts_.push(Act{issues_.top(), ++order_, Kind::try_call, -1, 0, {}});
      issues_.pop();
    }
  }

  std::optional<core::Events> exec(std::string actor, core::CommandBody body, Time t) {
    return sim_.execute(std::move(actor), std::move(body), t);
  }

  std::string on_post(int w) const { return sim_.state.windows.at(window_id(w)).on_post; }

  void wake(int w, Time t) {
    if (!idle_[static_cast<std::size_t>(w)]) return;
    idle_[static_cast<std::size_t>(w)] = false;
    at(t + rnd(5, 20), Kind::try_call, w);
  }

  void act(const Act& a) {
    const std::string wid = a.window >= 0 ? window_id(a.window) : std::string();
    switch (a.kind) {
      case Kind::sign_in:
        if (exec(a_staff(a.window), core::SignIn{a_staff(a.window), wid}, a.at)) idle_[static_cast<std::size_t>(a.window)] = true;
        break;
      case Kind::try_call: {
        if (a.window < 0) return issue(a.at);
        const std::string staff = on_post(a.window);
        if (staff.empty()) {
          idle_[static_cast<std::size_t>(a.window)] = true;  // woken again when someone takes the post
          break;
        }
        const auto r = exec(staff, core::CallNext{wid}, a.at);
        if (!r || r->empty()) {
          idle_[static_cast<std::size_t>(a.window)] = true;  // nothing waits: woken by the next ticket
          break;
        }
        const std::string ticket = r->front().ticket;
        if (chance(0.04)) {
          at(a.at + 60, Kind::recall, a.window, ticket);
          at(a.at + 150, Kind::no_show, a.window, ticket);
        } else {
          const Time started = a.at + rnd(20, 60);
          at(started, Kind::start, a.window, ticket);
          at(started + rnd(120, 600), Kind::finish, a.window, ticket);
        }
        break;
      }
      case Kind::start: exec(on_post(a.window), core::StartService{wid}, a.at); break;
      case Kind::recall: exec(on_post(a.window), core::Recall{wid}, a.at); break;
      case Kind::no_show:
        exec(on_post(a.window), core::MarkNoShow{wid}, a.at);
        at(a.at + rnd(5, 30), Kind::try_call, a.window);
        break;
      case Kind::finish:
        if (exec(on_post(a.window), core::FinishService{wid, "done", {}}, a.at) && chance(0.3))
          at(a.at + rnd(60, 600), Kind::rate, a.window, a.ticket);
        at(a.at + rnd(5, 30), Kind::try_call, a.window);
        break;
      case Kind::rate: exec("citizen", core::RateTicket{a.ticket, chance(0.05) ? 2 : 5}, a.at); break;
      case Kind::follow_up: {
        std::vector<std::string> open;
        for (const auto& id : sim_.state.open_follow_ups)
          if (sim_.state.follow_ups.at(id).opened_at < a.at - 12 * 3600) open.push_back(id);
        for (const auto& id : open) exec("sup1", core::CloseFollowUp{id, "已回访"}, a.at);
        break;
      }
      case Kind::off_post: {
        const auto& ws = sim_.state.windows.at(wid);
        if (!ws.current_ticket.empty() || ws.on_post != a_staff(a.window)) {  // R-OFF-2: finish first
          if (a.tries < 30) at(a.at + 60, Kind::off_post, a.window, {}, a.tries + 1);
          break;
        }
        const int expected = static_cast<int>(rnd(10, 20));
        if (!exec(a_staff(a.window), core::GoOffPost{a_staff(a.window), "取材料", "档案室", expected}, a.at)) break;
        if (chance(0.5)) at(a.at + rnd(60, 150), Kind::take_over, a.window);
        at(a.at + rnd(5 * 60, 30 * 60), Kind::ret, a.window);  // sometimes later than said: overdue
        break;
      }
      case Kind::take_over:
        if (exec(b_staff(a.window), core::TakeOver{b_staff(a.window), wid}, a.at)) wake(a.window, a.at);
        break;
      case Kind::ret:
        if (exec(a_staff(a.window), core::ReturnToPost{a_staff(a.window)}, a.at)) {
          wake(a.window, a.at);
        } else if (sim_.last_rejection == "ticket_in_progress" && a.tries < 30) {
          at(a.at + 60, Kind::ret, a.window, {}, a.tries + 1);  // the B finishes its ticket first
        }
        break;
      case Kind::sign_out: {
        const std::string staff = on_post(a.window);
        if (staff.empty()) break;  // nobody there (the midnight tick signs out whoever is left)
        if (!exec(staff, core::SignOut{staff}, a.at) && a.tries < 20) at(a.at + 120, Kind::sign_out, a.window, {}, a.tries + 1);
        break;
      }
    }
  }

  void issue(Time t) {
    const int service = static_cast<int>(rng_() % static_cast<std::uint64_t>(spec_.services));
    const auto r = exec("kiosk-1",
                        core::IssueTicket{service_id(service), chance(0.05) ? "green" : "normal", "", "", new_ticket_id()}, t);
    if (!r) return;
    for (int w = 0; w < spec_.windows; ++w) {
      const auto sv = services_of(spec_, w);
      if (idle_[static_cast<std::size_t>(w)] && std::find(sv.begin(), sv.end(), service) != sv.end() && !on_post(w).empty()) {
        wake(w, t);
        break;
      }
    }
  }

  void flush() {
    if (batch_.empty()) return;
    // Same rule as Hall::flush: a snapshot of the state at the batch's last event.
    std::optional<store::Snapshot> snap;
    const std::int64_t last = batch_.back().seq;
    if (last - last_snapshot_ >= snapshot_every) {
      snap = store::Snapshot{last, digest_, proto::encode_state(sim_.state)};
      last_snapshot_ = last;
      last_snapshot_bytes_ = snap->state.size();
      ++snapshots_;
    }
    if (snap) {
      const store::SnapshotPiece whole{*snap, 0, snap->state.size()};  // the server writes it in pieces; one here
      store_.append(batch_, &whole);
    } else {
      store_.append(batch_);
    }
    batch_.clear();
  }

  std::shared_ptr<const domain::HallConfig> cfg_;
  HallSpec spec_;
  std::string digest_;
  store::EventStore& store_;
  EngineSim sim_;
  std::mt19937_64 rng_{20250106};
  std::priority_queue<Act, std::vector<Act>, std::greater<>> acts_;
  std::priority_queue<Time, std::vector<Time>, std::greater<>> issues_;
  std::uint64_t order_ = 0;
  std::vector<bool> idle_;
  std::vector<store::StoredEvent> batch_;
  std::int64_t last_snapshot_ = 0;
  int snapshots_ = 0;
  std::size_t last_snapshot_bytes_ = 0;
  std::size_t bytes_ = 0;
  int days_ = 0;
};

// [SECTION] timing the real server

struct StartTiming {
  double total_ms = 0;    // spawn → "listening on" line
  double replay_ms = -1;  // the server's own "replayed log … ms=" figure
  double rss_mib = 0;     // the server's VmRSS once it listens
  std::int64_t from_snapshot = -1;
};

/// The last "replayed log seq=… from_snapshot=… ms=…" line of the server log.
void parse_replay(const std::string& log, StartTiming& t) {
  const auto at = log.rfind("replayed log seq=");
  if (at == std::string::npos) return;
  std::istringstream in(log.substr(at));
  std::string word;
  while (in >> word) {
    if (word.rfind("from_snapshot=", 0) == 0) t.from_snapshot = std::stoll(word.substr(14));
    if (word.rfind("ms=", 0) == 0) {
      t.replay_ms = std::stod(word.substr(3));
      break;
    }
  }
}

StartTiming time_start(test::ServerProcess& server) {
  StartTiming t;
  const auto t0 = Clock::now();
  server.start(test::manual_clock(sim_start));
  t.total_ms = ms_since(t0);
  t.rss_mib = memory_mib(server.pid()).first;
  parse_replay(server.log(), t);
  const int code = server.stop();
  if (code != 0) throw std::runtime_error(cat("server exit code ", std::to_string(code), "\n", server.log()));
  return t;
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::uintmax_t db_bytes(const std::filesystem::path& db) {
  std::uintmax_t n = 0;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const auto s = std::filesystem::file_size(db.string() + suffix, ec);
    if (!ec) n += s;
  }
  return n;
}

struct Row {
  std::int64_t events = 0;
  double mb = 0;
  double with_ms = 0, with_min = 0, with_replay = 0, without_ms = 0, without_replay = 0, first_ms = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::int64_t> sizes{0, 100'000, 1'000'000};
  int runs = 5, runs_nosnap = 3, windows = 16;
  const char* usage = "usage: hallq_bench_restart [--sizes 0,100000,1000000] [--runs 5] [--runs-nosnap 3] [--windows 16]\n";
  if (argc % 2 == 0) {
    std::fputs(usage, stderr);
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) try {
      const std::string k = argv[i], v = argv[i + 1];
      if (k == "--sizes") {
        sizes.clear();
        std::istringstream in(v);
        std::string part;
        while (std::getline(in, part, ',')) sizes.push_back(std::stoll(part));
      } else if (k == "--runs") {
        runs = std::stoi(v);
      } else if (k == "--runs-nosnap") {
        runs_nosnap = std::stoi(v);
      } else if (k == "--windows") {
        windows = std::stoi(v);
      } else {
        std::fputs(usage, stderr);
        return 2;
      }
    } catch (const std::logic_error&) {  // a number that does not parse
      std::fputs(usage, stderr);
      return 2;
    }
  if (runs < 1 || runs_nosnap < 0 || windows < 2 || windows > 676) {
    std::fputs(usage, stderr);
    return 2;
  }
  try {
    server::init_crypto();
    HallSpec spec;
    spec.windows = windows;
    spec.services = std::max(1, windows / 2);
    spec.second_service = true;
    spec.departments = 2;
    spec.id = "bench-restart";
    test::TempDir dir;
    const auto cfg_path = (dir.path() / "hall.json").string();
    const std::string cfg_text = json::serialize(make_hall_config(spec));
    std::ofstream(cfg_path) << cfg_text;  // the server hashes exactly these bytes
    const auto cfg = std::make_shared<const domain::HallConfig>(proto::load_config_text(cfg_text, cfg_path));
    const std::string digest = server::token_digest(cfg_text);
    std::printf(
        "hallq_bench_restart: hall of %d windows, %d services, %zu staff; snapshot every %lld events; "
        "%d runs with snapshots, %d without (p50 reported)\n",
        windows, spec.services, cfg->staff.size(), static_cast<long long>(snapshot_every), runs, runs_nosnap);
    std::printf("  (2 cores; the server's start also verifies every staff PIN hash with Argon2id on all cores)\n");

    std::vector<Row> rows;
    for (const auto target : sizes) {
      test::ServerProcess server(cfg_path);
      Row row;
      if (target > 0) {
        const auto t0 = Clock::now();
        store::EventStore store(server.db_path().string(), cfg->hall.id);
        Generator gen(cfg, spec, digest, store);
        gen.run_until(target);
        const auto& st = gen.state();
        std::printf(
            "built %lld events (%d hall days, %lld refused commands) in %.1f s: %.0f B/event, %d snapshots, last "
            "snapshot %zu B (%zu tickets, %zu violations, %zu alerts, %zu follow-ups, %zu complaints, %zu cases in state)\n",
            static_cast<long long>(gen.events()), gen.days(), static_cast<long long>(gen.refused()), ms_since(t0) / 1000,
            gen.mean_event_bytes(), gen.snapshots(), gen.last_snapshot_bytes(), st.tickets.size(), st.violations.size(),
            st.alerts.size(), st.follow_ups.size(), st.complaints.size(), st.cases.size());
        row.events = gen.events();
      }
      row.mb = static_cast<double>(db_bytes(server.db_path())) / 1e6;
      // The first start hashes every PIN into the empty secrets table: not a restart.
      row.first_ms = time_start(server).total_ms;
      std::vector<double> total, replay;
      double rss_last = 0;
      for (int r = 0; r < runs; ++r) {
        const auto t = time_start(server);
        rss_last = t.rss_mib;
        total.push_back(t.total_ms);
        replay.push_back(t.replay_ms);
        if (target > 0 && t.from_snapshot <= 0) std::printf("  warning: the server did not use a snapshot\n");
      }
      row.with_ms = median(total);
      row.with_min = total.empty() ? -1 : *std::min_element(total.begin(), total.end());
      row.with_replay = median(replay);
      std::printf(
          "events=%lld db=%.1f MB: first start %.0f ms; restart p50 %.0f ms (min %.0f, replay %.0f ms) with snapshots, "
          "server RSS %.1f MiB once listening",
          static_cast<long long>(row.events), row.mb, row.first_ms, row.with_ms, row.with_min, row.with_replay, rss_last);
      if (target > 0) {
        {
          store::Db db(server.db_path().string());
          db.exec("DELETE FROM snapshots");
        }
        total.clear();
        replay.clear();
        for (int r = 0; r < runs_nosnap; ++r) {
          const auto t = time_start(server);
          total.push_back(t.total_ms);
          replay.push_back(t.replay_ms);
        }
        row.without_ms = median(total);
        row.without_replay = median(replay);
        std::printf("; %.0f ms (replay %.0f ms, %.0f events/s) without", row.without_ms, row.without_replay,
                    row.without_replay > 0 ? static_cast<double>(row.events) / row.without_replay * 1000 : 0.0);
      }
      std::printf("\n");
      std::fflush(stdout);
      rows.push_back(row);
    }
    std::printf(
        "summary: events | db MB | restart p50 ms with snapshots (replay part) | without snapshots (replay part)\n"
        "  (restart = spawn until the \"listening on\" line; replay = the server's own \"replayed log ms=\"; the rest is\n"
        "   mostly the Argon2id check of every staff PIN hash, which does not depend on the history)\n");
    for (const auto& r : rows) {
      if (r.events == 0)
        std::printf("  %9lld | %7.1f | %6.0f (%4.0f) | -\n", static_cast<long long>(r.events), r.mb, r.with_ms, r.with_replay);
      else
        std::printf("  %9lld | %7.1f | %6.0f (%4.0f) | %6.0f (%5.0f)\n", static_cast<long long>(r.events), r.mb, r.with_ms,
                    r.with_replay, r.without_ms, r.without_replay);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq_bench_restart: %s\n", e.what());
    return 1;
  }
}
