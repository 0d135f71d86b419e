// WebSocket framing (RFC 6455 §5) for the fan-out: server frames are encoded once per event and
// shared by every subscriber; client frames are decoded incrementally. Pure: no sockets.
//
// Why not Beast's websocket::stream for the data path: it writes one message per async_write
// (one syscall and one completion per subscriber per event) and answers pings itself, so its
// writes cannot be mixed with ours. The hub needs to send a subscriber's whole backlog in one
// gathered write, so after Beast's handshake the session speaks frames itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hallq::server::ws {

enum class Opcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

/// Close status codes the server sends (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t policy = 1008;  // e.g. a subscriber dropped for not reading
}  // namespace close_code

/// One unmasked, final server frame.
std::string frame(Opcode op, std::string_view payload);
/// `{"type":"event","event":EVENT_JSON}` as one text frame, built with a single allocation.
std::string event_frame(std::string_view event_json);
/// A close frame with a status code and a (UTF-8, ≤ 123 bytes) reason.
std::string close_frame(std::uint16_t code, std::string_view reason = {});

/// A frame from a client, unmasked.
struct ClientFrame {
  Opcode op = Opcode::text;
  bool fin = true;
  std::string payload;
};

/// Incremental decoder of client→server frames. Clients must mask (§5.1), use no extension
/// bits (none are negotiated), keep control frames final and ≤ 125 bytes (§5.5), encode lengths
/// minimally (§5.2) and keep fragments in order (§5.4); a data message larger than
/// `max_message` bytes is refused with 1009.
class FrameReader {
 public:
  explicit FrameReader(std::size_t max_message) : max_message_(max_message) {}

  /// Consumes `bytes`; calls `on_frame` for every complete frame. Returns 0 while the stream is
  /// well-formed, else the close code to answer with (1002 or 1009); after an error the reader
  /// stays failed.
  std::uint16_t feed(std::string_view bytes, const std::function<void(ClientFrame&&)>& on_frame);

  std::size_t buffered() const noexcept { return buf_.size(); }

 private:
  std::uint16_t parse_one(std::string_view in, std::size_t& used, ClientFrame& out);

  std::size_t max_message_;
  std::string buf_;
  bool in_message_ = false;       // a fragmented data message is open
  std::size_t message_size_ = 0;  // bytes of the open data message so far
  std::uint16_t failed_ = 0;
};

}  // namespace hallq::server::ws
