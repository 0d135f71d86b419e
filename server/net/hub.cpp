// Event fan-out and resume ring.
#include "net/hub.hpp"

namespace hallq::server {

void Hub::publish(std::int64_t seq, const Message& msg) {
  if (ring_.empty()) base_ = seq - 1;
  ring_.push_back(msg);
  while (ring_.size() > capacity_) {
    ring_.pop_front();
    ++base_;
  }
  // Copy: a subscriber may leave the hub from inside deliver().
  const std::vector<std::shared_ptr<Subscriber>> targets(subscribers_.begin(), subscribers_.end());
  for (const auto& s : targets) s->deliver(seq, msg);
}

bool Hub::since(std::int64_t since, std::vector<Message>& out) const {
  const std::int64_t newest = base_ + static_cast<std::int64_t>(ring_.size());
  if (since > newest) return false;  // from the future: the client talks to another database
  if (since < base_) return false;   // too old for the ring
  for (std::int64_t seq = since + 1; seq <= newest; ++seq) out.push_back(ring_[static_cast<std::size_t>(seq - base_ - 1)]);
  return true;
}

void Hub::truncate_after(std::int64_t seq) {
  while (!ring_.empty() && base_ + static_cast<std::int64_t>(ring_.size()) > seq) ring_.pop_back();
}

}  // namespace hallq::server
