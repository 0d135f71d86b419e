// hallq_bench_load: a compressed peak against the real server with wall displays listening.
// The hall of bench_common (W windows, one service each) on a manual clock at 09:00. C client
// threads send an open-loop Poisson stream of commands (the simulator's own RNG), cycling each
// window through a ticket's life: issue → call-next → start → finish. A probe thread issues a
// ticket of service sv001 every 1000/P ms and notes when its 2xx arrived (with --probe-calls it
// issues one, calls it at window 1 and notes the call-next 2xx instead). K WebSocket
// subscribers (async Beast readers on their own threads) read every event; for each probe
// ticket they note when its ticket.issued event arrived. Fan-out latency = that arrival − the
// probe's 2xx arrival: the server releases the 2xx right after the commit and only then
// broadcasts, so this is "event committed → received" minus the commit-to-2xx step (µs).
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "bench_common.hpp"
#include "bench_server.hpp"
#include "sim/model/rng.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace hallq;
using namespace hallq::bench;
using Clock = std::chrono::steady_clock;
namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {

struct Options {
  double rate = 2000;  // commands per second, all clients together (probe included)
  double seconds = 10;
  double warmup = 2;
  int subscribers = 500;
  int windows = 64;
  int clients = 32;
  double probe_rate = 100;  // probe tickets per second
  int reader_threads = 2;
  std::uint64_t seed = 1;
  int ws_batch_ms = -1;      // the server's --ws-batch-ms (-1: its default)
  bool pin = false;          // server on CPU 0, this process (load + subscribers) on the others
  bool batch = false;        // subscribe with /ws?batch=1: a delivery round is one message
  double report_every = 0;   // seconds between a supervisor's report requests (0: none)
  bool probe_calls = false;  // the probe times calls (issue → call-next → finish at window 1) instead of issues
  std::string report = "annual";
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [--rate 2000] [--seconds 10] [--warmup 2] [--subscribers 500] [--windows 64]\n"
               "       [--clients 32] [--probe-rate 100] [--reader-threads 2] [--seed 1] [--ws-batch-ms N] [--pin] [--batch]\n"
               "       [--report-every S] [--report daily|monthly|annual] [--probe-calls]\n"
               "  --pin: the server's threads on CPU 0, the load clients and subscribers on the other CPUs\n"
               "         (as if the displays were other machines; needs 2+ CPUs)\n"
               "  --batch: subscribers ask for /ws?batch=1 (a round of events in one message, as hallq's own clients)\n"
               "  --report-every S: a supervisor asks for a report every S seconds during the run (off the io thread)\n"
               "  --probe-calls: the probe calls its tickets at window 1 and times call-next 2xx → ticket.called\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  parse_flags(argc, argv, usage,
              [&](const std::string& k, const std::string& v) {
                if (k == "--pin") o.pin = true;
                else if (k == "--probe-calls")
                  o.probe_calls = true;
                else if (k == "--batch")
                  o.batch = true;
                else if (k == "--rate")
                  o.rate = std::stod(v);
                else if (k == "--seconds")
                  o.seconds = std::stod(v);
                else if (k == "--warmup")
                  o.warmup = std::stod(v);
                else if (k == "--subscribers")
                  o.subscribers = std::stoi(v);
                else if (k == "--windows")
                  o.windows = std::stoi(v);
                else if (k == "--clients")
                  o.clients = std::stoi(v);
                else if (k == "--probe-rate")
                  o.probe_rate = std::stod(v);
                else if (k == "--reader-threads")
                  o.reader_threads = std::stoi(v);
                else if (k == "--seed")
                  o.seed = std::stoull(v);
                else if (k == "--ws-batch-ms")
                  o.ws_batch_ms = std::stoi(v);
                else if (k == "--report-every")
                  o.report_every = std::stod(v);
                else if (k == "--report")
                  o.report = v;
                else
                  return false;
                return true;
              },
              {"--pin", "--batch", "--probe-calls"});
  if (o.windows < 2 || o.clients < 1 || o.clients > o.windows - 1 || o.rate <= o.probe_rate || o.probe_rate <= 0 ||
      o.subscribers < 0 || o.reader_threads < 1 || o.seconds <= 0)
    usage(argv[0]);
  return o;
}

