// WebSocket framing of the fan-out (server/net/ws_frame): the bytes the server sends, and the
// decoder's verdicts on what clients send (RFC 6455 §5).
#include <gtest/gtest.h>

#include <vector>

#include "net/ws_frame.hpp"

namespace hallq::server::ws {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

// A client frame: masked with `key`, header per §5.2 (lengths minimal unless `len_form` forces one).
std::string client_frame(int first_byte, std::string_view payload, int len_form = 0, std::uint32_t key = 0x37fa213d) {
  std::string out;
  out.push_back(static_cast<char>(first_byte));
  const std::size_t n = payload.size();
  const int form = len_form ? len_form : (n < 126 ? 7 : n <= 0xFFFF ? 16 : 64);
  if (form == 7) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (form == 16) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>((n >> 8) & 0xFF));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> s) & 0xFF));
  }
  const unsigned char mask[4] = {static_cast<unsigned char>(key >> 24), static_cast<unsigned char>(key >> 16),
                                 static_cast<unsigned char>(key >> 8), static_cast<unsigned char>(key)};
  for (unsigned char m : mask) out.push_back(static_cast<char>(m));
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]));
  return out;
}

struct Fed {
  std::uint16_t status = 0;
  std::vector<ClientFrame> frames;
};

Fed feed(FrameReader& r, std::string_view in) {
  Fed f;
  f.status = r.feed(in, [&](ClientFrame&& c) { f.frames.push_back(std::move(c)); });
  return f;
}

TEST(WsFrame, short_text_frame_has_a_two_byte_header) {
  EXPECT_EQ(frame(Opcode::text, "hi"), bytes({0x81, 0x02, 'h', 'i'}));
  EXPECT_EQ(frame(Opcode::pong, ""), bytes({0x8A, 0x00}));
}

