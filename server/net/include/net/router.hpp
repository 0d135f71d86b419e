// API.md endpoints: authentication, authorization, request decoding, and the answer's shape.
#pragma once

#include <atomic>
#include <memory>

#include "net/auth.hpp"
#include "shell/hall.hpp"
#include "net/http_types.hpp"
#include "net/hub.hpp"

namespace hallq::server {

struct Limits;

struct Metrics {
  std::uint64_t requests = 0;
  std::uint64_t errors_4xx = 0;
  std::uint64_t errors_5xx = 0;
};

class Router {
 public:
  Router(Hall& hall, Auth& auth, Hub& hub, store::EventStore& store, std::shared_ptr<const domain::HallConfig> cfg,
         const Limits& limits);

  /// Answers one request through `send` (now or once its events are durable).
  void handle(Request req, bool from_loopback, Send send);
  std::optional<Principal> authenticate(std::string_view token);
  Metrics& metrics() { return metrics_; }
  Hall& hall() { return hall_; }
  Hub& hub() { return hub_; }

 private:
  struct Call;
  void route(Call& c);
  void command(Call& c, core::CommandBody body, unsigned ok_status,
               std::function<std::string(const core::State&, const core::Events&)> render);

  // endpoint groups
  void login(Call& c);
  void tickets(Call& c, const std::vector<std::string_view>& parts);
  void windows(Call& c, const std::vector<std::string_view>& parts);
  void staff(Call& c, const std::vector<std::string_view>& parts);
  void events(Call& c);
  void alerts(Call& c, const std::vector<std::string_view>& parts);
  void leave(Call& c, const std::vector<std::string_view>& parts);
  void violations(Call& c, const std::vector<std::string_view>& parts);
  void bulletins(Call& c, const std::vector<std::string_view>& parts);
  void assessments(Call& c, const std::vector<std::string_view>& parts);
  void complaints(Call& c, const std::vector<std::string_view>& parts);
  void follow_ups(Call& c, const std::vector<std::string_view>& parts);
  void cases(Call& c, const std::vector<std::string_view>& parts);
  void scores(Call& c);
  void reports(Call& c, const std::vector<std::string_view>& parts);
  void clock(Call& c);
  void metrics(Call& c);

  Hall& hall_;
  Auth& auth_;
  Hub& hub_;
  store::EventStore& store_;
  std::shared_ptr<const domain::HallConfig> cfg_;
  const Limits& limits_;
  Metrics metrics_;
};

}  // namespace hallq::server
