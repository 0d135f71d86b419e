// Where the shell sends committed events. The WebSocket hub (net/hub.hpp) is the implementation
// the server runs; the shell itself knows nothing of sockets or framing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hallq::server {

class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  /// [io thread] Committed events first_seq, first_seq+1, … in order, each as its API JSON text.
  virtual void publish(std::int64_t first_seq, std::vector<std::string> bodies) = 0;
  /// [io thread] The log is durable up to `seq` and nothing after it exists (start, or a failed
  /// commit rolled back): anything published past it is forgotten.
  virtual void rewind(std::int64_t seq) = 0;
};

}  // namespace hallq::server
