// /ws: the snapshot first, then every event in seq order with no gap; resume with `since`; a
// client that does not read is dropped without slowing the others; bad tokens are refused.
#include <atomic>
#include <functional>
#include <thread>

#include "common.hpp"

namespace hallq::test {
namespace {

using namespace std::chrono_literals;

// Reads event messages until `last_seq` is reached; checks the seqs follow `after` without a gap.
std::vector<json::object> read_events_until(WsClient& ws, std::int64_t after, std::int64_t last_seq) {
  std::vector<json::object> out;
  std::int64_t expect = after + 1;
  while (expect <= last_seq) {
    auto m = ws.next(5s);
    if (!m) {
      ADD_FAILURE() << "no message for seq " << expect << " (" << (ws.closed() ? ws.close_reason() : "timeout") << ")";
      break;
    }
    EXPECT_EQ(str(*m, "type"), "event") << dump(*m);
    if (!m->contains("event")) break;
    auto e = m->at("event").as_object();
    EXPECT_EQ(num(e, "seq"), expect) << "events must arrive in seq order with no gap: " << dump(e);
    expect = num(e, "seq") + 1;
    out.push_back(std::move(e));
  }
  return out;
}

// A morning's worth of varied commands; returns nothing, the log tells.
void some_activity(LiveHall& h) {
  h.issue("shebao");
  h.issue("yibao");
  h.issue("shebao", kiosk_token, "green");
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  h.advance(120);
  h.window_action("s001", "W01", "finish");
  h.staff_action("s001", "off-post", {{"reason", "取材料"}, {"destination", "档案室"}, {"expected_minutes", 10}});
  h.staff_action("s001", "return");
}

TEST(WebSocket, snapshot_first_then_events_in_seq_order_without_gaps) {
  LiveHall h;
  h.open_morning();
  h.sign_in("s001", "W01");
  WsClient ws;
  ws.connect(h.port(), display_token);
  auto first = ws.next(5s);
  ASSERT_TRUE(first) << ws.close_reason();
  EXPECT_EQ(str(*first, "type"), "snapshot");
  const auto n = num(*first, "seq");
  EXPECT_EQ(n, h.seq());
  ASSERT_TRUE(first->contains("state") && first->at("state").is_object()) << dump(*first);
  const auto& st = first->at("state").as_object();
  EXPECT_EQ(num(st, "seq"), n);
  EXPECT_EQ(st.at("windows").as_array().size(), 5u);
  EXPECT_EQ(st.at("queues").as_array().size(), 3u);
  EXPECT_TRUE(st.at("session_open").as_bool());
  EXPECT_EQ(str(st.at("windows").as_array().at(0).as_object().at("on_post").as_object(), "staff"), "s001");
  EXPECT_EQ(without(st, {"now"}), h.state(true)) << "the snapshot is /api/state";

  some_activity(h);
  const auto last = h.seq();
  ASSERT_GT(last, n + 8);
  const auto got = read_events_until(ws, n, last);
  // The same events, byte for byte in meaning, as the log.
  const auto logged = h.events(n);
  ASSERT_EQ(got.size(), logged.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], logged[i]);
  // Nothing more until something happens.
  EXPECT_FALSE(ws.next(200ms));
  EXPECT_FALSE(ws.closed()) << ws.close_reason();
  h.issue("gongjijin");
  auto more = read_events_until(ws, last, last + 1);
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(str(more[0], "type"), "ticket.issued");
  EXPECT_EQ(str(more[0], "number"), "C001");
  ws.close();
}

TEST(WebSocket, since_resumes_with_exactly_the_events_after_k) {
  LiveHall h;
  h.open_morning();
  h.sign_in("s001", "W01");
  const auto k = h.seq();
  some_activity(h);
  const auto last = h.seq();
  ASSERT_GT(last, k + 5);

  WsClient ws;
  ws.connect(h.port(), h.token("s002"), k);
  const auto got = read_events_until(ws, k, last);  // the first message is an event, not a snapshot
  const auto logged = h.events(k);
  ASSERT_EQ(got.size(), logged.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], logged[i]);
  EXPECT_FALSE(ws.next(200ms)) << "nothing after the newest event";

  // Resuming at the newest seq gives nothing old; live events follow.
  WsClient at_head;
  at_head.connect(h.port(), display_token, last);
  EXPECT_FALSE(at_head.next(200ms));
  EXPECT_FALSE(at_head.closed()) << at_head.close_reason();
  h.issue("yibao");
  EXPECT_EQ(read_events_until(at_head, last, last + 1).size(), 1u);
  EXPECT_EQ(read_events_until(ws, last, last + 1).size(), 1u);
}

