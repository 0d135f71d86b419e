// Reader threads with their own connections (see read_pool.hpp).
#include "store/read_pool.hpp"

#include <pthread.h>

#include <iostream>
#include <memory>

#include "store/background.hpp"

namespace hallq::store {

namespace {
constexpr int kReaderNice = 10;  // where SCHED_IDLE is refused
}  // namespace

ReadPool::ReadPool(const std::string& path, int threads, std::size_t max_queued) : max_queued_(max_queued) {
  for (int i = 0; i < std::max(threads, 1); ++i) {
    auto db = std::make_unique<Db>(path, /*read_only=*/true);
    db->exec("PRAGMA query_only=ON");
    dbs_.push_back(std::move(db));
  }
  for (auto& db : dbs_) threads_.emplace_back([this, &db = *db] { run(db); });
}

ReadPool::~ReadPool() { stop(); }

bool ReadPool::submit(Job job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

std::size_t ReadPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void ReadPool::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void ReadPool::run(Db& db) {
  ::pthread_setname_np(::pthread_self(), "hallq-reader");  // for top -H, perf and the benches
  make_background_thread(kReaderNice, true);               // reports and event pages yield to commands
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job(db);
    } catch (const std::exception& ex) {
      std::cerr << "hallq-server: a read job failed: " << ex.what() << "\n";
    }
  }
}

std::vector<std::string> events_after(Db& db, std::int64_t after, int limit) {
  Stmt q(db, "SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
  q.bind(1, after).bind(2, std::int64_t{limit});
  std::vector<std::string> out;
  while (q.step()) out.emplace_back(q.text(0));
  return out;
}

}  // namespace hallq::store
