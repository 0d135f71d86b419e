// The messages and frames the fan-out sends (private to hub.cpp): an event's message, a round
// as one `batch=1` message, and text frames laid end to end — each built once and shared by
// every subscriber that sends it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/hub.hpp"

namespace hallq::server {

inline constexpr std::string_view kEventHead = R"({"type":"event","event":)";

/// `{"type":"event","event":BODY}`, built with a single allocation.
inline Frame event_message(std::string_view body) {
  std::string out;
  out.reserve(kEventHead.size() + body.size() + 1);
  out.append(kEventHead).append(body).push_back('}');
  return std::make_shared<const std::string>(std::move(out));
}

/// Appends the header of an unmasked, final text frame (RFC 6455 §5.2) of `size` bytes.
inline void append_text_header(std::string& out, std::size_t size) {
  out.push_back(static_cast<char>(0x81));
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

/// Event messages as text frames laid end to end: what a per-event subscriber is sent.
class Frames {
 public:
  void add(const Frame& message) {
    append_text_header(bytes_, message->size());
    bytes_.append(*message);
    ++count_;
  }
  std::size_t count() const noexcept { return count_; }
  Frame done() { return std::make_shared<const std::string>(std::move(bytes_)); }

 private:
  std::string bytes_;
  std::size_t count_ = 0;
};

/// `{"type":"events","events":[…]}` from event messages: the bodies, laid end to end once.
class EventsMessage {
 public:
  void add(const Frame& event) {
    const std::string_view body = std::string_view(*event).substr(kEventHead.size(), event->size() - kEventHead.size() - 1);
    if (count_++) text_.push_back(',');
    text_.append(body);
  }
  std::size_t count() const noexcept { return count_; }
  Frame done() {
    text_.append("]}");
    return std::make_shared<const std::string>(std::move(text_));
  }

 private:
  std::string text_ = R"({"type":"events","events":[)";
  std::size_t count_ = 0;
};

/// One delivery round: its events, and the same events as one message for `batch=1`
/// subscribers, built for the first of them and shared by the rest.
class Round {
 public:
  explicit Round(const std::vector<std::pair<std::int64_t, Frame>>& events) : events_(events) {}
  const std::vector<std::pair<std::int64_t, Frame>>& events() const noexcept { return events_; }
  /// The round as one `events` message, in its text frame.
  const Frame& as_one() {
    if (!batched_) {
      EventsMessage m;
      for (const auto& e : events_) m.add(e.second);
      Frames f;
      f.add(m.done());
      batched_ = f.done();
    }
    return batched_;
  }
  /// The round's per-event frames end to end, framed once for every per-event subscriber.
  const Frame& framed() {
    if (!framed_) {
      Frames f;
      for (const auto& e : events_) f.add(e.second);
      framed_ = f.done();
    }
    return framed_;
  }

 private:
  const std::vector<std::pair<std::int64_t, Frame>>& events_;
  Frame batched_, framed_;
};

}  // namespace hallq::server
