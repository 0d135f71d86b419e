// hallq_bench_reports: reports over a year of a large hall (R-RPT-1).
// 1. The engine plays a few template workdays of the hall (EngineSim: run_timers → decide →
//    apply → settle, exactly as Hall drives it): sign-ins, 10,000 tickets a day with calls,
//    recalls, no-shows, transfers, incomplete materials and ratings, staff leaving their post
//    (covered or not: alerts and proposed deductions), a supervisor deciding the deductions.
// 2. The year is written into a real SQLite file from those days: each workday of the year is a
//    template day moved to its date (times shifted, seqs renumbered, ticket/alert/violation ids
//    made unique per day), serialized with proto::serialize_event and appended with
//    store::EventStore::append in batches — so the report tables are folded by the server's own
//    code in the same transactions. (Driving every day of the year through the engine takes hours
//    on 2 cores: core::tick scans every ticket of the day at every step; see bench/RESULTS.md.)
// 3. On that file it times each report kind (load facts + compute + render JSON and HTML) and
//    prints the database size.
//   hallq_bench_reports [--db PATH] [--days N] [--template-days N] [--windows N] [--tickets N]
//                       [--reuse] [--rebuild]
// --reuse skips generation when PATH exists; --rebuild also times rebuilding the report tables
// from the whole log (what a report-table version change costs at start-up). Not part of CI.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <queue>
#include <random>

#include "bench_common.hpp"
#include "engine_sim.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/event_codec.hpp"
#include "report/report.hpp"
#include "store/db.hpp"
#include "store/event_store.hpp"

using namespace hallq;
using namespace hallq::bench;
using Clock = std::chrono::steady_clock;
using core::Time;

namespace {

constexpr std::size_t batch_events = 2000;
constexpr const char* first_day = "2025-01-01";

enum class Kind { sign_in, call, start, recall, no_show, finish, off_post, take_over, ret, sign_out, decide };

struct Act {
  Time at = 0;
  std::uint64_t order = 0;
  Kind kind = Kind::call;
  int window = -1;  // -1 with Kind::call: a citizen takes a ticket
  int tries = 0;
  friend bool operator>(const Act& a, const Act& b) { return a.at != b.at ? a.at > b.at : a.order > b.order; }
};

class YearGenerator {
 public:
  YearGenerator(std::shared_ptr<const domain::HallConfig> cfg, HallSpec spec, int tickets_per_day)
      : cfg_(cfg), spec_(spec), tickets_(tickets_per_day), sim_(cfg), idle_(static_cast<std::size_t>(spec.windows), false) {
    sim_.sink = [this](const domain::Event& e) { captured.push_back(e); };
    sim_.start(domain::local_midnight(*domain::parse_date(first_day), cfg->hall.utc_offset) + 7 * 3600);
  }

  std::vector<domain::Event> captured;  // every event the engine produced, in seq order
  std::int64_t events() const { return sim_.events; }
  std::int64_t refused() const { return sim_.rejected; }

  /// Plays every workday of `days` calendar days from first_day.
  void run(int days) {
    const auto offset = cfg_->hall.utc_offset;
    auto date = *domain::parse_date(first_day);
    const auto t0 = Clock::now();
    for (int d = 0; d < days; ++d, date = domain::civil_from_days(domain::days_from_civil(date) + 1)) {
      const Time midnight = domain::local_midnight(date, offset);
      if (!cfg_->is_workday(date, domain::local_weekday(midnight, offset))) continue;
      plan_day(midnight);
      while (!acts_.empty()) {
        const Act a = acts_.top();
        acts_.pop();
        act(a);
      }
      ++workdays_;
      if (workdays_ % 20 == 0)
        std::printf("  … %s: %d workdays, %lld events, %.0f s\n", domain::format_date(date).c_str(), workdays_,
                    static_cast<long long>(sim_.events), ms_since(t0) / 1000.0);
      std::fflush(stdout);
    }
    // The next midnight closes the last day (cancelled leftovers, sign-outs, resolved alerts).
    sim_.run_timers(domain::local_midnight(date, offset) + 60);
  }
  int workdays() const { return workdays_; }

