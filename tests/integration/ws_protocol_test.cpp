// /ws at the byte level (RFC 6455), with a raw socket so that nothing hides what goes over the
// wire — handshake key, pings, close handshake and its codes (1002, 1007, 1009, 1001), frames
// that break the protocol, idle clients, batch=1, and the gathered writes of a burst.
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <optional>
#include <thread>

#include "common.hpp"

namespace hallq::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct InFrame {
  int op = 0;
  bool fin = false;
  std::string payload;
};

// A hand-written WebSocket client: nothing hides what goes over the wire.
class RawWs {
 public:
  /// Sends the upgrade request (and `after` in the same write); returns the HTTP status of the
  /// answer (0 if none). `rcvbuf` > 0 limits the kernel's receive buffer.
  unsigned connect(unsigned short port, const std::string& token, const std::string& after = {}, int rcvbuf = 0) {
    sock_.open(tcp::v4());
    if (rcvbuf > 0) sock_.set_option(asio::socket_base::receive_buffer_size(rcvbuf));
    sock_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    // RFC 6455 §1.3's example key, whose accept value is known.
    const std::string req = "GET /ws?token=" + token +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::write(sock_, asio::buffer(req + after));
    while (buf_.find("\r\n\r\n") == std::string::npos)
      if (!fill(5s)) return 0;
    const auto end = buf_.find("\r\n\r\n") + 4;
    head_ = buf_.substr(0, end);
    buf_.erase(0, end);
    return head_.size() > 12 ? static_cast<unsigned>(std::stoul(head_.substr(9, 3))) : 0;
  }
  const std::string& response_head() const { return head_; }

  /// Sends one frame; `first` is the first header byte (FIN, RSV, opcode).
  void send(int first, std::string_view payload, bool masked = true) { send_bytes(frame(first, payload, masked)); }
  void send_bytes(const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(sock_, asio::buffer(bytes), ec);
  }

