// hallq-server: parses the command line, wires store, engine shell and network, and runs.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "net/auth.hpp"
#include "shell/hall.hpp"
#include "net/hub.hpp"
#include "shell/log.hpp"
#include "net/server.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/roster_check.hpp"

namespace asio = boost::asio;
using namespace hallq;

namespace {

constexpr const char* usage =
    "usage: hallq-server --config HALL.json [--db PATH] [--listen ADDR:PORT] [--clock real|manual]\n"
    "                    [--start 2026-11-23T08:30:00] [--snapshot-every N] [--allow-roster-shrink]\n"
    "                    [--ws-batch-ms N] [--ws-idle-seconds N]\n"
    "  --ws-batch-ms N      during a burst, WebSocket events go out in rounds at least N ms apart, and at\n"
    "                       least as far apart as the last round took (default 2; 0-1000)\n"
    "  --ws-idle-seconds N  a WebSocket client silent this long is dropped; it is pinged after a third\n"
    "                       of it (default 120).\n";

struct Args {
  std::string config;
  std::string db = "var/hall.db";
  std::string listen = "127.0.0.1:7080";
  std::string clock = "real";
  std::string start;
  std::int64_t snapshot_every = 50000;
  bool allow_roster_shrink = false;
  long ws_batch_ms = 2;
  long ws_idle_seconds = 120;
};

long integer(const std::string& k, const std::string& v, long min, long max);

[[noreturn]] void bad_usage(const std::string& problem) {
  std::cerr << "hallq-server: " << problem << "\n" << usage;
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "-h" || k == "--help") {
      std::cout << usage;
      std::exit(0);
    }
    if (k == "--allow-roster-shrink") {
      a.allow_roster_shrink = true;
      continue;
    }
    if (i + 1 >= argc) bad_usage(k + " needs a value");
    const std::string v = argv[++i];
    if (k == "--config") a.config = v;
    else if (k == "--db")
      a.db = v;
    else if (k == "--listen")
      a.listen = v;
    else if (k == "--clock")
      a.clock = v;
    else if (k == "--start")
      a.start = v;
    else if (k == "--snapshot-every") {
      try {
        a.snapshot_every = std::stoll(v);
      } catch (const std::exception&) {
        bad_usage("--snapshot-every must be a number");
      }
      if (a.snapshot_every < 1) bad_usage("--snapshot-every must be at least 1");
    } else if (k == "--ws-batch-ms")
      a.ws_batch_ms = integer(k, v, 0, 1000);
    else if (k == "--ws-idle-seconds")
      a.ws_idle_seconds = integer(k, v, 3, 86400);
    else
      bad_usage("unknown option " + k);
  }
  if (a.config.empty()) bad_usage("--config is required");
  if (a.clock != "real" && a.clock != "manual") bad_usage("--clock must be real or manual");
  return a;
}

long integer(const std::string& k, const std::string& v, long min, long max) {
  long x = 0;
  try {
    std::size_t used = 0;
    x = std::stol(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
  } catch (const std::exception&) {
    bad_usage(k + " must be a whole number, not '" + v + "'");
  }
  if (x < min || x > max) bad_usage(k + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return x;
}

asio::ip::tcp::endpoint parse_listen(const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) bad_usage("--listen must be ADDR:PORT, e.g. 127.0.0.1:7080");
  std::string host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec) bad_usage("--listen: " + host + " is not an IP address");
  int port = -1;
  try {
    port = std::stoi(s.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535) bad_usage("--listen: port must be 0..65535");
  return {addr, static_cast<unsigned short>(port)};
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  std::shared_ptr<const domain::HallConfig> cfg;
  std::string config_text;
  try {
    std::ifstream in(args.config, std::ios::binary);
    if (!in) throw proto::ConfigError(args.config, "$", "cannot be read (missing file or no permission)");
    std::ostringstream ss;
    ss << in.rdbuf();
    config_text = ss.str();
    cfg = std::make_shared<const domain::HallConfig>(proto::load_config_text(config_text, args.config));
  } catch (const proto::ConfigError& e) {
    std::cerr << "hallq-server: config error: " << e.what() << "\n";
    return 2;
  }
  server::HallOptions opts;
  opts.clock = args.clock == "manual" ? server::ClockMode::manual : server::ClockMode::real;
  opts.snapshot_every = args.snapshot_every;
  if (!args.start.empty()) {
    const auto t = domain::parse_time(args.start, cfg->hall.utc_offset);
    if (!t) bad_usage("--start must be a time like 2026-11-23T08:30:00");
    opts.start = *t;
  } else {
    opts.start = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  const auto endpoint = parse_listen(args.listen);

  try {
    server::init_crypto();
    opts.config_digest = server::token_digest(config_text);
    opts.public_config = proto::public_config_json(config_text);
    asio::io_context io{1};
    store::EventStore store(args.db, cfg->hall.id);
    // R-STF-1, R-STF-2: compare the rosters with those of the config this database last ran with.
    const auto today = domain::local_date(opts.start, cfg->hall.utc_offset);
    auto rosters = proto::check_rosters(*cfg, store.meta("rosters"), today, args.allow_roster_shrink);
    if (rosters.problem) {
      std::cerr << "hallq-server: config error: " << args.config << ": " << *rosters.problem << "\n";
      return 2;
    }
    opts.startup_events = proto::roster_events(rosters.changes, today);
    store.put_meta("rosters", rosters.fingerprint);
    server::HubOptions hub_opts;
    hub_opts.batch = std::chrono::milliseconds(args.ws_batch_ms);
    hub_opts.idle = std::chrono::seconds(args.ws_idle_seconds);
    server::Hub hub(hub_opts);
    server::Hall hall(io, cfg, store, hub, opts);
    // The hub thread asks the hall for snapshots: it stops before the hall goes, however main ends.
    struct StopHub {
      server::Hub& h;
      ~StopHub() { h.stop(); }
    } stop_hub{hub};
    server::Auth auth(cfg, store, std::chrono::hours(24));
    auth.start(opts.config_digest);
    hall.start();
    server::Server srv(io, hall, auth, hub, store, cfg);
    // Signals first: a SIGTERM right after the "listening" line must shut down cleanly.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) {
      server::log::info("main", "shutting down");
      srv.close();
      hall.stop();  // commits what is pending
      hub.stop();   // closes the WebSocket clients (they reconnect with `since`)
      io.stop();
    });
    srv.listen(endpoint);
    const auto ep = srv.local_endpoint();
    std::cout << "hallq-server: hall \"" << cfg->hall.name << "\" listening on http://" << ep.address().to_string() << ":"
              << ep.port() << " (db " << args.db << ", clock " << args.clock << ")" << std::endl;
    io.run();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "hallq-server: " << e.what() << "\n";
    return 1;
  }
}
