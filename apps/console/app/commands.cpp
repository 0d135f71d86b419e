#include "console/app/commands.hpp"

namespace hallq::console {

CommandQueue::CommandQueue(client::ServerUrl server, std::function<void()> wake)
    : server_(std::move(server)), wake_(std::move(wake)) {
  thread_ = std::thread([this] { run(); });
}

CommandQueue::~CommandQueue() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void CommandQueue::set_token(std::string token) {
  std::lock_guard lock(mu_);
  token_ = std::move(token);
}

std::uint64_t CommandQueue::submit(Request r) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    queue_.emplace_back(id, std::move(r));
  }
  cv_.notify_all();
  return id;
}

std::vector<Answer> CommandQueue::take() {
  std::lock_guard lock(mu_);
  std::vector<Answer> out;
  out.swap(done_);
  return out;
}

std::size_t CommandQueue::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size() + in_flight_;
}

void CommandQueue::run() {
  client::HttpClient http(server_.port, server_.host);
  http.set_timeout(std::chrono::seconds(10));
  for (;;) {
    std::pair<std::uint64_t, Request> item;
    std::string token;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      token = token_;
      ++in_flight_;
    }
    Answer a;
    a.id = item.first;
    a.response = http.request(item.second.method, item.second.path, item.second.body,
                              item.second.with_token ? token : std::string());
    a.request = std::move(item.second);
    {
      std::lock_guard lock(mu_);
      --in_flight_;
      done_.push_back(std::move(a));
    }
    if (wake_) wake_();
  }
}

}  // namespace hallq::console