  /// A client frame; `length_form` 16 or 64 forces that length encoding even where a shorter
  /// one would do.
  static std::string frame(int first, std::string_view payload, bool masked = true, int length_form = 0) {
    std::string out;
    out.push_back(static_cast<char>(first));
    const std::size_t n = payload.size();
    const int m = masked ? 0x80 : 0;
    if (n < 126 && length_form == 0) {
      out.push_back(static_cast<char>(m | static_cast<int>(n)));
    } else if (n <= 0xFFFF && length_form != 64) {
      out.push_back(static_cast<char>(m | 126));
      out.push_back(static_cast<char>(n >> 8));
      out.push_back(static_cast<char>(n & 0xFF));
    } else {
      out.push_back(static_cast<char>(m | 127));
      for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> s) & 0xFF));
    }
    const unsigned char key[4] = {0x11, 0x22, 0x33, 0x44};
    if (masked) out.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(masked ? static_cast<char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]) : payload[i]);
    return out;
  }

  /// The next frame from the server, or nothing when `timeout` passes or the connection ends.
  std::optional<InFrame> next(std::chrono::milliseconds timeout = 5s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto f = parse()) return f;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left <= 0ms || !fill(left)) return std::nullopt;
    }
  }
  /// Skips frames until one with opcode `op` (or nothing).
  std::optional<InFrame> next_of(int op, std::chrono::milliseconds timeout = 5s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      auto f = next(std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()));
      if (!f || f->op == op) return f;
    }
    return std::nullopt;
  }
  bool ended() const { return ended_; }

 private:
  std::optional<InFrame> parse() {
    if (buf_.size() < 2) return std::nullopt;
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data());
    EXPECT_EQ(p[1] & 0x80, 0) << "server frames are never masked";
    std::uint64_t len = p[1] & 0x7F;
    std::size_t at = 2;
    if (len == 126) {
      if (buf_.size() < 4) return std::nullopt;
      len = (std::uint64_t{p[2]} << 8) | p[3];
      at = 4;
    } else if (len == 127) {
      if (buf_.size() < 10) return std::nullopt;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
      at = 10;
    }
    if (buf_.size() < at + len) return std::nullopt;
    InFrame f{p[0] & 0x0F, (p[0] & 0x80) != 0, buf_.substr(at, static_cast<std::size_t>(len))};
    buf_.erase(0, at + static_cast<std::size_t>(len));
    return f;
  }
  bool fill(std::chrono::milliseconds timeout) {
    if (ended_) return false;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1000;
    ::setsockopt(sock_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char tmp[65536];
    const auto n = ::recv(sock_.native_handle(), tmp, sizeof tmp, 0);
    if (n == 0) ended_ = true;
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  asio::io_context io_;
  tcp::socket sock_{io_};
  std::string buf_, head_;
  bool ended_ = false;
};

std::uint16_t close_code_of(const InFrame& f) {
  return f.payload.size() >= 2 ? static_cast<std::uint16_t>((static_cast<unsigned char>(f.payload[0]) << 8) |
                                                            static_cast<unsigned char>(f.payload[1]))
                               : 0;
}

std::int64_t metric(HttpClient& c, const std::string& name) {
  const auto r = c.get("/metrics");
  const auto at = r.body.find("\n" + name + " ");
  if (r.status != 200 || at == std::string::npos) return -1;
  return std::stoll(r.body.substr(at + name.size() + 2));
}

// `threads` kiosks issue `each` tickets apiece, at once, and all are answered before it returns.
void issue_from_kiosks(unsigned short port, int threads, int each) {
  std::vector<std::thread> kiosks;
  for (int k = 0; k < threads; ++k)
    kiosks.emplace_back([port, each] {
      HttpClient kc(port);
      for (int i = 0; i < each; ++i) kc.post("/api/tickets", R"({"service":"shebao"})", kiosk_token);
    });
  for (auto& t : kiosks) t.join();
}

// The server's close frame carries `code`, and then the server ends the TCP connection.
void expect_close_then_end(RawWs& ws, std::uint16_t code) {
  auto f = ws.next_of(0x8);
  ASSERT_TRUE(f) << "no close frame";
  EXPECT_EQ(close_code_of(*f), code);
  EXPECT_FALSE(ws.next(3s));
  EXPECT_TRUE(ws.ended()) << "the server keeps the TCP connection after the close handshake";
}

TEST(WsProtocol, handshake_answers_with_the_rfc_accept_key_then_a_snapshot_text_frame) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u) << ws.response_head();
  EXPECT_NE(ws.response_head().find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos) << ws.response_head();
  auto f = ws.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, 0x1);
  EXPECT_TRUE(f->fin);
  const auto v = json::parse(f->payload).as_object();
  EXPECT_EQ(str(v, "type"), "snapshot");
  EXPECT_EQ(num(v, "seq"), h.seq());
}

TEST(WsProtocol, bad_upgrade_request_gets_an_http_error_not_a_websocket) {
  LiveHall h;
  asio::io_context io;
  tcp::socket s(io);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), h.port()));
  // No Sec-WebSocket-Key: Beast's handshake refuses it.
  const std::string req =
      "GET /ws?token=" + std::string(display_token) +
      " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n";
  asio::write(s, asio::buffer(req));
  std::string got;
  boost::system::error_code ec;
  char tmp[4096];
  while (got.find("\r\n\r\n") == std::string::npos) {
    const auto n = s.read_some(asio::buffer(tmp), ec);
    if (ec) break;
    got.append(tmp, n);
  }
  EXPECT_EQ(got.substr(0, 12), "HTTP/1.1 400") << got;
}

TEST(WsProtocol, ping_is_answered_with_a_pong_of_the_same_payload) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(ws.next());  // the snapshot
  ws.send(0x89, "是否在线?");
  auto f = ws.next_of(0xA);
  ASSERT_TRUE(f) << "no pong";
  EXPECT_EQ(f->payload, "是否在线?");
}

TEST(WsProtocol, client_close_is_echoed_and_the_server_ends_the_connection) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(ws.next());
  ws.send(0x88, std::string("\x03\xE9", 2));  // 1001 going away
  expect_close_then_end(ws, 1001);
}

TEST(WsProtocol, close_with_a_code_no_endpoint_may_send_is_answered_with_1002) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(ws.next());
  ws.send(0x88, std::string("\x03\xED", 2));  // 1005 "no status" is reserved for APIs (RFC 6455 §7.4.1)
  expect_close_then_end(ws, 1002);
}

