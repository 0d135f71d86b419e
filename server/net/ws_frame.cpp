// WebSocket frame encoding and client frame decoding (RFC 6455 §5.2).
#include "net/ws_frame.hpp"

namespace hallq::server::ws {

namespace {

void append_header(std::string& out, Opcode op, std::size_t size) {
  out.push_back(static_cast<char>(0x80u | static_cast<unsigned>(op)));  // FIN, no RSV bits
  if (size < 126) {
    out.push_back(static_cast<char>(size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((size >> 8) & 0xFF));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF));
  }
}

constexpr std::size_t kMaxHeader = 10;

bool is_control(Opcode op) { return (static_cast<unsigned>(op) & 0x8u) != 0; }

bool known(unsigned op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }

}  // namespace

std::string frame(Opcode op, std::string_view payload) {
  std::string out;
  out.reserve(kMaxHeader + payload.size());
  append_header(out, op, payload.size());
  out.append(payload);
  return out;
}

std::string event_frame(std::string_view event_json) {
  static constexpr std::string_view head = R"({"type":"event","event":)";
  const std::size_t size = head.size() + event_json.size() + 1;
  std::string out;
  out.reserve(kMaxHeader + size);
  append_header(out, Opcode::text, size);
  out.append(head);
  out.append(event_json);
  out.push_back('}');
  return out;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, 123));  // control payloads are at most 125 bytes
  return frame(Opcode::close, payload);
}

std::uint16_t FrameReader::feed(std::string_view bytes, const std::function<void(ClientFrame&&)>& on_frame) {
  if (failed_) return failed_;
  buf_.append(bytes);
  std::size_t pos = 0;
  while (true) {
    std::size_t used = 0;
    ClientFrame f;
    if (const auto err = parse_one(std::string_view(buf_).substr(pos), used, f)) {
      failed_ = err;
      buf_.clear();
      return err;
    }
    if (used == 0) break;
    pos += used;
    on_frame(std::move(f));
  }
  buf_.erase(0, pos);
  return 0;
}

std::uint16_t FrameReader::parse_one(std::string_view in, std::size_t& used, ClientFrame& out) {
  used = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  if (n < 2) return 0;
  const bool fin = (p[0] & 0x80u) != 0;
  if ((p[0] & 0x70u) != 0) return close_code::protocol_error;  // RSV1-3: no extension was negotiated
  const unsigned op = p[0] & 0x0Fu;
  if (!known(op)) return close_code::protocol_error;
  if ((p[1] & 0x80u) == 0) return close_code::protocol_error;  // clients must mask (§5.1)
  std::uint64_t len = p[1] & 0x7Fu;
  std::size_t at = 2;
  const auto opcode = static_cast<Opcode>(op);
  if (is_control(opcode) && (!fin || len > 125)) return close_code::protocol_error;  // §5.5
  if (len == 126) {
    if (n < at + 2) return 0;
    len = (std::uint64_t{p[2]} << 8) | p[3];
    at += 2;
    if (len < 126) return close_code::protocol_error;  // not the minimal encoding
  } else if (len == 127) {
    if (n < at + 8) return 0;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | p[at + static_cast<std::size_t>(i)];
    at += 8;
    if ((len >> 63) != 0 || len <= 0xFFFF) return close_code::protocol_error;
  }
  if (!is_control(opcode)) {
    // Fragments: a continuation needs an open message; a new message may not start inside one.
    if (opcode == Opcode::continuation && !in_message_) return close_code::protocol_error;
    if (opcode != Opcode::continuation && in_message_) return close_code::protocol_error;
    const std::size_t so_far = opcode == Opcode::continuation ? message_size_ : 0;
    if (len > max_message_ || so_far + len > max_message_) return close_code::too_big;
  }
  if (n < at + 4) return 0;
  const unsigned char* mask = p + at;
  at += 4;
  if (n - at < len) return 0;
  out.op = opcode;
  out.fin = fin;
  out.payload.resize(static_cast<std::size_t>(len));
  for (std::size_t i = 0; i < len; ++i) out.payload[i] = static_cast<char>(p[at + i] ^ mask[i % 4]);
  used = at + static_cast<std::size_t>(len);
  if (!is_control(opcode)) {
    message_size_ = (opcode == Opcode::continuation ? message_size_ : 0) + static_cast<std::size_t>(len);
    in_message_ = !fin;
    if (fin) message_size_ = 0;
  }
  return 0;
}

}  // namespace hallq::server::ws