 private:
  Time rnd(Time lo, Time hi) { return lo + static_cast<Time>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  void at(Time t, Kind k, int w, int tries = 0) { acts_.push(Act{t, ++order_, k, w, tries}); }
  std::size_t ix(int w) const { return static_cast<std::size_t>(w); }

  void plan_day(Time midnight) {
    const Time h = 3600;
    for (int w = 0; w < spec_.windows; ++w) {
      at(rnd(midnight + 8 * h + 40 * 60, midnight + 8 * h + 59 * 60), Kind::sign_in, w);
      at(rnd(midnight + 17 * h + 2 * 60, midnight + 17 * h + 10 * 60), Kind::sign_out, w);
    }
    // Citizens arrive through both sessions (R-HRS-1), a little more in the morning.
    for (int k = 0; k < tickets_; ++k) {
      const bool morning = chance(0.55);
      const Time open = midnight + (morning ? 9 : 14) * h;
      at(rnd(open, open + 3 * h - 12 * 60), Kind::call, -1);
    }
    // A few staff leave their post each day; about half the time the B covers it (R-AB-3).
    for (int k = 0; k < 4; ++k)
      at(rnd(midnight + 9 * h + 30 * 60, midnight + 16 * h), Kind::off_post,
         static_cast<int>(rng_() % static_cast<std::uint64_t>(spec_.windows)));
    at(midnight + 17 * h + 30 * 60, Kind::decide, -1);
  }

  std::optional<core::Events> exec(std::string actor, core::CommandBody body, Time t) {
    return sim_.execute(std::move(actor), std::move(body), t);
  }
  std::string on_post(int w) const { return sim_.state.windows.at(window_id(w)).on_post; }
  void wake(int w, Time t) {
    if (!idle_[ix(w)]) return;
    idle_[ix(w)] = false;
    at(t + rnd(3, 15), Kind::call, w);
  }

  void issue(Time t) {
    const int service = static_cast<int>(rng_() % static_cast<std::uint64_t>(spec_.services));
    std::string id = "t" + std::to_string(++ticket_no_);
    if (!exec("kiosk-1", core::IssueTicket{service_id(service), chance(0.04) ? "green" : "normal", "", "", id}, t)) return;
    for (int w = 0; w < spec_.windows; ++w) {
      const auto sv = services_of(spec_, w);
      if (idle_[ix(w)] && std::find(sv.begin(), sv.end(), service) != sv.end() && !on_post(w).empty()) {
        wake(w, t);
        break;
      }
    }
  }

  void act(const Act& a) {
    const std::string wid = a.window >= 0 ? window_id(a.window) : std::string();
    switch (a.kind) {
      case Kind::sign_in:
        if (exec(a_staff(a.window), core::SignIn{a_staff(a.window), wid}, a.at)) idle_[ix(a.window)] = true;
        break;
      case Kind::call: {
        if (a.window < 0) return issue(a.at);
        const std::string staff = on_post(a.window);
        const auto r = staff.empty() ? std::nullopt : exec(staff, core::CallNext{wid}, a.at);
        if (!r || r->empty()) {
          idle_[ix(a.window)] = true;  // woken by the next ticket or when someone takes the post
          break;
        }
        if (chance(0.04)) {  // R-Q-4: recalled, then a no-show
          at(a.at + 60, Kind::recall, a.window);
          at(a.at + 150, Kind::no_show, a.window);
        } else {
          const Time started = a.at + rnd(15, 50);
          at(started, Kind::start, a.window);
          at(started + rnd(80, 260), Kind::finish, a.window);
        }
        break;
      }
      case Kind::start: exec(on_post(a.window), core::StartService{wid}, a.at); break;
      case Kind::recall: exec(on_post(a.window), core::Recall{wid}, a.at); break;
      case Kind::no_show:
        exec(on_post(a.window), core::MarkNoShow{wid}, a.at);
        at(a.at + rnd(5, 20), Kind::call, a.window);
        break;
      case Kind::finish: {
        const std::string staff = on_post(a.window);
        const auto& ws = sim_.state.windows.at(wid);
        const std::string ticket = ws.current_ticket;
        if (chance(0.03)) {  // R-Q-5: sent on to another service
          const auto& t = sim_.state.tickets.at(ticket);
          const int other = (std::stoi(t.service.substr(2)) % spec_.services);
          exec(staff, core::TransferTicket{wid, service_id(other)}, a.at);
        } else if (exec(staff, core::FinishService{wid, chance(0.08) ? "incomplete_materials" : "done", {}}, a.at)) {
        } else if (exec(staff, core::FinishService{wid, "incomplete_materials", {"身份证明"}}, a.at)) {
        }
        if (!ticket.empty() && chance(0.6)) {
          const int roll = static_cast<int>(rng_() % 100);
          const int level = roll < 70 ? 5 : roll < 88 ? 4 : roll < 95 ? 3 : roll < 98 ? 2 : 1;
          exec("citizen", core::RateTicket{ticket, level}, a.at + rnd(10, 120));
        }
        at(a.at + rnd(5, 25), Kind::call, a.window);
        break;
      }
      case Kind::off_post: {
        const auto& ws = sim_.state.windows.at(wid);
        if (!ws.current_ticket.empty() || ws.on_post != a_staff(a.window)) {  // R-OFF-2: finish first
          if (a.tries < 20) at(a.at + 60, Kind::off_post, a.window, a.tries + 1);
          break;
        }
        if (!exec(a_staff(a.window), core::GoOffPost{a_staff(a.window), "取材料", "档案室", static_cast<int>(rnd(8, 15))}, a.at))
          break;
        if (chance(0.5)) at(a.at + rnd(60, 170), Kind::take_over, a.window);
        at(a.at + rnd(6 * 60, 25 * 60), Kind::ret, a.window);
        break;
      }
      case Kind::take_over:
        if (exec(b_staff(a.window), core::TakeOver{b_staff(a.window), wid}, a.at)) wake(a.window, a.at);
        break;
      case Kind::ret:
        if (exec(a_staff(a.window), core::ReturnToPost{a_staff(a.window)}, a.at)) wake(a.window, a.at);
        else if (sim_.last_rejection == "ticket_in_progress" && a.tries < 30)
          at(a.at + 60, Kind::ret, a.window, a.tries + 1);
        break;
      case Kind::sign_out: {
        const std::string staff = on_post(a.window);
        if (staff.empty()) break;
        if (!exec(staff, core::SignOut{staff}, a.at) && a.tries < 20) at(a.at + 120, Kind::sign_out, a.window, a.tries + 1);
        break;
      }
      case Kind::decide: {
        // The supervisor works through the day's proposed deductions: most confirmed, some dismissed.
        std::vector<std::string> open;
        for (const auto& [id, v] : sim_.state.violations)
          if (v.status == core::ViolationStatus::proposed) open.push_back(id);
        for (const auto& id : open) exec("sup1", core::DecideViolation{id, chance(0.75), "复核"}, a.at);
        break;
      }
    }
  }

  std::shared_ptr<const domain::HallConfig> cfg_;
  HallSpec spec_;
  int tickets_;
  EngineSim sim_;
  std::mt19937_64 rng_{20250101};
  std::priority_queue<Act, std::vector<Act>, std::greater<>> acts_;
  std::uint64_t order_ = 0;
  std::int64_t ticket_no_ = 0;
  std::vector<bool> idle_;
  int workdays_ = 0;
};

/// The template days: from each workday's day.started up to the next day.started (the midnight
/// close-off of a day — cancelled leftovers, sign-outs, resolved alerts — belongs to it).
struct TemplateDay {
  domain::LocalDate date;
  std::vector<domain::Event> events;
};

std::vector<TemplateDay> split_days(const std::vector<domain::Event>& all, const domain::HallConfig& cfg) {
  std::vector<TemplateDay> days;
  for (const auto& e : all) {
    if (e.type == domain::EventType::day_started) days.push_back(TemplateDay{*domain::parse_date(e.date), {}});
    if (!days.empty()) days.back().events.push_back(e);
  }
  const auto off = cfg.hall.utc_offset;
  std::erase_if(days, [&](const TemplateDay& d) {
    return !cfg.is_workday(d.date, domain::local_weekday(domain::local_midnight(d.date, off), off)) || d.events.size() < 100;
  });
  return days;
}

/// Writes `days` calendar days from first_day: workdays from the templates in turn, other days
/// just their day.started. Returns the milliseconds spent in EventStore::append.
struct Replayed {
  std::int64_t events = 0;
  double append_ms = 0;
  int workdays = 0;
};

Replayed write_year(store::EventStore& store, const std::vector<TemplateDay>& templates, const domain::HallConfig& cfg,
                    int days) {
  Replayed out;
  const auto off = cfg.hall.utc_offset;
  std::vector<store::StoredEvent> batch;
  std::int64_t seq = 0;
  const auto flush = [&] {
    if (batch.empty()) return;
    const auto t0 = Clock::now();
    store.append(batch);
    out.append_ms += ms_since(t0);
    batch.clear();
  };
  const auto put = [&](domain::Event& e) {
    e.seq = ++seq;
    batch.push_back(store::StoredEvent{e.seq, e.at, domain::to_string(e.type), proto::serialize_event(e, off)});
    ++out.events;
    if (batch.size() >= batch_events) flush();
  };
  auto date = *domain::parse_date(first_day);
  const auto t0 = Clock::now();
  for (int d = 0; d < days; ++d, date = domain::civil_from_days(domain::days_from_civil(date) + 1)) {
    const Time midnight = domain::local_midnight(date, off);
    if (!cfg.is_workday(date, domain::local_weekday(midnight, off))) {
      domain::Event e;
      e.type = domain::EventType::day_started;
      e.at = midnight;
      e.actor = "system";
      e.date = domain::format_date(date);
      put(e);
      continue;
    }
    const auto& tpl = templates[static_cast<std::size_t>(out.workdays++) % templates.size()];
    const Time shift = midnight - domain::local_midnight(tpl.date, off);
    const std::int64_t seq_shift = seq + 1 - tpl.events.front().seq;
    const std::string tag = "-" + std::to_string(d);
    const auto shift_time = [&](Time& t) {
      if (t != 0) t += shift;
    };
    const auto retag = [&](std::string& id) {
      if (!id.empty()) id += tag;
    };
    for (domain::Event e : tpl.events) {
      shift_time(e.at);
      shift_time(e.expected_return);
      shift_time(e.slot);
      shift_time(e.issued_at);
      if (!e.date.empty()) e.date = domain::format_date(date);
      retag(e.ticket);
      retag(e.alert);
      retag(e.violation);
      for (auto& s : e.events) s += seq_shift;
      put(e);
    }
    if (out.workdays % 25 == 0) {
      std::printf("  … %s: %d workdays, %lld events, %.0f s\n", domain::format_date(date).c_str(), out.workdays,
                  static_cast<long long>(out.events), ms_since(t0) / 1000.0);
      std::fflush(stdout);
    }
  }
  flush();
  return out;
}

double file_mb(const std::string& path) {
  double bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path + suffix, ec);
    if (!ec) bytes += static_cast<double>(n);
  }
  return bytes / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = "/tmp/hallq-bench-reports/hall.db";
  int days = 365, tickets = 10000, template_days = 5;
  HallSpec spec;
  spec.id = "bench-year";
  spec.windows = 100;
  spec.services = 60;
  spec.second_service = true;
  spec.departments = 12;
  bool reuse = false, rebuild = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--db") db = next();
    else if (a == "--days")
      days = std::stoi(next());
    else if (a == "--template-days")
      template_days = std::stoi(next());
    else if (a == "--windows")
      spec.windows = std::stoi(next());
    else if (a == "--tickets")
      tickets = std::stoi(next());
    else if (a == "--reuse")
      reuse = true;
    else if (a == "--rebuild")
      rebuild = true;
    else {
      std::cerr << "usage: hallq_bench_reports [--db PATH] [--days N] [--template-days N] [--windows N] [--tickets N] [--reuse]"
                   " [--rebuild]\n";
      return 2;
    }
  }
  const std::string cfg_text = json::serialize(make_hall_config(spec));
  const auto cfg = std::make_shared<const domain::HallConfig>(proto::load_config_text(cfg_text, "generated"));
  const auto offset = cfg->hall.utc_offset;
  std::printf("hall: %d windows, %zu services, %zu departments, %zu staff; %d tickets/day over %d days from %s\n", spec.windows,
              cfg->services.size(), cfg->departments.size(), cfg->staff.size(), tickets, days, first_day);

  if (!(reuse && std::filesystem::exists(db))) {
    std::filesystem::create_directories(std::filesystem::path(db).parent_path());
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
    YearGenerator gen(cfg, spec, tickets);
    auto t0 = Clock::now();
    // Enough calendar days for template_days workdays (the run starts on a Wednesday).
    gen.run(template_days + 2 * (template_days / 5 + 1));
    const auto templates = split_days(gen.captured, *cfg);
    std::printf("engine: %d template workdays, %lld events (%lld commands refused) in %.0f s\n",
                static_cast<int>(templates.size()), static_cast<long long>(gen.events()), static_cast<long long>(gen.refused()),
                ms_since(t0) / 1000);
    if (templates.empty()) return 1;
    store::EventStore store(db, spec.id);
    t0 = Clock::now();
    const auto year = write_year(store, templates, *cfg, days);
    std::printf(
        "written: %d workdays, %lld events in %.0f s; EventStore::append (events + report tables, one transaction per "
        "%zu events) %.0f s = %.1f us/event\n",
        year.workdays, static_cast<long long>(year.events), ms_since(t0) / 1000, batch_events, year.append_ms / 1000,
        year.append_ms * 1000 / static_cast<double>(std::max<std::int64_t>(1, year.events)));
  }
  {
    store::Db probe(db);
    probe.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    store::Stmt n(probe, "SELECT COUNT(*) FROM events");
    n.step();
    const auto events = n.int64(0);
    n.reset();
    store::Stmt t(probe, "SELECT COUNT(*) FROM report_ticket");
    t.step();
    std::printf("database: %s, %.1f MB, %lld events, %lld ticket rows\n", db.c_str(), file_mb(db), static_cast<long long>(events),
                static_cast<long long>(t.int64(0)));
    t.reset();
  }

  // Each report as the server computes it: facts from the report tables, compute, render.
  store::EventStore store(db, spec.id);
  const Time now = domain::local_midnight(*domain::parse_date("2026-01-01"), offset);
  struct Case {
    report::Kind kind;
    std::map<std::string, std::string> params;
  };
  const std::vector<Case> cases = {{report::Kind::daily, {{"date", "2025-06-18"}}},
                                   {report::Kind::monthly, {{"month", "2025-06"}}},
                                   {report::Kind::quarterly, {{"year", "2025"}, {"q", "2"}}},
                                   {report::Kind::annual, {{"year", "2025"}}}};
  for (const auto& c : cases) {
    std::string err;
    const auto period = report::parse_period(c.kind, c.params, &err);
    std::vector<double> load_ms, compute_ms, json_ms, html_ms, total_ms;
    std::size_t json_bytes = 0, html_bytes = 0;
    std::int64_t issued = 0;
    for (int round = 0; round < 3; ++round) {
      const auto t0 = Clock::now();
      auto input = store.report_input(*period, offset, now);
      const auto t1 = Clock::now();
      const auto rep = report::compute_report(*cfg, input);
      const auto t2 = Clock::now();
      const auto js = report::render_json(rep);
      const auto t3 = Clock::now();
      const auto html = report::render_html(rep);
      const auto t4 = Clock::now();
      const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
      load_ms.push_back(ms(t0, t1));
      compute_ms.push_back(ms(t1, t2));
      json_ms.push_back(ms(t2, t3));
      html_ms.push_back(ms(t3, t4));
      total_ms.push_back(ms(t0, t4));
      json_bytes = js.size();
      html_bytes = html.size();
      issued = rep.hall.f.tickets.issued;
    }
    const auto med = [](std::vector<double> v) { return summarize(v).p50; };
    std::printf(
        "report %-9s %-10s: %7.0f ms total (load %.0f, compute %.0f, json %.0f, html %.0f) — %lld tickets, %zu violations;"
        " json %.1f kB, html %.1f kB\n",
        report::to_string(c.kind), period->label.c_str(), med(total_ms), med(load_ms), med(compute_ms), med(json_ms),
        med(html_ms), static_cast<long long>(issued),
        static_cast<std::size_t>(0) + store.report_input(*period, offset, now).violations.size(),
        static_cast<double>(json_bytes) / 1e3, static_cast<double>(html_bytes) / 1e3);
    std::fflush(stdout);
  }
  if (rebuild) {
    store::Db db2(db);
    db2.exec("DELETE FROM meta WHERE key = 'report_tables_version'");
    const auto t0 = Clock::now();
    const auto folded = store::prepare_report_tables(db2);
    const double ms = ms_since(t0);
    std::printf("rebuild of the report tables from the log: %lld events in %.1f s (%.0f events/s)\n",
                static_cast<long long>(folded), ms / 1000, static_cast<double>(folded) / (ms / 1000));
  }
  return 0;
}