TEST(WsProtocol, unmasked_client_frame_gets_close_1002) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(ws.next());
  ws.send(0x81, "hello", /*masked=*/false);
  expect_close_then_end(ws, 1002);
}

TEST(WsProtocol, oversized_client_message_gets_close_1009_and_others_keep_their_stream) {
  LiveHall h;
  h.open_morning();
  RawWs other;
  ASSERT_EQ(other.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(other.next());
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(ws.next());
  ws.send(0x82, std::string(64 * 1024 + 1, 'x'));
  auto f = ws.next_of(0x8);
  ASSERT_TRUE(f) << "no close frame";
  EXPECT_EQ(close_code_of(*f), 1009);
  // The other subscriber still gets the next event.
  h.issue("shebao");
  auto e = other.next_of(0x1);
  ASSERT_TRUE(e);
  EXPECT_NE(e->payload.find("ticket.issued"), std::string::npos) << e->payload;
}

TEST(WsProtocol, silent_client_is_pinged_then_dropped_while_one_that_answers_stays) {
  // --ws-idle-seconds 3: a ping after 1 s of silence, dropped after 3 s.
  auto extra = manual_clock();
  extra.insert(extra.end(), {"--ws-idle-seconds", "3"});
  LiveHall h(extra);
  h.open_morning();
  RawWs silent, alive;
  ASSERT_EQ(silent.connect(h.port(), display_token), 101u);
  ASSERT_EQ(alive.connect(h.port(), display_token), 101u);
  ASSERT_TRUE(silent.next());
  ASSERT_TRUE(alive.next());
  const auto t0 = std::chrono::steady_clock::now();
  auto ping = silent.next_of(0x9, 4s);
  ASSERT_TRUE(ping) << "no ping to a silent client";
  // The live one answers every ping for 6 s.
  std::thread answer([&] {
    while (std::chrono::steady_clock::now() - t0 < 6s) {
      if (auto p = alive.next_of(0x9, 500ms)) alive.send(0x8A, p->payload);
    }
  });
  // The silent one is cut off: the stream ends within the idle time plus the sweep.
  while (silent.next(500ms) || !silent.ended()) {
    if (std::chrono::steady_clock::now() - t0 > 8s) break;
  }
  EXPECT_TRUE(silent.ended()) << "a client that never answers is still connected after 8 s";
  answer.join();
  HttpClient c(h.port());
  EXPECT_EQ(metric(c, "hallq_ws_dropped_total"), 1);
  EXPECT_EQ(metric(c, "hallq_ws_subscribers"), 1) << "the client that answered pings was dropped";
  h.issue("shebao");
  auto e = alive.next_of(0x1, 3s);
  ASSERT_TRUE(e) << "the live client no longer gets events";
  EXPECT_NE(e->payload.find("ticket.issued"), std::string::npos);
}

TEST(WsProtocol, a_burst_reaches_a_subscriber_in_fewer_writes_than_frames_and_in_order) {
  // --ws-batch-ms 20: events committed within 20 ms of the last delivery leave together.
  auto extra = manual_clock();
  extra.insert(extra.end(), {"--ws-batch-ms", "20"});
  LiveHall h(extra);
  h.open_morning();
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token), 101u);
  auto snap = ws.next();
  ASSERT_TRUE(snap);
  const auto from = num(json::parse(snap->payload).as_object(), "seq");
  HttpClient c(h.port());
  const auto frames0 = metric(c, "hallq_ws_frames_total"), writes0 = metric(c, "hallq_ws_writes_total");
  issue_from_kiosks(h.port(), 8, 50);
  const auto last = h.seq();
  std::int64_t expect = from + 1;
  while (expect <= last) {
    auto f = ws.next_of(0x1);
    ASSERT_TRUE(f) << "missing seq " << expect;
    const auto e = json::parse(f->payload).as_object().at("event").as_object();
    ASSERT_EQ(num(e, "seq"), expect);
    ++expect;
  }
  // The counters move when a write completes, which may be a moment after the client read it.
  std::int64_t frames = 0, writes = 0;
  for (int i = 0; i < 100 && frames < last - from; ++i) {
    if (i) std::this_thread::sleep_for(20ms);
    frames = metric(c, "hallq_ws_frames_total") - frames0;
    writes = metric(c, "hallq_ws_writes_total") - writes0;
  }
  EXPECT_GE(frames, last - from);
  EXPECT_LT(writes * 2, frames) << writes << " writes for " << frames << " frames: the burst was not gathered";
  std::cout << "[ info ] " << frames << " frames in " << writes << " writes\n";
}

}  // namespace
}  // namespace hallq::test

