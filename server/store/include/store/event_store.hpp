// The durable event log (SQLite, WAL, synchronous=FULL), its snapshots, and the few
// non-event tables (secret hashes, login sessions).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/db.hpp"
#include "store/report_tables.hpp"

namespace hallq::store {

struct StoredEvent {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string type;
  std::string body;  // the event's full JSON, exactly as clients receive it
};

struct Snapshot {
  std::int64_t seq = 0;
  std::string config_digest;  // a snapshot is only valid for the config it was taken under
  std::string state;          // JSON (state_codec)
};

/// A piece of a snapshot's state. A large state is stored across several transactions, a
/// piece at a time, so that no group commit pays for writing the whole of it; the snapshot
/// becomes visible (latest_snapshot) with the transaction that stores its last piece.
struct SnapshotPiece {
  const Snapshot& snapshot;
  std::size_t offset = 0;  // bytes of snapshot.state stored before this piece
  std::size_t length = 0;
  bool last() const noexcept { return offset + length >= snapshot.state.size(); }
};

struct LoginSession {
  std::string staff;
  std::string role;
  std::int64_t expires = 0;
};

/// Thread use: the constructor and the read_*/secret/session functions belong to one thread
/// (the server's io thread); append() belongs to the commit thread. Each has its own
/// connection; WAL lets them proceed together.
class EventStore {
 public:
  /// Opens or creates the database. Throws DbError (unusable file) or std::runtime_error
  /// (a database of another hall).
  EventStore(const std::string& path, const std::string& hall_id);

  // [SECTION] commit thread
  /// One transaction: all events, and a piece of a snapshot if given. Throws DbError; on
  /// throw nothing of the batch is stored. Pieces of one snapshot come in order; the first
  /// one discards a snapshot stored before at the same seq and the pieces of one that was
  /// never finished.
  void append(const std::vector<StoredEvent>& events, const SnapshotPiece* piece = nullptr);

  // [SECTION] io thread
  std::int64_t last_seq();
  std::optional<Snapshot> latest_snapshot();
  /// Calls fn(seq, body) for each event after `after`, in order.
  void for_each_event(std::int64_t after, const std::function<void(std::int64_t, std::string_view)>& fn);
  std::vector<std::string> events_after(std::int64_t after, int limit);

  std::optional<std::string> meta(const std::string& key);
  void put_meta(const std::string& key, const std::string& value);

  std::optional<std::string> secret(const std::string& kind, const std::string& id);
  void put_secret(const std::string& kind, const std::string& id, const std::string& hash);
  void put_session(const std::string& digest, const LoginSession& s);
  std::optional<LoginSession> session(const std::string& digest);

  /// The facts of a report period from the derived report tables (R-RPT-1).
  report::ReportInput report_input(const report::Period& period, domain::UtcOffset offset, std::int64_t now) {
    return load_report_input(*io_, period, offset, now);
  }

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::unique_ptr<Db> io_;                    // io-thread connection
  std::unique_ptr<Db> writer_;                // commit-thread connection
  std::unique_ptr<ReportProjector> reports_;  // report tables, folded in each commit (commit thread)
};

/// The commit thread: takes batches in order and commits each group of waiting batches in
/// one transaction (group commit). Callbacks run on the commit thread.
///
/// A snapshot batch is written a piece of `snapshot_piece_bytes` at a time, each piece in the
/// transaction of the next group (or alone when no group comes within
/// kPieceWaitsForGroup), so a large state never holds
/// up the commands behind it. Its callback runs once the last piece is stored, or when a newer
/// snapshot replaces it before that (with no error: the newer one is the one that counts), or
/// with the error that stopped it. A snapshot never makes a group fail: a group whose
/// transaction failed with a piece in it is retried without the piece, and the snapshot is
/// given up.
class CommitThread {
 public:
  using Done = std::function<void(std::optional<std::string> error)>;
  struct Batch {
    std::vector<StoredEvent> events;
    std::optional<Snapshot> snapshot;
    Done done;
  };
  static constexpr std::size_t kSnapshotPieceBytes = 256 * 1024;
  /// How long a snapshot piece waits for a group to ride with before it is written alone.
  static constexpr std::chrono::milliseconds kPieceWaitsForGroup{2};

  explicit CommitThread(EventStore& store, std::size_t snapshot_piece_bytes = kSnapshotPieceBytes);
  ~CommitThread();
  CommitThread(const CommitThread&) = delete;
  CommitThread& operator=(const CommitThread&) = delete;

  void submit(Batch b);
  /// Finishes the batches already submitted, then stops the thread.
  void stop();

 private:
  void run();

  EventStore& store_;
  const std::size_t piece_bytes_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hallq::store