TEST(WebSocket, since_out_of_reach_gets_a_snapshot) {
  LiveHall h;
  h.open_morning();
  h.issue("shebao");
  const auto last = h.seq();
  for (std::int64_t since : {last + 1, last + 100}) {  // from the future: another database
    SCOPED_TRACE("since=" + std::to_string(since));
    WsClient ws;
    ws.connect(h.port(), display_token, since);
    auto m = ws.next(5s);
    ASSERT_TRUE(m) << ws.close_reason();
    EXPECT_EQ(str(*m, "type"), "snapshot") << dump(*m);
    EXPECT_EQ(num(*m, "seq"), last);
  }
}

TEST(WebSocket, resume_reaches_across_a_restart) {
  LiveHall h;
  h.open_morning();
  h.issue("shebao");
  const auto before = h.seq();
  ASSERT_EQ(h.restart(), 0);  // the server reloads its newest events into the resume ring
  h.issue("shebao");
  const auto last = h.seq();
  WsClient ws;
  ws.connect(h.port(), display_token, 1);
  const auto got = read_events_until(ws, 1, last);
  ASSERT_EQ(static_cast<std::int64_t>(got.size()), last - 1) << "every event after since=1, none missing";
  EXPECT_GT(last, before);
}

TEST(WebSocket, bad_token_is_refused) {
  LiveHall h;
  WsClient ws;
  EXPECT_EQ(ws.try_connect(h.port(), "not-a-token"), 401u);
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.try_connect(h.port(), ""), 401u);
  EXPECT_EQ(ws.try_connect(h.port(), display_token), 101u);
}

std::int64_t metric(HttpClient& c, const std::string& name) {
  const auto r = c.get("/metrics");
  if (r.status != 200) return -1;
  const auto at = r.body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(r.body.substr(at + name.size() + 2));
}

// A WebSocket client read as fast as possible on its own thread; records the seqs it sees.
class EventReader {
 public:
  EventReader(unsigned short port, const std::string& token) {
    ws_.connect(port, token);
    thread_ = std::thread([this] { run(); });
  }
  ~EventReader() { finish(0); }
  // Waits until the reader has seen `last` (or failed); returns what went wrong, "" if nothing.
  std::string finish(std::int64_t last) {
    target_ = last;
    if (thread_.joinable()) thread_.join();
    return problem_;
  }
  const std::vector<std::int64_t>& seqs() const { return seqs_; }

 private:
  void run() {
    auto snap = ws_.next(5s);
    if (!snap || str(*snap, "type") != "snapshot") {
      problem_ = "no snapshot first";
      return;
    }
    seqs_.push_back(num(*snap, "seq"));
    auto quiet_since = std::chrono::steady_clock::now();
    for (;;) {
      const auto t = target_.load();
      if (t >= 0 && seqs_.back() >= t) return;
      auto m = ws_.next(100ms);
      if (!m) {
        if (ws_.closed() || std::chrono::steady_clock::now() - quiet_since > 10s) {
          problem_ = "stopped after seq " + std::to_string(seqs_.back()) + ": " +
                     (ws_.closed() ? "connection closed by the server (" + ws_.close_reason() + ")" : std::string("timeout"));
          return;
        }
        continue;
      }
      quiet_since = std::chrono::steady_clock::now();
      seqs_.push_back(num(m->at("event").as_object(), "seq"));
    }
  }

  WsClient ws_;
  std::atomic<std::int64_t> target_{-1};
  std::vector<std::int64_t> seqs_;
  std::string problem_;
  std::thread thread_;
};

// POST /api/tickets from `kiosks` concurrent connections until `enough()` (polled every 50 ms),
// `max_tickets` or `max_time`. Returns the number of tickets; counts non-201 answers in `failures`.
int issue_tickets(unsigned short port, int kiosks, int max_tickets, std::chrono::milliseconds max_time,
                  const std::function<bool()>& enough, int& failures) {
  std::atomic<int> issued{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> producers;
  for (int k = 0; k < kiosks; ++k) {
    producers.emplace_back([&, k] {
      HttpClient c(port);
      const char* services[] = {R"({"service":"shebao"})", R"({"service":"yibao"})", R"({"service":"gongjijin"})"};
      while (!stop.load() && issued.fetch_add(1) < max_tickets)
        if (c.post("/api/tickets", services[k % 3], kiosk_token).status != 201) ++failed;
    });
  }
  const auto started = std::chrono::steady_clock::now();
  while (issued.load() < max_tickets && std::chrono::steady_clock::now() - started < max_time && !enough())
    std::this_thread::sleep_for(50ms);
  stop = true;
  for (auto& t : producers) t.join();
  failures = failed.load();
  return std::min(issued.load(), max_tickets);
}

void expect_contiguous(const std::vector<std::int64_t>& seqs, std::int64_t last) {
  ASSERT_FALSE(seqs.empty());
  for (std::size_t i = 1; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], seqs[i - 1] + 1) << "gap or disorder at message " << i;
  EXPECT_EQ(seqs.back(), last);
}

