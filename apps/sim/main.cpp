// hallq-sim: parses the command line and runs one of: a hall day against a server (run), the
// capacity planner (plan), many hall days at once against as many servers (load). The work is in
// sim/model (pure) and sim/driver (HTTP, threads, server processes).
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "client/http_client.hpp"
#include "client/server_url.hpp"
#include "protocol/config_loader.hpp"
#include "sim/driver/day_runner.hpp"
#include "sim/driver/load_runner.hpp"
#include "sim/driver/local_servers.hpp"
#include "sim/model/erlang.hpp"
#include "sim/model/workload.hpp"

using namespace hallq;

namespace {

constexpr const char* usage =
    "usage:\n"
    "  hallq-sim [run] --server URL --hall HALL.json [--workload W.json] [--seed N] [--speed X|max]\n"
    "            [--volume V] [--heartbeat SECONDS] [--no-end-day] [--progress] [--trace FILE]\n"
    "            [--events-out FILE] [--summary-out FILE] [--days N]\n"
    "      plays a hall day against a server started with --clock manual (before the first session);\n"
    "      --days N plays N working days in a row (day i with seed N+i), moving the clock on between\n"
    "      them, so back offices decide cases over the following days and some run late (R-CASE-5);\n"
    "      --no-end-day then leaves only the last day open.\n"
    "      --speed 60 = one hall minute per second, max (default) = as fast as possible.\n"
    "      Exit 0 when the day's invariants hold, 1 when one is broken, 2 on bad usage or setup,\n"
    "      130 when stopped by SIGINT/SIGTERM (the partial day is summarized).\n"
    "  hallq-sim plan --hall HALL.json [--workload W.json | --events FILE.json | --server URL]\n"
    "            [--target MINUTES] [--level SHARE] [--seed N]\n"
    "      recommends windows per service per hour (Erlang C, checked by simulation) for a waiting\n"
    "      target (default 15 min for 80% of citizens), from a workload profile (default: the one\n"
    "      beside the hall), an event log saved with --events-out, or a server's log.\n"
    "  hallq-sim load --hall HALL.json (--servers N [--server-bin PATH] [--date YYYY-MM-DD] [--keep-dbs]\n"
    "                                  | --server URL --server URL ...)\n"
    "            [--workload W.json] [--seed N] [--speed X|max] [--volume V] [--heartbeat SECONDS]\n"
    "            [--no-end-day] [--results-out FILE.json] [--summary-out FILE]\n"
    "      plays several hall days at once, day i with seed N+i, each against its own server (the manual\n"
    "      clock is per server, so one hall per server); the days start together once every server is\n"
    "      checked, and each is the same sequential day as run, so a hall's event log depends only on its\n"
    "      seed. At the end, per hall and in total: wall time, HTTP commands sent, commands/s, command\n"
    "      latency p50/p99 (request sent -> answer), tickets issued/served, and the day's invariants.\n"
    "      --servers N starts N hallq-server itself (default: the one of this build), on free loopback\n"
    "      ports, each with a fresh database in a temp dir (kept with --keep-dbs), the manual clock 30 min\n"
    "      before the first session of --date (default: the hall's first working day from 2026-11-23),\n"
    "      and stops them at the end: a reproducible benchmark in one command. --server URL, once per\n"
    "      hall, plays against servers you started (--clock manual, before the first session, one fresh\n"
    "      database each), e.g. on another machine, so that the simulator does not share the server's\n"
    "      cores. --hall once for every hall or once per hall. --results-out writes the figures as JSON,\n"
    "      --summary-out every hall's day summary. Exit codes as run (1: an invariant broke in any hall).\n";

std::atomic<bool> g_stop{false};
constexpr const char* default_load_date = "2026-11-23";  // a Monday: reproducible by default
extern "C" void on_signal(int) { g_stop.store(true); }

[[noreturn]] void bad_usage(const std::string& problem) {
  std::cerr << "hallq-sim: " << problem << "\n" << usage;
  std::exit(2);
}

double number(const std::string& k, const std::string& v) {
  try {
    std::size_t used = 0;
    const double x = std::stod(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return x;
  } catch (const std::exception&) {
    bad_usage(k + " needs a number, not '" + v + "'");
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run(int argc, char** argv, int first) {
  sim::RunOptions opt;
  std::string server = "http://127.0.0.1:7080", trace_path, events_out, summary_out;
  int days = 1;
  for (int i = first; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--progress") {
      opt.progress = true;
      continue;
    }
    if (k == "--no-end-day") {
      opt.end_day = false;
      continue;
    }
    if (k == "-h" || k == "--help") {
      std::cout << usage;
      return 0;
    }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--server") server = v;
    else if (k == "--hall")
      opt.hall_path = v;
    else if (k == "--workload")
      opt.workload_path = v;
    else if (k == "--seed")
      opt.seed = static_cast<std::uint64_t>(number(k, v));
    else if (k == "--speed")
      opt.speed = v == "max" ? 0 : number(k, v);
    else if (k == "--volume")
      opt.volume = number(k, v);
    else if (k == "--heartbeat")
      opt.heartbeat_seconds = static_cast<int>(number(k, v));
    else if (k == "--trace")
      trace_path = v;
    else if (k == "--events-out")
      events_out = v;
    else if (k == "--summary-out")
      summary_out = v;
    else if (k == "--days") {
      const double d = number(k, v);
      if (d != std::floor(d) || d < 1 || d > 366) bad_usage("--days must be a whole number from 1 to 366");
      days = static_cast<int>(d);
    } else
      bad_usage("unknown option " + k);
  }
  if (opt.hall_path.empty()) bad_usage("--hall HALL.json is required (the staff PINs and device tokens come from it)");
  if (opt.speed < 0 || opt.volume < 0 || opt.heartbeat_seconds < 1)
    bad_usage("--speed, --volume and --heartbeat must be positive");
  std::string err;
  const auto url = client::ServerUrl::parse(server, &err);
  if (!url) bad_usage("--server: " + err);
  opt.server = *url;
  std::ofstream trace;
  if (!trace_path.empty()) {
    trace.open(trace_path);
    opt.trace = &trace;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  opt.stop = &g_stop;
  boost::json::array events;
  std::string summaries;
  bool stopped = false, invariants_hold = true;
  const auto first_seed = opt.seed;
  const bool end_last_day = opt.end_day;  // --no-end-day leaves only the last day open
  for (int day = 0; day < days && !stopped; ++day) {
    sim::RunResult r;
    try {
      if (day > 0) sim::advance_to_next_working_day(opt);
      opt.seed = first_seed + static_cast<std::uint64_t>(day);
      opt.end_day = day + 1 < days || end_last_day;
      r = sim::run_day(opt);
    } catch (const std::exception& e) {
      std::cerr << "\nhallq-sim: " << e.what() << "\n";
      return 2;
    }
    std::cout << r.summary_text;
    std::printf("  ran %s in %.1f s wall time%s\n", r.date.c_str(), r.wall_seconds, r.stopped ? " (stopped early)" : "");
    std::fflush(stdout);
    for (auto& e : r.events) events.push_back(std::move(e));
    summaries += r.summary_text;
    stopped = r.stopped;
    invariants_hold = invariants_hold && r.summary.invariants_hold();
  }
  if (!events_out.empty()) {
    std::ofstream(events_out) << boost::json::serialize(events) << "\n";
    std::printf("  events saved to %s (hallq-sim plan --events %s)\n", events_out.c_str(), events_out.c_str());
  }
  if (!summary_out.empty()) std::ofstream(summary_out) << summaries;
  if (stopped) return 130;  // like a shell: stopped by a signal (the open tickets above are expected)
  return invariants_hold ? 0 : 1;
}

int plan(int argc, char** argv, int first) {
  std::string hall, workload, events, server;
  double target = 15, level = 0.8;
  std::uint64_t seed = 1;
  for (int i = first; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "-h" || k == "--help") {
      std::cout << usage;
      return 0;
    }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--hall") hall = v;
    else if (k == "--workload")
      workload = v;
    else if (k == "--events")
      events = v;
    else if (k == "--server")
      server = v;
    else if (k == "--target")
      target = number(k, v);
    else if (k == "--level")
      level = number(k, v);
    else if (k == "--seed")
      seed = static_cast<std::uint64_t>(number(k, v));
    else
      bad_usage("unknown option " + k);
  }
  if (hall.empty()) bad_usage("plan needs --hall HALL.json");
  if (target <= 0 || level <= 0 || level >= 1) bad_usage("--target must be > 0 and --level between 0 and 1 (e.g. 0.8)");
  if ((!workload.empty()) + (!events.empty()) + (!server.empty()) > 1) bad_usage("give one of --workload, --events, --server");
  try {
    const auto cfg = proto::load_config_text(read_file(hall), hall);
    std::vector<sim::Demand> demand;
    std::string source;
    if (!events.empty() || !server.empty()) {
      std::vector<boost::json::object> evs;
      if (!events.empty()) {
        const boost::json::value doc = boost::json::parse(read_file(events));
        if (!doc.is_array()) throw std::runtime_error(events + ": not a JSON array of events");
        for (const auto& e : doc.get_array()) evs.push_back(e.as_object());
        source = "event log " + events;
      } else {
        std::string err;
        const auto url = client::ServerUrl::parse(server, &err);
        if (!url) bad_usage("--server: " + err);
        client::HttpClient http(url->port, url->host);
        std::string token;
        for (const auto& s : cfg.staff)
          if (token.empty() && s.role == domain::StaffRole::supervisor) token = http.login(s.id, s.pin);
        if (token.empty()) throw std::runtime_error(hall + ": no supervisor to read the event log with");
        evs = sim::fetch_events(*url, token);
        source = "event log of " + server;
      }
      demand = sim::demand_from_events(evs, cfg);
    } else {
      if (workload.empty() && std::ifstream(sim::workload_path_for(hall))) workload = sim::workload_path_for(hall);
      const auto w = workload.empty() ? sim::default_workload(cfg) : sim::load_workload_file(workload, cfg);
      demand = sim::demand_from_workload(cfg, w);
      source = workload.empty() ? "default workload" : "workload " + workload;
    }
    std::cout << "capacity plan for hall " << cfg.hall.id << " from the " << source << " (R-STF-4)\n";
    std::cout << sim::format_plan(sim::plan_windows(demand, target, level, seed), target, level);
    std::cout << "note: one service per window in this model; a comprehensive window (综合窗口) serving several services\n"
                 "      pools their demand, so the hall needs at most the sum of a row's figures and often fewer.\n";
  } catch (const std::exception& e) {
    std::cerr << "hallq-sim plan: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

/// The first date from `from` on which every hall is open (within a fortnight), or nullopt.
std::optional<domain::LocalDate> first_working_day(const std::vector<domain::HallConfig>& cfgs, domain::LocalDate from,
                                                   int days) {
  for (int k = 0; k < days; ++k) {
    const auto d = domain::civil_from_days(domain::days_from_civil(from) + k);
    const int weekday = static_cast<int>((domain::days_from_civil(d) % 7 + 10) % 7) + 1;  // 1970-01-01: Thursday
    bool open = true;
    for (const auto& c : cfgs) open = open && !c.hall.sessions.empty() && c.is_workday(d, weekday);
    if (open) return d;
  }
  return std::nullopt;
}

std::string speed_text(double speed) {
  if (speed <= 0) return "max";
  std::ostringstream o;
  o << speed << "x";
  return o.str();
}

std::string default_server_binary() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto beside = self.parent_path() / "hallq-server";  // every program is built into build/bin
  return std::filesystem::exists(beside) ? beside.string() : std::string();
}

int load(int argc, char** argv, int first) {
  sim::LoadOptions opt;
  std::vector<std::string> server_args;
  int servers = 0;
  std::string server_bin, date_arg, results_out, summary_out;
  bool keep_dbs = false;
  for (int i = first; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--no-end-day") {
      opt.end_day = false;
      continue;
    }
    if (k == "--keep-dbs") {
      keep_dbs = true;
      continue;
    }
    if (k == "-h" || k == "--help") {
      std::cout << usage;
      return 0;
    }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--server") server_args.push_back(v);
    else if (k == "--servers")
      servers = static_cast<int>(number(k, v));
    else if (k == "--server-bin")
      server_bin = v;
    else if (k == "--date")
      date_arg = v;
    else if (k == "--hall")
      opt.hall_paths.push_back(v);
    else if (k == "--workload")
      opt.workload_path = v;
    else if (k == "--seed")
      opt.seed = static_cast<std::uint64_t>(number(k, v));
    else if (k == "--speed")
      opt.speed = v == "max" ? 0 : number(k, v);
    else if (k == "--volume")
      opt.volume = number(k, v);
    else if (k == "--heartbeat")
      opt.heartbeat_seconds = static_cast<int>(number(k, v));
    else if (k == "--results-out")
      results_out = v;
    else if (k == "--summary-out")
      summary_out = v;
    else
      bad_usage("unknown option " + k);
  }
  if (opt.hall_paths.empty()) bad_usage("load needs --hall HALL.json (the staff PINs and device tokens come from it)");
  if (server_args.empty() == (servers == 0))
    bad_usage("load needs either --servers N (it starts them) or one --server URL per hall, not both");
  if (servers < 0 || servers > 64) bad_usage("--servers must be 1..64");
  if (servers == 0 && (!server_bin.empty() || !date_arg.empty() || keep_dbs))
    bad_usage("--server-bin, --date and --keep-dbs go with --servers N (servers given by URL are yours to start)");
  if (opt.speed < 0 || opt.volume <= 0 || opt.heartbeat_seconds < 1)
    bad_usage("--speed, --volume and --heartbeat must be positive");
  const std::size_t halls = servers > 0 ? static_cast<std::size_t>(servers) : server_args.size();
  if (opt.hall_paths.size() != 1 && opt.hall_paths.size() != halls)
    bad_usage("give --hall once for every hall or once per hall (" + std::to_string(halls) + "), not " +
              std::to_string(opt.hall_paths.size()) + " times");
  std::set<std::string> seen;
  for (const auto& s : server_args) {
    std::string err;
    const auto url = client::ServerUrl::parse(s, &err);
    if (!url) bad_usage(err);
    if (!seen.insert(url->to_string()).second)
      bad_usage("--server " + url->to_string() +
                " is given twice: each hall needs its own server (its manual clock is the hall's)");
    opt.servers.push_back(*url);
  }
  std::vector<domain::HallConfig> cfgs;
  std::vector<std::string> configs;
  for (std::size_t i = 0; i < halls; ++i) configs.push_back(opt.hall_paths.size() == 1 ? opt.hall_paths[0] : opt.hall_paths[i]);
  try {
    for (const auto& p : opt.hall_paths) cfgs.push_back(proto::load_config_text(read_file(p), p));
  } catch (const std::exception& e) {
    std::cerr << "hallq-sim load: " << e.what() << "\n";
    return 2;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  opt.stop = &g_stop;
  std::unique_ptr<sim::LocalServers> local;
  if (servers > 0) {
    if (server_bin.empty()) server_bin = default_server_binary();
    if (server_bin.empty()) bad_usage("--servers needs --server-bin PATH (no hallq-server beside this build's hallq-sim)");
    domain::LocalDate from{};
    if (const auto d = domain::parse_date(date_arg.empty() ? default_load_date : date_arg)) from = *d;
    else
      bad_usage("--date must be like 2026-11-23, not '" + date_arg + "'");
    const auto day = first_working_day(cfgs, from, date_arg.empty() ? 14 : 1);
    if (!day) {
      std::cerr << "hallq-sim load: " << domain::format_date(from) << (date_arg.empty() ? " and the fortnight after are" : " is")
                << " not a working day of " << (cfgs.size() > 1 ? "every hall" : "hall " + cfgs[0].hall.id) << "\n";
      return 2;
    }
    std::vector<std::string> starts;
    for (std::size_t i = 0; i < halls; ++i) {
      const auto& c = cfgs[opt.hall_paths.size() == 1 ? 0 : i];
      const auto open = c.hall.sessions.front().open;
      starts.push_back(
          domain::format_time(domain::local_midnight(*day, c.hall.utc_offset) + std::max(0, open - 1800), c.hall.utc_offset));
    }
    try {
      local = std::make_unique<sim::LocalServers>(server_bin, keep_dbs);
      local->start(configs, starts);
      std::cerr << "hallq-sim load: started " << servers << " hallq-server (manual clock at " << starts[0]
                << ") with fresh databases in " << local->dir().string() << "\n";
    } catch (const std::exception& e) {
      std::cerr << "hallq-sim load: " << e.what() << "\n";
      return 2;
    }
    opt.servers = local->urls();
  }
  const std::string days = halls == 1 ? " hall day" : " hall days in parallel";
  const std::string seeds = halls == 1 ? "seed " + std::to_string(opt.seed)
                                       : "seeds " + std::to_string(opt.seed) + ".." + std::to_string(opt.seed + halls - 1);
  std::cerr << "hallq-sim load: playing " << halls << days << ", " << seeds << ", speed " << speed_text(opt.speed) << ", volume "
            << opt.volume << "\n";
  const sim::LoadResult r = sim::run_load(opt);
  int stop_failures = 0;
  if (local) stop_failures = local->stop();

  const bool setup_failed = r.setup_failed();
  if (setup_failed) {
    std::cerr << "hallq-sim load: no day was played:\n";
    for (const auto& h : r.halls)
      if (!h.error.empty()) std::cerr << "  hall " << h.index << " (" << h.server.to_string() << "): " << h.error << "\n";
  } else {
    std::cout << "hallq-sim load: " << halls << days << ", " << seeds << ", speed " << speed_text(opt.speed) << ", volume "
              << opt.volume << (local ? ", servers started by hallq-sim" : "") << "\n";
    std::cout << sim::format_load(r);
  }
  if (local && keep_dbs) std::cout << "  databases and server logs kept in " << local->dir().string() << "\n";
  if (stop_failures > 0)
    std::cerr << "hallq-sim load: " << stop_failures << " server(s) did not stop cleanly; logs in " << local->dir().string()
              << "\n";
  if (!results_out.empty()) std::ofstream(results_out) << boost::json::serialize(sim::load_json(r)) << "\n";
  if (!summary_out.empty()) {
    std::ofstream out(summary_out);
    for (const auto& h : r.halls)
      out << "== hall " << h.index << " (" << h.server.to_string() << ", seed " << h.seed << ")\n"
          << (h.error.empty() ? h.run.summary_text : "error: " + h.error + "\n") << "\n";
  }
  if (r.stopped) return 130;
  if (setup_failed || r.any_error()) return 2;
  return r.invariants_hold() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "plan") return plan(argc, argv, 2);
  if (cmd == "run") return run(argc, argv, 2);
  if (cmd == "load") return load(argc, argv, 2);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::cout << usage;
    return 0;
  }
  return run(argc, argv, 1);
}
