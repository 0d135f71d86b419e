// Fan-out of committed events to WebSocket subscribers, and the recent-event ring for `since`.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace hallq::server {

using Message = std::shared_ptr<const std::string>;

/// A WebSocket session as the hub sees it. deliver() must not block: a subscriber that cannot
/// keep up drops itself (it is never allowed to slow the others).
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(std::int64_t seq, const Message& msg) = 0;
};

class Hub {
 public:
  explicit Hub(std::size_t ring_capacity = 100'000) : capacity_(ring_capacity) {}

  void join(const std::shared_ptr<Subscriber>& s) { subscribers_.insert(s); }
  void leave(const std::shared_ptr<Subscriber>& s) { subscribers_.erase(s); }
  std::size_t size() const noexcept { return subscribers_.size(); }

  /// A committed event (already wrapped as {"type":"event","event":{…}}), in seq order.
  void publish(std::int64_t seq, const Message& msg);
  /// Messages of the events after `since` up to the newest, if the ring still has all of them.
  bool since(std::int64_t since, std::vector<Message>& out) const;
  /// Forget everything after `seq` (storage failure rolled those events back).
  void truncate_after(std::int64_t seq);
  void set_base(std::int64_t seq) { base_ = seq; }

 private:
  std::size_t capacity_;
  std::deque<Message> ring_;
  std::int64_t base_ = 0;  // seq of the event before ring_.front()
  std::set<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace hallq::server