/// --pin: every thread of the server on CPU 0, this process (and the threads it starts later) on
/// the other CPUs.
void pin_cpus(pid_t server) {
  const int n = static_cast<int>(std::thread::hardware_concurrency());
  if (n < 2) throw std::runtime_error("--pin needs at least 2 CPUs");
  cpu_set_t one, rest;
  CPU_ZERO(&one);
  CPU_ZERO(&rest);
  CPU_SET(0, &one);
  for (std::size_t c = 1; c < static_cast<std::size_t>(n); ++c) CPU_SET(c, &rest);
  for (const auto& [tid, name] : thread_names(server))
    if (::sched_setaffinity(tid, sizeof one, &one) != 0)
      throw std::runtime_error("sched_setaffinity failed for server thread " + name);
  for (const auto& [tid, name] : thread_names(::getpid()))
    if (::sched_setaffinity(tid, sizeof rest, &rest) != 0) throw std::runtime_error("sched_setaffinity failed for " + name);
  std::printf("  pinned: server threads on CPU 0, load clients and subscribers on CPU 1-%d\n", n - 1);
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// [SECTION] subscribers: raw WebSocket readers, many per thread
//
// A wall display reads every frame; here each subscriber reads its socket in 64 KiB chunks and
// walks the frames itself (no per-message completion, no JSON parse), so that the readers, which
// share the machine with the server, cost as little as a reader can. Frames are checked: final,
// unmasked, text, complete. The upgrade is done by hand for the same reason.

struct Subscriber {
  Subscriber(asio::io_context& io, std::string_view probe_event) : sock(io), probe_type(probe_event) {}
  asio::ip::tcp::socket sock;
  std::vector<char> chunk = std::vector<char>(64 * 1024);
  std::string pending;                                                // an incomplete frame carried to the next read
  std::vector<std::pair<std::string, Clock::time_point>> probe_seen;  // probe ticket id → arrival
  std::string probe_type;                                             // "\"type\":\"ticket.issued\"" or the ticket.called one
  std::int64_t messages = 0;
  bool closed = false;
  std::string error;

  void connect(unsigned short port, const std::string& token, bool batch) {
    sock.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    sock.set_option(asio::ip::tcp::no_delay(true));
    const std::string req = "GET /ws?token=" + token + (batch ? "&batch=1" : "") +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::write(sock, asio::buffer(req));
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      const auto n = sock.read_some(asio::buffer(chunk));
      head.append(chunk.data(), n);
    }
    if (head.rfind("HTTP/1.1 101", 0) != 0) throw std::runtime_error("upgrade refused: " + head.substr(0, head.find('\r')));
    pending = head.substr(head.find("\r\n\r\n") + 4);
  }

  void read() {
    sock.async_read_some(asio::buffer(chunk), [this](beast::error_code ec, std::size_t n) { on_read(ec, n); });
  }

  void on_read(beast::error_code ec, std::size_t n) {
    if (ec) {
      closed = true;
      error = ec.message();
      return;
    }
    const auto now = Clock::now();
    pending.append(chunk.data(), n);
    std::size_t pos = 0;
    while (pending.size() - pos >= 2) {
      const auto* p = reinterpret_cast<const unsigned char*>(pending.data() + pos);
      const std::size_t avail = pending.size() - pos;
      std::uint64_t len = p[1] & 0x7Fu;
      std::size_t at = 2;
      if (len == 126) {
        if (avail < 4) break;
        len = (std::uint64_t{p[2]} << 8) | p[3];
        at = 4;
      } else if (len == 127) {
        if (avail < 10) break;
        len = 0;
        for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
        at = 10;
      }
      if (avail < at + len) break;
      if (p[0] == 0x89) {
        // A ping: the server pings after a third of its idle time (minutes); a run is shorter.
      } else if (p[0] != 0x81 || (p[1] & 0x80u) != 0) {
        closed = true;
        error = (p[0] & 0x0Fu) == 0x8 ? "closed by the server" : "not a final unmasked text frame";
        return;
      } else {
        const std::string_view text(pending.data() + pos + at, static_cast<std::size_t>(len));
        if (text.starts_with(R"({"type":"events")")) on_batch(text, now);
        else
          on_message(text, now);
      }
      pos += at + static_cast<std::size_t>(len);
    }
    pending.erase(0, pos);
    read();
  }

  // A batch=1 message: {"type":"events","events":[E,…]}, each event starting with its seq.
  void on_batch(std::string_view text, Clock::time_point now) {
    static constexpr std::string_view start = R"({"seq":)";
    for (auto at = text.find(start); at != std::string_view::npos;) {
      const auto next = text.find(start, at + start.size());
      on_message(text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at), now);
      at = next;
    }
  }

  void on_message(std::string_view text, Clock::time_point now) {
    ++messages;
    // Only probe tickets matter: cheap substring tests, no JSON parse per message.
    // The event's type comes right after its seq, near the front: look there first.
    if (text.substr(0, 80).find(probe_type) != std::string_view::npos &&
        text.find("\"service\":\"sv001\"") != std::string_view::npos) {
      const auto k = text.find("\"ticket\":\"");
      if (k != std::string_view::npos) {
        const auto from = k + 10;
        const auto to = text.find('"', from);
        probe_seen.emplace_back(std::string(text.substr(from, to - from)), now);
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  try {
    test::TempDir dir;
    const auto cfg_path = write_hall_config(dir.path(), opt.windows);
    std::printf(
        "hallq_bench_load: compressed peak, target %.0f commands/s (%.0f probe tickets/s) for %.0f s after %.0f s "
        "warm-up; %d windows, %d client threads, %d WebSocket subscribers on %d reader threads\n",
        opt.rate, opt.probe_rate, opt.seconds, opt.warmup, opt.windows, opt.clients, opt.subscribers, opt.reader_threads);
    std::printf("  machine: %u cores shared by the server, the load clients and the subscribers\n",
                std::thread::hardware_concurrency());

    test::ServerProcess server(cfg_path);
    auto server_args = test::manual_clock("2026-11-23T08:30:00");
    if (opt.ws_batch_ms >= 0) server_args.insert(server_args.end(), {"--ws-batch-ms", std::to_string(opt.ws_batch_ms)});
    server.start(server_args);
    test::HttpClient admin(server.port());
    const std::string admin_token = admin.login("admin", admin_pin);
    must(admin.post("/api/admin/clock", R"({"advance_seconds":1800})", admin_token), 200, "advance to 09:00");
    // Windows 1.. are the load's (window 0's service sv001 is the probe's queue).
    std::vector<std::string> tokens(static_cast<std::size_t>(opt.windows));
    for (int i = 1; i < opt.windows; ++i) {
      tokens[static_cast<std::size_t>(i)] = admin.login(a_staff(i), pin_of(i));
      must(admin.post(cat("/api/staff/", a_staff(i), "/sign-in"), cat(R"({"window":")", window_id(i), "\"}"),
                      tokens[static_cast<std::size_t>(i)]),
           200, "sign-in");
    }
    if (opt.probe_calls) {  // window 1 (W001, sv001) is the probe's own
      tokens[0] = admin.login(a_staff(0), pin_of(0));
      must(admin.post(cat("/api/staff/", a_staff(0), "/sign-in"), cat(R"({"window":")", window_id(0), "\"}"), tokens[0]), 200,
           "sign-in");
    }
    const auto mem_idle = memory_mib(server.pid());
    if (opt.pin) pin_cpus(server.pid());

    // Subscribers.
    std::vector<std::unique_ptr<asio::io_context>> ios;
    for (int t = 0; t < opt.reader_threads; ++t) ios.push_back(std::make_unique<asio::io_context>(1));
    std::vector<std::unique_ptr<Subscriber>> subs;
    const auto connect0 = Clock::now();
    for (int i = 0; i < opt.subscribers; ++i) {
      auto& io = *ios[static_cast<std::size_t>(i % opt.reader_threads)];
      auto s = std::make_unique<Subscriber>(io, opt.probe_calls ? R"("type":"ticket.called")" : R"("type":"ticket.issued")");
      s->connect(server.port(), display_token, opt.batch);
      s->read();
      subs.push_back(std::move(s));
    }
    std::printf("  %d subscribers connected in %.0f ms\n", opt.subscribers, ms(Clock::now() - connect0));
    std::vector<std::thread> readers;
    for (auto& io : ios)
      readers.emplace_back([&io] {
        ::pthread_setname_np(::pthread_self(), "bench-reader");
        io->run();
      });

    // Load clients: open loop, Poisson, each cycling its windows through a ticket's life.
    enum Op { op_issue, op_call, op_start, op_finish, op_count };
    const char* op_names[op_count] = {"issue", "call-next", "start", "finish"};
    struct Stats {
      std::vector<double> lat[op_count];
      std::vector<std::pair<Clock::time_point, double>> timed;  // send time, latency (all ops)
      std::vector<double> lag;                                  // send time − scheduled time (client fell behind the schedule)
      std::int64_t errors = 0;
      std::string first_error;
    };
    std::vector<Stats> stats(static_cast<std::size_t>(opt.clients));
    Clock::time_point t_start{}, t_end{};
    std::barrier ready(opt.clients + 2);
    const double probe_commands = opt.probe_rate * (opt.probe_calls ? 3 : 1);  // a call probe also issues and finishes
    const double per_client = (opt.rate - probe_commands) / opt.clients;
    const sim::Rng root(opt.seed);
    std::vector<std::thread> clients;
    for (int c = 0; c < opt.clients; ++c) {
      clients.emplace_back([&, c] {
        ::pthread_setname_np(::pthread_self(), "bench-client");
        auto& st = stats[static_cast<std::size_t>(c)];
        sim::Rng rng = root.fork("client", static_cast<std::uint64_t>(c));
        test::HttpClient http(server.port());
        http.get("/healthz");
        std::vector<int> mine;
        for (int w = 1 + c; w < opt.windows; w += opt.clients) mine.push_back(w);
        std::vector<int> step(mine.size(), 0);
        ready.arrive_and_wait();
        auto due = Clock::now();
        std::size_t k = 0;
        while (due < t_end) {
          due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(rng.exponential(per_client)));
          std::this_thread::sleep_until(due);
          const std::size_t j = k++ % mine.size();
          const int w = mine[j];
          const auto op = static_cast<Op>(step[j]);
          const auto a = Clock::now();
          test::HttpResponse r;
          switch (op) {
            case op_issue: r = http.post("/api/tickets", cat(R"({"service":")", service_id(w), "\"}"), kiosk_token); break;
            case op_call:
              r = http.post(cat("/api/windows/", window_id(w), "/call-next"), {}, tokens[static_cast<std::size_t>(w)]);
              break;
            case op_start:
              r = http.post(cat("/api/windows/", window_id(w), "/start"), {}, tokens[static_cast<std::size_t>(w)]);
              break;
            default: r = http.post(cat("/api/windows/", window_id(w), "/finish"), {}, tokens[static_cast<std::size_t>(w)]); break;
          }
          const auto b = Clock::now();
          const bool ok = r.status == 200 || r.status == 201;
          if (!ok) {
            ++st.errors;
            if (st.first_error.empty()) st.first_error = cat(op_names[op], ": ", r.describe());
          }
          step[j] = ok ? (step[j] + 1) % op_count : 0;
          if (a >= t_start && b <= t_end) {
            st.lat[op].push_back(ms(b - a));
            st.timed.emplace_back(a, ms(b - a));
            st.lag.push_back(ms(a - due));
          }
        }
      });
    }
    // The probe.
    std::vector<std::pair<std::string, Clock::time_point>> probe_2xx;
    std::vector<Clock::time_point> probe_sent;
    std::vector<double> probe_lat;
    std::thread probe([&] {
      test::HttpClient http(server.port());
      http.get("/healthz");
      ready.arrive_and_wait();
      auto due = Clock::now();
      const auto gap = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / opt.probe_rate));
      while (due < t_end) {
        due += gap;
        std::this_thread::sleep_until(due);
        if (opt.probe_calls) {
          // issue, then time the call: its ticket.called event is what the wall shows.
          if (http.post("/api/tickets", R"({"service":"sv001"})", kiosk_token).status != 201) continue;
        }
        const auto a = Clock::now();
        const auto r = opt.probe_calls ? http.post(cat("/api/windows/", window_id(0), "/call-next"), {}, tokens[0])
                                       : http.post("/api/tickets", R"({"service":"sv001"})", kiosk_token);
        const auto b = Clock::now();
        if (opt.probe_calls) http.post(cat("/api/windows/", window_id(0), "/finish"), {}, tokens[0]);
        if ((r.status != 201 && r.status != 200) || !r.json || !r.json->as_object().at("ticket").is_object()) continue;
        if (a >= t_start && b <= t_end) {
          probe_2xx.emplace_back(std::string(r.json->as_object().at("ticket").as_object().at("id").as_string()), b);
          probe_sent.push_back(a);
          probe_lat.push_back(ms(b - a));
        }
      }
    });
    t_start = Clock::now() + std::chrono::milliseconds(static_cast<int>(opt.warmup * 1000)) + std::chrono::milliseconds(200);
    t_end = t_start + std::chrono::milliseconds(static_cast<int>(opt.seconds * 1000));
    ready.arrive_and_wait();
    // A manager's report requests during the peak (issue 16 aim 4: computed off the io thread).
    ReportRequester reports(server.port(), admin_token, opt.report, opt.report_every, t_start, t_end);
    test::HttpClient mon(server.port());
    std::this_thread::sleep_until(t_start);
    const auto m0 = metrics(mon);
    const auto cpu0 = thread_cpu(server.pid());
    const auto own0 = thread_cpu(::getpid());
    double rss_peak = 0;
    while (Clock::now() < t_end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      rss_peak = std::max(rss_peak, memory_mib(server.pid()).first);
    }
    const auto m1 = metrics(mon);
    const auto cpu1 = thread_cpu(server.pid());
    const auto own1 = thread_cpu(::getpid());
    const auto own_names = thread_names(::getpid());
    const auto names = thread_names(server.pid());
    const auto mem_end = memory_mib(server.pid());
    for (auto& t : clients) t.join();
    probe.join();
    reports.join();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // let the subscribers drain
    for (auto& io : ios) io->stop();
    for (auto& t : readers) t.join();

    // [SECTION] report
    std::vector<double> all, per_op[op_count], lag;
    std::int64_t errors = 0;
    std::string first_error;
    for (auto& st : stats) {
      for (int op = 0; op < op_count; ++op) {
        per_op[op].insert(per_op[op].end(), st.lat[op].begin(), st.lat[op].end());
        all.insert(all.end(), st.lat[op].begin(), st.lat[op].end());
      }
      lag.insert(lag.end(), st.lag.begin(), st.lag.end());
      errors += st.errors;
      if (first_error.empty()) first_error = st.first_error;
    }
    all.insert(all.end(), probe_lat.begin(), probe_lat.end());
    const double n_cmd = static_cast<double>(all.size());
    std::printf("measured %.1f s\n", opt.seconds);
    std::printf("durable commands/s: %.0f of %.0f asked (%.0f commands incl. %zu probe tickets), errors %lld%s%s\n",
                n_cmd / opt.seconds, opt.rate, n_cmd, probe_lat.size(), static_cast<long long>(errors),
                first_error.empty() ? "" : ", first: ", first_error.c_str());
    const auto show = [](const char* name, std::vector<double>& v) {
      const auto s = summarize(v);
      std::printf("  %-22s n=%-7zu p50=%6.2f ms  p90=%6.2f ms  p99=%6.2f ms  max=%7.2f ms\n", name, s.n, s.p50, s.p90, s.p99,
                  s.max);
    };
    std::printf("command latency (client send → 2xx received, durable):\n");
    for (int op = 0; op < op_count; ++op) show(op_names[op], per_op[op]);
    show(opt.probe_calls ? "probe call-next" : "probe issue", probe_lat);
    show("all commands", all);
    show("client lag behind plan", lag);
    if (opt.report_every > 0) {
      std::printf("report requests (%s, one every %.2f s), status", opt.report.c_str(), opt.report_every);
      for (const auto& [code, n] : reports.status) std::printf(" %u×%d", code, n);
      std::printf(":\n");
      show("report", reports.ms);
      // Within the same run: commands sent while a report was being made against the others.
      std::vector<double> during, outside;
      for (const auto& st : stats)
        for (const auto& [sent, latency] : st.timed) {
          const bool overlaps = std::any_of(reports.spans.begin(), reports.spans.end(),
                                            [&](const auto& span) { return sent >= span.first && sent <= span.second; });
          (overlaps ? during : outside).push_back(latency);
        }
      show("commands during reports", during);
      show("commands between them", outside);
    }
    // Fan-out.
    std::unordered_map<std::string, std::size_t> probe_index;
    for (std::size_t i = 0; i < probe_2xx.size(); ++i) probe_index[probe_2xx[i].first] = i;
    std::vector<double> fan, fan_send;
    std::size_t expected = probe_2xx.size() * subs.size(), received = 0;
    int closed = 0;
    std::int64_t messages = 0;
    for (const auto& s : subs) {
      closed += s->closed ? 1 : 0;
      messages += s->messages;
      for (const auto& [id, t] : s->probe_seen) {
        const auto it = probe_index.find(id);
        if (it == probe_index.end()) continue;
        ++received;
        fan.push_back(ms(t - probe_2xx[it->second].second));
        fan_send.push_back(ms(t - probe_sent[it->second]));
      }
    }
    std::printf(
        "websocket fan-out of probe %s events to %zu subscribers (%zu of %zu deliveries seen, %d "
        "subscribers closed):\n",
        opt.probe_calls ? "ticket.called" : "ticket.issued", subs.size(), received, expected, closed);
    show("2xx received → event", fan);
    show("request sent → event", fan_send);
    const double events = m1.at("hallq_events_committed_total") - m0.at("hallq_events_committed_total");
    std::printf(
        "server: %.0f events committed/s, %.1f events per commit, %.0f WebSocket messages/s delivered in total, "
        "dropped as too slow: %.0f\n",
        events / opt.seconds, events / std::max(1.0, m1.at("hallq_commits_total") - m0.at("hallq_commits_total")),
        static_cast<double>(messages) / (opt.seconds + opt.warmup + 2.2), m1.at("hallq_ws_dropped_total"));
    std::printf(
        "server fan-out%s: %.0f frames in %.0f gathered writes (%.1f frames per write)%s\n", opt.batch ? " (batch=1)" : "",
        m1.at("hallq_ws_frames_total") - m0.at("hallq_ws_frames_total"),
        m1.at("hallq_ws_writes_total") - m0.at("hallq_ws_writes_total"),
        (m1.at("hallq_ws_frames_total") - m0.at("hallq_ws_frames_total")) /
            std::max(1.0, m1.at("hallq_ws_writes_total") - m0.at("hallq_ws_writes_total")),
        opt.ws_batch_ms >= 0 ? cat(", --ws-batch-ms ", std::to_string(opt.ws_batch_ms)).c_str() : ", --ws-batch-ms default");
    std::printf("server cpu over the interval (%% of one core):");
    for (const auto& [tid, c] : cpu1) {
      const double used = c - (cpu0.count(tid) ? cpu0.at(tid) : 0.0);
      const std::string name = tid == server.pid() ? "io (http + engine)" : names.count(tid) ? names.at(tid) : "?";
      std::printf(" %s %.0f%%", name.c_str(), 100.0 * used / opt.seconds);
    }
    std::printf("\n");
    std::map<std::string, double> own;  // this process's threads by name: readers, load clients
    for (const auto& [tid, c] : own1)
      own[own_names.count(tid) ? own_names.at(tid) : "?"] += c - (own0.count(tid) ? own0.at(tid) : 0.0);
    std::printf("bench cpu over the interval (%% of one core):");
    for (const auto& [name, used] : own) std::printf(" %s %.0f%%", name.c_str(), 100.0 * used / opt.seconds);
    std::printf("\n");
    std::printf(
        "server memory: RSS %.1f MiB idle (before subscribers), %.1f MiB peak during the run, %.1f MiB at the end "
        "(VmHWM %.1f MiB)\n",
        mem_idle.first, rss_peak, mem_end.first, mem_end.second);
    if (m1.at("hallq_ws_dropped_total") > 0) {
      std::istringstream log(server.log());
      std::string line;
      while (std::getline(log, line))
        if (line.find("dropping") != std::string::npos) std::printf("  server log: %s\n", line.c_str());
    }
    std::fflush(stdout);
    server.stop();
    return errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq_bench_load: %s\n", e.what());
    return 1;
  }
}
