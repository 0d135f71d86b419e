// hallq-sim: parses the command line and runs one of: a hall day against a server (run), the
// capacity planner (plan). The work is in sim/model (pure) and sim/driver (HTTP).
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "client/http_client.hpp"
#include "client/server_url.hpp"
#include "protocol/config_loader.hpp"
#include "sim/driver/day_runner.hpp"
#include "sim/model/erlang.hpp"
#include "sim/model/workload.hpp"

using namespace hallq;

namespace {

constexpr const char* usage =
    "usage:\n"
    "  hallq-sim [run] --server URL --hall HALL.json [--workload W.json] [--seed N] [--speed X|max]\n"
    "            [--volume V] [--heartbeat SECONDS] [--no-end-day] [--progress] [--trace FILE]\n"
    "            [--events-out FILE] [--summary-out FILE]\n"
    "      plays a hall day against a server started with --clock manual (before the first session);\n"
    "      --speed 60 = one hall minute per second, max (default) = as fast as possible.\n"
    "      Exit 0 when the day's invariants hold, 1 when one is broken, 2 on bad usage or setup,\n"
    "      130 when stopped by SIGINT/SIGTERM (the partial day is summarized).\n"
    "  hallq-sim plan --hall HALL.json [--workload W.json | --events FILE.json | --server URL]\n"
    "            [--target MINUTES] [--level SHARE] [--seed N]\n"
    "      recommends windows per service per hour (Erlang C, checked by simulation) for a waiting\n"
    "      target (default 15 min for 80% of citizens), from a workload profile (default: the one\n"
    "      beside the hall), an event log saved with --events-out, or a server's log.\n";

std::atomic<bool> g_stop{false};
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
  for (int i = first; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--progress") { opt.progress = true; continue; }
    if (k == "--no-end-day") { opt.end_day = false; continue; }
    if (k == "-h" || k == "--help") { std::cout << usage; return 0; }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--server") server = v;
    else if (k == "--hall") opt.hall_path = v;
    else if (k == "--workload") opt.workload_path = v;
    else if (k == "--seed") opt.seed = static_cast<std::uint64_t>(number(k, v));
    else if (k == "--speed") opt.speed = v == "max" ? 0 : number(k, v);
    else if (k == "--volume") opt.volume = number(k, v);
    else if (k == "--heartbeat") opt.heartbeat_seconds = static_cast<int>(number(k, v));
    else if (k == "--trace") trace_path = v;
    else if (k == "--events-out") events_out = v;
    else if (k == "--summary-out") summary_out = v;
    else bad_usage("unknown option " + k);
  }
  if (opt.hall_path.empty()) bad_usage("--hall HALL.json is required (the staff PINs and device tokens come from it)");
  if (opt.speed < 0 || opt.volume < 0 || opt.heartbeat_seconds < 1) bad_usage("--speed, --volume and --heartbeat must be positive");
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
  sim::RunResult r;
  try {
    r = sim::run_day(opt);
  } catch (const std::exception& e) {
    std::cerr << "\nhallq-sim: " << e.what() << "\n";
    return 2;
  }
  std::cout << r.summary_text;
  std::printf("  ran %s in %.1f s wall time%s\n", r.date.c_str(), r.wall_seconds, r.stopped ? " (stopped early)" : "");
  if (!events_out.empty()) {
    std::ofstream out(events_out);
    boost::json::array a;
    for (const auto& e : r.events) a.push_back(e);
    out << boost::json::serialize(a) << "\n";
    std::printf("  events saved to %s (hallq-sim plan --events %s)\n", events_out.c_str(), events_out.c_str());
  }
  if (!summary_out.empty()) std::ofstream(summary_out) << r.summary_text;
  if (r.stopped) return 130;  // like a shell: stopped by a signal (the open tickets above are expected)
  return r.summary.invariants_hold() ? 0 : 1;
}

int plan(int argc, char** argv, int first) {
  std::string hall, workload, events, server;
  double target = 15, level = 0.8;
  std::uint64_t seed = 1;
  for (int i = first; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "-h" || k == "--help") { std::cout << usage; return 0; }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--hall") hall = v;
    else if (k == "--workload") workload = v;
    else if (k == "--events") events = v;
    else if (k == "--server") server = v;
    else if (k == "--target") target = number(k, v);
    else if (k == "--level") level = number(k, v);
    else if (k == "--seed") seed = static_cast<std::uint64_t>(number(k, v));
    else bad_usage("unknown option " + k);
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

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "plan") return plan(argc, argv, 2);
  if (cmd == "run") return run(argc, argv, 2);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::cout << usage;
    return 0;
  }
  return run(argc, argv, 1);
}