TEST(WebSocket, slow_reader_is_dropped_while_others_get_every_event) {
  LiveHall h;
  h.open_morning();
  EventReader good(h.port(), h.token("s002"));

  // The slow reader: a tiny receive buffer and never a read. The kernel still buffers some
  // megabytes for it, then the server's queue (4096 messages) overflows.
  WsClient slow;
  slow.set_receive_buffer(4096);
  // Per-event messages, as before batch=1: the kernel buffers take as many bytes, and a batch
  // (fewer bytes per event) would take longer to fill them on a loaded machine.
  slow.set_batch(false);
  slow.connect(h.port(), display_token);

  HttpClient watcher(h.port());
  std::int64_t dropped = 0;
  int failures = 0;
  const auto started = std::chrono::steady_clock::now();
  // The slow reader is dropped once the kernel's buffers for it are full (the server's send
  // buffer is bounded: HubOptions::send_buffer) and then `max_lag` (10 s) has passed. A moderate
  // rate (6 kiosks): the good reader must keep up on its own merit.
  const int issued = issue_tickets(
      h.port(), 6, 60000, 60s,
      [&] {
        dropped = metric(watcher, "hallq_ws_dropped_total");
        return dropped >= 1;
      },
      failures);
  const auto last = h.seq();
  const std::string problem = good.finish(last);

  EXPECT_EQ(failures, 0);
  EXPECT_GE(issued, 1000);
  EXPECT_EQ(dropped, 1) << "the server must drop exactly the client that does not read (" << issued << " tickets)";
  EXPECT_TRUE(problem.empty()) << problem;
  expect_contiguous(good.seqs(), last);

  // The slow client finds its connection closed before the end of the stream.
  std::int64_t slow_last = -1;
  for (;;) {
    auto m = slow.next(3s);
    if (!m) break;
    if (str(*m, "type") == "event") slow_last = num(m->at("event").as_object(), "seq");
  }
  EXPECT_TRUE(slow.closed()) << "the slow client is still connected";
  EXPECT_EQ(slow.close_code(), 1008) << "a reader too slow is closed with 1008 (policy), not cut off: " << slow.close_reason();
  EXPECT_LT(slow_last, last);
  std::cout << "[ info ] " << issued << " tickets in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
            << " ms; the slow client got events up to seq " << slow_last << " of " << last << "\n";
}

// Regression (fixed): server/net/server.cpp WsSession::enqueue/do_write (lines ~95-120): the drop rule counts
// queued messages (Limits::ws_queue_messages = 4096) and the writer sends one message per
// async_write completion, i.e. one per turn of the io loop. Under a burst (32 kiosks, thousands
// of tickets a second) the server's own write loop falls behind, so a client that reads as fast
// as it can is dropped as "slow" (log: dropping slow subscriber s002) although its kernel receive
// queue is empty (ss: Recv-Q 0 on the client, Send-Q < 64 KB on the server). API.md: only a
// client that does not read is dropped. Expected: a reading client receives every event.
TEST(WebSocket, reading_client_is_not_dropped_during_a_burst) {
  LiveHall h;
  h.open_morning();
  EventReader reader(h.port(), h.token("s002"));
  HttpClient watcher(h.port());
  int failures = 0;
  std::int64_t dropped = 0;
  const int issued = issue_tickets(
      h.port(), 32, 16000, 90s,  // 30 s were once too few beside another test (15,642 issued)
      [&] {
        dropped = metric(watcher, "hallq_ws_dropped_total");
        return dropped != 0;  // stop early once the reader is gone
      },
      failures);
  const auto last = h.seq();
  const std::string problem = reader.finish(last);
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(dropped, 0) << "a client that reads everything was dropped after " << issued << " tickets";
  EXPECT_EQ(issued, 16000);
  EXPECT_TRUE(problem.empty()) << problem;
  expect_contiguous(reader.seqs(), last);
}

}  // namespace
}  // namespace hallq::test
