// Reader threads for the heavy reads (report periods, pages of the event log), so that the io
// thread, which answers commands, never waits on them. Each thread has its own read-only SQLite
// connection; WAL lets them read while the commit thread writes, and they see committed data only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/db.hpp"

namespace hallq::store {

class ReadPool {
 public:
  /// A job runs on a reader thread with that thread's connection. It must not throw past its
  /// own body (exceptions are caught and logged to stderr as a last resort).
  using Job = std::function<void(Db&)>;

  /// Opens `threads` read-only connections to the database at `path` (it must exist). At most
  /// `max_queued` jobs wait; more are refused by submit(). Throws DbError.
  ReadPool(const std::string& path, int threads, std::size_t max_queued);
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  /// Queues a job; false (and nothing queued) when `max_queued` jobs already wait or the pool stops.
  bool submit(Job job);
  /// Runs the jobs already started, drops the queued ones, joins the threads.
  void stop();

  std::size_t queued() const;

 private:
  void run(Db& db);

  std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Db>> dbs_;
  std::vector<std::thread> threads_;
};

/// Up to `limit` event bodies after seq `after`, in order.
std::vector<std::string> events_after(Db& db, std::int64_t after, int limit);

}  // namespace hallq::store
