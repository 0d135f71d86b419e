// The HTTP + WebSocket front: listener, sessions, routing to the hall.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "net/auth.hpp"
#include "shell/hall.hpp"
#include "net/hub.hpp"

namespace hallq::server {

struct Limits {
  std::size_t max_body = 64 * 1024;  // 413 beyond this
  std::size_t max_header = 16 * 1024;
  int max_events_page = 1000;
  // Reports and event-log pages are read on reader threads, never on the io thread; this many
  // may wait for one before the next is refused with 429.
  int reader_threads = 1;
  std::size_t max_queued_reads = 64;
};

class Router;

/// Accepts connections on one endpoint and serves the API on the io thread.
class Server {
 public:
  Server(boost::asio::io_context& io, Hall& hall, Auth& auth, Hub& hub, store::EventStore& store,
         std::shared_ptr<const domain::HallConfig> cfg, Limits limits = {});
  ~Server();
  /// Binds and listens. Throws boost::system::system_error when the address is unusable.
  void listen(const boost::asio::ip::tcp::endpoint& ep);
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hallq::server