TEST(WsFrame, lengths_use_the_16_and_64_bit_forms_at_their_boundaries) {
  EXPECT_EQ(frame(Opcode::text, std::string(125, 'x')).substr(0, 2), bytes({0x81, 125}));
  EXPECT_EQ(frame(Opcode::text, std::string(126, 'x')).substr(0, 4), bytes({0x81, 126, 0x00, 126}));
  EXPECT_EQ(frame(Opcode::text, std::string(65535, 'x')).substr(0, 4), bytes({0x81, 126, 0xFF, 0xFF}));
  const auto big = frame(Opcode::text, std::string(65536, 'x'));
  EXPECT_EQ(big.substr(0, 10), bytes({0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(big.size(), 10u + 65536u);
}

TEST(WsFrame, event_frame_wraps_the_event_in_the_api_message) {
  const std::string e = R"({"seq":7,"type":"ticket.issued","number":"A001 张"})";
  const std::string msg = R"({"type":"event","event":)" + e + "}";
  EXPECT_EQ(event_frame(e), frame(Opcode::text, msg));
}

TEST(WsFrame, close_frame_carries_the_code_big_endian_and_a_clipped_reason) {
  EXPECT_EQ(close_frame(close_code::protocol_error, "bad"), bytes({0x88, 0x05, 0x03, 0xEA, 'b', 'a', 'd'}));
  EXPECT_EQ(close_frame(close_code::normal, std::string(300, 'r')).size(), 2u + 125u);
}

TEST(WsFrame, reader_unmasks_frames_split_at_every_byte) {
  const std::string wire = client_frame(0x89, "ping-1") + client_frame(0x81, std::string(300, 'z')) + client_frame(0x88, bytes({0x03, 0xE8}));
  FrameReader r(64 * 1024);
  std::vector<ClientFrame> got;
  for (char c : wire) {
    auto f = feed(r, std::string_view(&c, 1));
    ASSERT_EQ(f.status, 0);
    for (auto& x : f.frames) got.push_back(std::move(x));
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].op, Opcode::ping);
  EXPECT_EQ(got[0].payload, "ping-1");
  EXPECT_EQ(got[1].op, Opcode::text);
  EXPECT_EQ(got[1].payload, std::string(300, 'z'));
  EXPECT_EQ(got[2].op, Opcode::close);
  EXPECT_EQ(got[2].payload, bytes({0x03, 0xE8}));
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(WsFrame, reader_takes_several_frames_from_one_read) {
  FrameReader r(1024);
  const auto f = feed(r, client_frame(0x8A, "a") + client_frame(0x8A, "b") + client_frame(0x81, "c"));
  EXPECT_EQ(f.status, 0);
  ASSERT_EQ(f.frames.size(), 3u);
  EXPECT_EQ(f.frames[2].payload, "c");
}

TEST(WsFrame, unmasked_client_frame_is_a_protocol_error) {
  FrameReader r(1024);
  EXPECT_EQ(feed(r, bytes({0x81, 0x01, 'x'})).status, close_code::protocol_error);
  // The reader stays failed: nothing after the error is trusted.
  EXPECT_EQ(feed(r, client_frame(0x89, "")).status, close_code::protocol_error);
}

TEST(WsFrame, reserved_bits_and_unknown_opcodes_are_protocol_errors) {
  FrameReader rsv(1024);
  EXPECT_EQ(feed(rsv, client_frame(0xC1, "x")).status, close_code::protocol_error);  // RSV1 without deflate
  FrameReader op(1024);
  EXPECT_EQ(feed(op, client_frame(0x83, "x")).status, close_code::protocol_error);
  FrameReader op2(1024);
  EXPECT_EQ(feed(op2, client_frame(0x8B, "x")).status, close_code::protocol_error);
}

TEST(WsFrame, control_frames_must_be_final_and_short) {
  FrameReader frag(1024);
  EXPECT_EQ(feed(frag, client_frame(0x09, "x")).status, close_code::protocol_error);  // ping without FIN
  FrameReader longp(1024);
  EXPECT_EQ(feed(longp, client_frame(0x89, std::string(126, 'p'))).status, close_code::protocol_error);
}

TEST(WsFrame, non_minimal_lengths_are_protocol_errors) {
  FrameReader r16(1024);
  EXPECT_EQ(feed(r16, client_frame(0x81, "short", 16)).status, close_code::protocol_error);
  FrameReader r64(1024 * 1024);
  EXPECT_EQ(feed(r64, client_frame(0x81, std::string(200, 'x'), 64)).status, close_code::protocol_error);
}

TEST(WsFrame, message_over_the_limit_is_too_big_even_across_fragments) {
  FrameReader one(100);
  EXPECT_EQ(feed(one, client_frame(0x81, std::string(100, 'x'))).status, 0);
  EXPECT_EQ(feed(one, client_frame(0x81, std::string(101, 'x'))).status, close_code::too_big);
  FrameReader frags(100);
  EXPECT_EQ(feed(frags, client_frame(0x01, std::string(60, 'x'))).status, 0);         // text, not final
  EXPECT_EQ(feed(frags, client_frame(0x89, "between")).status, 0);                    // a ping may interleave
  EXPECT_EQ(feed(frags, client_frame(0x80, std::string(41, 'x'))).status, close_code::too_big);
}

TEST(WsFrame, too_big_is_known_from_the_header_before_the_payload_arrives) {
  FrameReader r(1000);
  const auto wire = client_frame(0x82, std::string(5000, 'x'));
  EXPECT_EQ(feed(r, wire.substr(0, 8)).status, close_code::too_big);
}

TEST(WsFrame, fragments_must_come_in_order) {
  FrameReader stray(1024);
  EXPECT_EQ(feed(stray, client_frame(0x80, "x")).status, close_code::protocol_error);  // continuation, nothing open
  FrameReader nested(1024);
  EXPECT_EQ(feed(nested, client_frame(0x01, "a")).status, 0);
  EXPECT_EQ(feed(nested, client_frame(0x81, "b")).status, close_code::protocol_error);  // new message inside one
  FrameReader ok(1024);
  const auto f = feed(ok, client_frame(0x01, "a") + client_frame(0x00, "b") + client_frame(0x80, "c") + client_frame(0x81, "d"));
  EXPECT_EQ(f.status, 0);
  EXPECT_EQ(f.frames.size(), 4u);
}

}  // namespace
}  // namespace hallq::server::ws