namespace hallq::test {
namespace {

TEST(WsProtocol, since_with_trailing_characters_is_a_bad_request) {
  LiveHall h;
  RawWs ws;
  EXPECT_EQ(ws.connect(h.port(), std::string(display_token) + "&since=12abc"), 400u) << ws.response_head();
}

TEST(WsProtocol, sigterm_with_subscribers_connected_during_a_burst_exits_0_promptly) {
  // The fan-out thread must wind down whatever its timers were doing when the signal came.
  for (int round = 0; round < 3; ++round) {
    LiveHall h;
    h.open_morning();
    std::vector<std::unique_ptr<RawWs>> subs;
    for (int i = 0; i < 20; ++i) {
      subs.push_back(std::make_unique<RawWs>());
      ASSERT_EQ(subs.back()->connect(h.port(), display_token), 101u);
    }
    issue_from_kiosks(h.port(), 4, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(300 * round));  // land near a sweep tick
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(h.server().stop(std::chrono::seconds(10)), 0) << h.server().log();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  }
}

}  // namespace
}  // namespace hallq::test

// [SECTION] close codes, and frames that break RFC 6455

namespace hallq::test {
namespace {

// A connected raw client past its snapshot.
std::unique_ptr<RawWs> subscribed(LiveHall& h, const std::string& query = {}) {
  auto ws = std::make_unique<RawWs>();
  EXPECT_EQ(ws->connect(h.port(), display_token + query), 101u);
  EXPECT_TRUE(ws->next());  // the snapshot
  return ws;
}

TEST(WsProtocol, text_that_is_not_utf8_gets_close_1007) {
  LiveHall h;
  auto ws = subscribed(h);
  ws->send(0x81, "\xC3\x28 broken");  // 0xC3 opens a two-byte sequence that 0x28 does not continue
  expect_close_then_end(*ws, 1007);
}

TEST(WsProtocol, oversized_message_gets_1009_then_a_clean_end_not_a_reset) {
  // The payload is still arriving when the server refuses it: it reads what is left, so the
  // close frame reaches the client and the connection ends with a FIN, never a reset.
  LiveHall h;
  auto ws = subscribed(h);
  ws->send(0x82, std::string(1 << 20, 'x'));
  expect_close_then_end(*ws, 1009);
}

TEST(WsProtocol, server_shutdown_sends_1001_going_away) {
  LiveHall h;
  auto ws = subscribed(h);
  EXPECT_EQ(h.server().stop(std::chrono::seconds(10)), 0) << h.server().log();
  expect_close_then_end(*ws, 1001);
}

TEST(WsProtocol, a_frame_sent_with_the_upgrade_request_is_answered) {
  LiveHall h;
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token, RawWs::frame(0x89, "early")), 101u);
  auto f = ws.next_of(0xA);
  ASSERT_TRUE(f) << "the ping that came with the request was lost";
  EXPECT_EQ(f->payload, "early");
}

TEST(WsProtocol, a_frame_split_at_every_byte_is_read) {
  LiveHall h;
  auto ws = subscribed(h);
  const auto wire = RawWs::frame(0x81, std::string(300, 'z')) + RawWs::frame(0x89, "ping-1");
  for (char c : wire) ws->send_bytes(std::string(1, c));
  auto f = ws->next_of(0xA);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload, "ping-1");
}

TEST(WsProtocol, fragments_in_order_are_fine_and_a_ping_may_come_between_them) {
  LiveHall h;
  auto ws = subscribed(h);
  ws->send_bytes(RawWs::frame(0x01, "a") + RawWs::frame(0x89, "between") + RawWs::frame(0x00, "b") + RawWs::frame(0x80, "c"));
  auto f = ws->next_of(0xA);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload, "between");
  ws->send(0x89, "after");
  f = ws->next_of(0xA);
  ASSERT_TRUE(f) << "the connection did not survive a fragmented message";
  EXPECT_EQ(f->payload, "after");
}

