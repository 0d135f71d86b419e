// hallq_bench_scores: GET /api/scores on a whole year of a generated hall, in-process.
// The engine, driven as the server drives it, runs every workday of 2026 for a hall of N
// windows (one A and one B each): sign-ins (some late, some absent), tickets issued, called,
// served (one in ten past its promised time, so time-limit warnings fire), rated (some
// unsatisfied → follow-ups, mostly closed), weekly inspections and complaints (some verdicts
// revised), and the supervisor deciding the proposed deductions. Then it times what the
// server does for one /api/scores request — core::compute_scores and the JSON answer — and
// the snapshot encoding that now carries the scoring tallies. It prints the year's figures so
// a run shows what was scored.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>

#include <boost/json/serialize.hpp>

#include "bench_common.hpp"
#include "core/scores.hpp"
#include "engine_sim.hpp"
#include "net/views.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/state_codec.hpp"

using namespace hallq;
using namespace hallq::bench;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "hallq_bench_scores: " << msg << "\n";
  std::exit(2);
}

volatile std::size_t g_sink = 0;

}  // namespace

int main(int argc, char** argv) {
  int windows = 40;
  int runs = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--windows") windows = std::atoi(argv[i + 1]);
    else if (k == "--runs")
      runs = std::atoi(argv[i + 1]);
    else
      die("usage: hallq_bench_scores [--windows N] [--runs N]");
  }
  if (windows < 4 || windows > 300 || runs < 1) die("--windows 4..300, --runs >= 1");

  HallSpec spec;
  spec.windows = windows;
  spec.services = std::max(2, windows / 2);
  spec.departments = std::max(2, windows / 5);
  spec.id = "bench-scores";
  const auto cfg = std::make_shared<const domain::HallConfig>(
      proto::load_config_text(json::serialize(make_hall_config(spec)), "bench-scores.json"));
  const auto offset = cfg->hall.utc_offset;
  const auto& p = cfg->policy;

  EngineSim sim(cfg);
  std::mt19937_64 rng(7);
  const auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  std::vector<std::string> catalog;
  for (const auto& [kind, points] : p.deductions) catalog.push_back(kind);

  const auto first = domain::days_from_civil({2026, 1, 1});
  const auto last = domain::days_from_civil({2026, 12, 31});
  sim.start(domain::local_midnight({2026, 1, 1}, offset));
  std::int64_t issued = 0, commands = 0;
  int workdays = 0;
  const auto t0 = Clock::now();
  const auto run = [&](const std::string& actor, core::CommandBody body, core::Time t) {
    ++commands;
    return sim.execute(actor, std::move(body), t);
  };
  const int slots = 9;  // tickets per window per session: one every 20 minutes
  for (auto day = first; day <= last; ++day) {
    const auto date = domain::civil_from_days(day);
    const core::Time midnight = domain::local_midnight(date, offset);
    if (!cfg->is_workday(date, domain::local_weekday(midnight, offset))) continue;
    ++workdays;
    const auto at = [&](int h, int m) { return midnight + h * 3600 + m * 60; };
    // Sign-ins: 3 % come at 09:05 (late), 1 % never come (absence without leave).
    std::vector<bool> present(static_cast<std::size_t>(windows), true);
    std::vector<int> late;
    for (int w = 0; w < windows; ++w) {
      if (chance(1)) {
        present[static_cast<std::size_t>(w)] = false;
      } else if (chance(3)) {
        late.push_back(w);
      } else {
        run(a_staff(w), core::SignIn{a_staff(w), window_id(w)}, at(8, 50));
      }
    }
    for (int w : late) run(a_staff(w), core::SignIn{a_staff(w), window_id(w)}, at(9, 5));
    for (int session = 0; session < 2; ++session) {
      const int start_h = session == 0 ? 9 : 14;
      std::vector<int> busy_until(static_cast<std::size_t>(windows), -1);  // slot a long service ends in
      for (int k = 0; k < slots; ++k) {
        const int minute = 20 * k + (session == 0 && k == 0 ? 6 : 0);  // after the late arrivals
        const core::Time t_call = at(start_h, minute);
        for (int w = 0; w < windows; ++w) {
          const auto sv = service_id(services_of(spec, w).front());
          core::IssueTicket it;
          it.service = sv;
          it.ticket_id = "t" + std::to_string(++issued);
          run("kiosk-1", it, t_call);
        }
        // Calls and starts at the slot; finishes 11 minutes later, one in ten a slot later (31 min:
        // past the 30-minute promise, so yellow and red warnings fire).
        for (int w = 0; w < windows; ++w) {
          const auto ws = static_cast<std::size_t>(w);
          if (!present[ws] || busy_until[ws] == k) continue;  // still on last slot's long ticket
          if (!run(a_staff(w), core::CallNext{window_id(w)}, t_call)) continue;
          run(a_staff(w), core::StartService{window_id(w)}, t_call);
          if (k + 1 < slots && chance(10)) busy_until[ws] = k + 1;
        }
        for (int w = 0; w < windows; ++w) {
          const auto ws = static_cast<std::size_t>(w);
          if (!present[ws] || busy_until[ws] == k + 1) continue;
          const std::string ticket = sim.state.windows.at(window_id(w)).current_ticket;
          if (ticket.empty()) continue;
          core::FinishService f;
          f.window = window_id(w);
          if (!run(a_staff(w), f, t_call + 11 * 60) || !chance(60)) continue;
          const int r = static_cast<int>(rng() % 100);
          const int level = r < 60 ? 5 : r < 85 ? 4 : r < 95 ? 3 : r < 98 ? 2 : 1;
          run("citizen", core::RateTicket{ticket, level}, t_call + 11 * 60);
        }
      }
    }
    // 17:30: the supervisor's desk work.
    const core::Time desk = at(17, 30);
    if (workdays % 5 == 0) {  // a weekly inspection and a weekly complaint
      const int w = static_cast<int>(rng() % static_cast<unsigned>(windows));
      run("sup1", core::RecordViolation{catalog[rng() % catalog.size()], a_staff(w), "", "巡查"}, desk);
      const int c = static_cast<int>(rng() % static_cast<unsigned>(windows));
      if (auto ev = run("anonymous", core::FileComplaint{"", a_staff(c), window_id(c), "投诉"}, desk)) {
        const std::string id = ev->front().complaint;
        run("sup1", core::VerifyComplaint{id, chance(50), ""}, desk);
        if (chance(20))
          run("sup1", core::VerifyComplaint{id, !sim.state.complaints.at(id).verified.value_or(false), "复核"}, desk);
      }
    }
    std::vector<std::string> proposed;
    for (const auto& [id, v] : sim.state.violations)
      if (v.status == core::ViolationStatus::proposed) proposed.push_back(id);
    for (const auto& id : proposed) run("sup1", core::DecideViolation{id, chance(70), ""}, desk);
    std::vector<std::string> open(sim.state.open_follow_ups.begin(), sim.state.open_follow_ups.end());
    for (const auto& id : open)
      if (chance(30)) run("sup1", core::CloseFollowUp{id, "已回访"}, desk);
  }
  sim.run_timers(domain::local_midnight({2027, 1, 1}, offset) - 1);
  const double gen_ms = ms_since(t0);

  const auto& s = sim.state;
  std::printf("hallq_bench_scores: a year (2026) of a %d-window hall, %zu staff, %zu departments, in-process\n", windows,
              cfg->staff.size(), cfg->departments.size());
  std::printf(
      "  generated: %d workdays, %lld commands (%lld refused), %lld events, %lld tickets in %.1f s (%.0f events/s through "
      "decide+apply+tick)\n",
      workdays, static_cast<long long>(commands), static_cast<long long>(sim.rejected), static_cast<long long>(sim.events),
      static_cast<long long>(issued), gen_ms / 1000.0, static_cast<double>(sim.events) / (gen_ms / 1000.0));
  std::size_t confirmed = 0;
  for (const auto& [id, v] : s.violations) confirmed += v.status == core::ViolationStatus::confirmed;
  std::printf("  state: %zu violations (%zu confirmed), %zu complaints, %zu follow-ups (%zu open)\n", s.violations.size(),
              confirmed, s.complaints.size(), s.follow_ups.size(), s.open_follow_ups.size());

  // What one GET /api/scores?year=2026 costs on the io thread.
  std::vector<double> compute_ms, answer_ms;
  std::size_t bytes = 0;
  for (int i = 0; i < runs; ++i) {
    const auto a = Clock::now();
    const auto sc = core::compute_scores(s, 2026);
    compute_ms.push_back(ms_since(a));
    g_sink = g_sink + sc.staff.size();
    const auto b = Clock::now();
    const std::string body = boost::json::serialize(server::scores_json(s, core::compute_scores(s, 2026)));
    answer_ms.push_back(ms_since(b));
    bytes = body.size();
  }
  const auto c = summarize(compute_ms);
  const auto w = summarize(answer_ms);
  std::printf("  core::compute_scores(2026)                p50=%8.3f ms  p99=%8.3f ms  max=%8.3f ms  (n=%zu)\n", c.p50, c.p99,
              c.max, c.n);
  std::printf("  whole answer (compute + JSON, %7zu bytes) p50=%8.3f ms  p99=%8.3f ms  max=%8.3f ms  (n=%zu)\n", bytes, w.p50,
              w.p99, w.max, w.n);
  const auto e0 = Clock::now();
  const std::string snap = proto::encode_state(s);
  std::printf("  proto::encode_state at year end: %zu bytes in %.1f ms\n", snap.size(), ms_since(e0));

  // The year as scored, so a run shows what was measured.
  const auto sc = core::compute_scores(s, 2026);
  int not_advanced = 0, not_excellent = 0, flagged = 0;
  std::int64_t left = 0;
  for (const auto& d : sc.departments) {
    not_advanced += !d.advanced_eligible;
    left += d.left_milli;
  }
  int grades[4] = {0, 0, 0, 0};
  for (const auto& st : sc.staff) {
    not_excellent += !st.excellent_eligible;
    flagged += st.return_flag;
    for (const auto& q : st.quarters)
      if (q.assessed) ++grades[q.grade == "excellent" ? 0 : q.grade == "good" ? 1 : q.grade == "pass" ? 2 : 3];
  }
  std::printf(
      "  scored: departments %zu (mean %.3f points left, %d not advanced-eligible); staff %zu (%d not excellent-eligible, %d "
      "return flags); quarters excellent %d, good %d, pass %d, poor %d\n",
      sc.departments.size(), static_cast<double>(left) / 1000.0 / static_cast<double>(sc.departments.size()), not_advanced,
      sc.staff.size(), not_excellent, flagged, grades[0], grades[1], grades[2], grades[3]);
  std::printf("aim: /api/scores on a year independent of the log: %s (answer p50 %.3f ms over %lld events)\n",
              w.p50 < 50.0 ? "met" : "NOT met", w.p50, static_cast<long long>(sim.events));
  return 0;
}
