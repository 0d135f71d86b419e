// Commands: the console's HTTP calls, made one at a time on a worker thread so the UI never
// blocks (STYLE.md "GUI clients run networking on a thread that fills an inbox"). The frame loop
// submits requests and takes finished ones; each answer keeps its request for the refusal text.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client/http_client.hpp"
#include "client/server_url.hpp"
#include "console/model/messages.hpp"

namespace hallq::console {

/// The requests are the effects update() asked for (console/model/messages.hpp).
using Request = HttpRequest;

struct Answer {
  std::uint64_t id = 0;
  Request request;
  client::HttpResponse response;
};

class CommandQueue {
 public:
  /// `wake` is called from the worker thread when an answer is ready (App::wake).
  CommandQueue(client::ServerUrl server, std::function<void()> wake);
  ~CommandQueue();  // finishes the request in flight, drops the rest
  CommandQueue(const CommandQueue&) = delete;
  CommandQueue& operator=(const CommandQueue&) = delete;

  /// The bearer token sent with later requests (after login; "" after logout).
  void set_token(std::string token);
  std::uint64_t submit(Request r);
  /// Answers that arrived since the last call, in submission order.
  std::vector<Answer> take();
  /// Requests queued or in flight.
  std::size_t pending() const;

 private:
  void run();

  client::ServerUrl server_;
  std::function<void()> wake_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::uint64_t, Request>> queue_;
  std::vector<Answer> done_;
  std::string token_;
  std::uint64_t next_id_ = 1;
  std::size_t in_flight_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace hallq::console