TEST(WsProtocol, a_message_over_the_limit_across_fragments_gets_1009) {
  LiveHall h;
  auto ws = subscribed(h);
  ws->send_bytes(RawWs::frame(0x01, std::string(40000, 'x')) + RawWs::frame(0x80, std::string(30000, 'x')));
  expect_close_then_end(*ws, 1009);
}

struct BadFrame {
  const char* what;
  std::string bytes;
};

class WsBadFrame : public ::testing::TestWithParam<BadFrame> {};

TEST_P(WsBadFrame, gets_close_1002) {
  LiveHall h;
  auto ws = subscribed(h);
  ws->send_bytes(GetParam().bytes);
  expect_close_then_end(*ws, 1002);
}

INSTANTIATE_TEST_SUITE_P(
    WsProtocol, WsBadFrame,
    ::testing::Values(BadFrame{"rsv1_without_deflate", RawWs::frame(0xC1, "x")},
                      BadFrame{"unknown_data_opcode", RawWs::frame(0x83, "x")},
                      BadFrame{"unknown_control_opcode", RawWs::frame(0x8B, "x")},
                      BadFrame{"ping_without_fin", RawWs::frame(0x09, "x")},
                      BadFrame{"ping_over_125_bytes", RawWs::frame(0x89, std::string(126, 'p'))},
                      BadFrame{"length_16_for_a_short_payload", RawWs::frame(0x81, "short", true, 16)},
                      BadFrame{"length_64_for_a_medium_payload", RawWs::frame(0x81, std::string(200, 'x'), true, 64)},
                      BadFrame{"continuation_with_nothing_open", RawWs::frame(0x80, "x")},
                      BadFrame{"new_message_inside_a_fragmented_one", RawWs::frame(0x01, "a") + RawWs::frame(0x81, "b")}),
    [](const ::testing::TestParamInfo<BadFrame>& i) { return std::string(i.param.what); });

// [SECTION] batch=1

TEST(WsProtocol, batch_subscriber_gets_each_round_as_one_events_message_in_order) {
  auto extra = manual_clock();
  extra.insert(extra.end(), {"--ws-batch-ms", "20"});
  LiveHall h(extra);
  h.open_morning();
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token + std::string("&batch=1")), 101u);
  auto snap = ws.next();
  ASSERT_TRUE(snap);
  EXPECT_EQ(str(json::parse(snap->payload).as_object(), "type"), "snapshot");
  const auto from = num(json::parse(snap->payload).as_object(), "seq");
  issue_from_kiosks(h.port(), 4, 50);
  const auto last = h.seq();
  std::int64_t expect = from + 1;
  int messages = 0;
  while (expect <= last) {
    auto f = ws.next_of(0x1);
    ASSERT_TRUE(f) << "missing seq " << expect;
    ++messages;
    const auto m = json::parse(f->payload).as_object();
    ASSERT_EQ(str(m, "type"), "events") << f->payload.substr(0, 200);
    const auto& events = m.at("events").as_array();
    ASSERT_FALSE(events.empty());
    for (const auto& e : events) ASSERT_EQ(num(e.as_object(), "seq"), expect++);
  }
  EXPECT_LT(messages, last - from) << "every round held one event: nothing was batched";
  std::cout << "[ info ] " << last - from << " events in " << messages << " messages\n";
}

TEST(WsProtocol, batch_resume_sends_the_missed_events_as_events_messages) {
  LiveHall h;
  h.open_morning();
  const auto from = h.seq();
  for (int i = 0; i < 5; ++i) h.issue("shebao");
  RawWs ws;
  ASSERT_EQ(ws.connect(h.port(), display_token + std::string("&batch=1&since=") + std::to_string(from)), 101u);
  std::int64_t expect = from + 1;
  while (expect <= h.seq()) {
    auto f = ws.next_of(0x1);
    ASSERT_TRUE(f) << "missing seq " << expect;
    const auto m = json::parse(f->payload).as_object();
    ASSERT_EQ(str(m, "type"), "events") << "a resume sends no snapshot";
    for (const auto& e : m.at("events").as_array()) ASSERT_EQ(num(e.as_object(), "seq"), expect++);
  }
}

}  // namespace
}  // namespace hallq::test
