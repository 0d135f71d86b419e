// API.md endpoints: authenticates a request, finds its route (net/routes.hpp), judges the
// route's permission and hands the request to the route's handler.
#pragma once

#include <atomic>
#include <memory>

#include "net/auth.hpp"
#include "shell/hall.hpp"
#include "net/http_types.hpp"
#include "net/hub.hpp"
#include "store/read_pool.hpp"

namespace hallq::server {

struct Limits;
struct Services;

struct Metrics {
  std::uint64_t requests = 0;
  std::uint64_t errors_4xx = 0;
  std::uint64_t errors_5xx = 0;
};

class Router {
 public:
  Router(Hall& hall, Auth& auth, Hub& hub, store::EventStore& store, std::shared_ptr<const domain::HallConfig> cfg,
         const Limits& limits);
  ~Router();

  /// Answers one request through `send` (now or once its events are durable).
  void handle(Request req, bool from_loopback, Send send);
  std::optional<Principal> authenticate(std::string_view token);
  Metrics& metrics() { return metrics_; }
  Hall& hall() { return hall_; }
  Hub& hub() { return hub_; }

 private:
  Hall& hall_;
  Hub& hub_;
  Auth& auth_;
  Metrics metrics_;
  std::unique_ptr<store::ReadPool> readers_;
  std::unique_ptr<Services> services_;
};
}  // namespace hallq::server
