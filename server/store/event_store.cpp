// SQLite event log: schema, group-committed appends, snapshot and replay reads.
#include "store/event_store.hpp"

#include <pthread.h>

#include <algorithm>
#include <filesystem>

#include "store/read_pool.hpp"

namespace hallq::store {

namespace {

constexpr int schema_version = 1;
constexpr int snapshots_kept = 2;

void configure(Db& db) {
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");  // durable before visible: a commit has reached the disk
  db.exec("PRAGMA foreign_keys=ON");
}

}  // namespace

EventStore::EventStore(const std::string& path, const std::string& hall_id) : path_(path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  io_ = std::make_unique<Db>(path);
  configure(*io_);
  io_->exec(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL,"
      " body TEXT NOT NULL);"
      "CREATE INDEX IF NOT EXISTS events_at ON events(at);"
      // A snapshot whose state is '' keeps it in snapshot_parts, in pieces ordered by start
      // (the byte offset); older databases hold the state in the row itself.
      "CREATE TABLE IF NOT EXISTS snapshots(seq INTEGER PRIMARY KEY, config_digest TEXT NOT NULL,"
      " state TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS snapshot_parts(seq INTEGER NOT NULL, start INTEGER NOT NULL, data BLOB NOT NULL,"
      " PRIMARY KEY(seq, start));"
      "CREATE TABLE IF NOT EXISTS secrets(kind TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL,"
      " PRIMARY KEY(kind, id));"
      "CREATE TABLE IF NOT EXISTS sessions(digest TEXT PRIMARY KEY, staff TEXT NOT NULL, role TEXT NOT NULL,"
      " expires INTEGER NOT NULL);");
  {
    Stmt get(*io_, "SELECT value FROM meta WHERE key = ?");
    get.bind(1, std::string_view("hall_id"));
    if (get.step()) {
      const std::string stored(get.text(0));
      if (stored != hall_id)
        throw std::runtime_error("database " + path + " belongs to hall \"" + stored + "\", not \"" + hall_id +
                                 "\"; use another --db");
    } else {
      get.reset();
      Stmt put(*io_, "INSERT INTO meta(key, value) VALUES (?, ?), ('schema_version', ?)");
      put.bind(1, std::string_view("hall_id")).bind(2, hall_id).bind(3, std::to_string(schema_version));
      put.run();
    }
  }
  // Derived report tables: rebuilt from the log when absent or outdated, then kept by append().
  prepare_report_tables(*io_);
  writer_ = std::make_unique<Db>(path);
  configure(*writer_);
  reports_ = std::make_unique<ReportProjector>(*writer_);
}

void EventStore::append(const std::vector<StoredEvent>& events, const SnapshotPiece* piece) {
  Txn txn(*writer_);
  ReportProjector::Uncommitted pending(*reports_);  // a rollback makes the projector re-read what it cached
  {
    Stmt ins(*writer_, "INSERT INTO events(seq, at, type, body) VALUES (?, ?, ?, ?)");
    for (const auto& e : events) {
      ins.bind(1, e.seq).bind(2, e.at).bind(3, e.type).bind(4, e.body);
      ins.run();
    }
  }
  reports_->apply(events);  // same transaction: report tables are exactly as durable as the events
  if (piece) {
    const Snapshot& snap = piece->snapshot;
    const char* orphans = "DELETE FROM snapshot_parts WHERE seq NOT IN (SELECT seq FROM snapshots)";
    if (piece->offset == 0) {
      // A snapshot at this seq written before (after a rebuild) is replaced whole, not piece by
      // piece: its row goes now, and with the orphans go its pieces and those of a snapshot
      // begun and never finished. Until the last piece, the previous snapshot is the newest.
      Stmt same(*writer_, "DELETE FROM snapshots WHERE seq = ?");
      same.bind(1, snap.seq);
      same.run();
      writer_->exec(orphans);
    }
    Stmt part(*writer_, "INSERT OR REPLACE INTO snapshot_parts(seq, start, data) VALUES (?, ?, ?)");
    part.bind(1, snap.seq)
        .bind(2, static_cast<std::int64_t>(piece->offset))
        .bind_blob(3, std::string_view(snap.state).substr(piece->offset, piece->length));
    part.run();
    if (piece->last()) {
      Stmt ins(*writer_, "INSERT OR REPLACE INTO snapshots(seq, config_digest, state) VALUES (?, ?, '')");
      ins.bind(1, snap.seq).bind(2, snap.config_digest);
      ins.run();
      Stmt prune(*writer_, "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)");
      prune.bind(1, std::int64_t{snapshots_kept});
      prune.run();
      writer_->exec(orphans);
    }
  }
  txn.commit();
  pending.committed();
}

std::int64_t EventStore::last_seq() {
  Stmt q(*io_, "SELECT COALESCE(MAX(seq), 0) FROM events");
  return q.step() ? q.int64(0) : 0;
}

std::optional<Snapshot> EventStore::latest_snapshot() {
  Stmt q(*io_, "SELECT seq, config_digest, state FROM snapshots ORDER BY seq DESC LIMIT 1");
  if (!q.step()) return std::nullopt;
  Snapshot snap{q.int64(0), std::string(q.text(1)), std::string(q.text(2))};
  if (!snap.state.empty()) return snap;  // stored whole (databases from before pieces)
  Stmt parts(*io_, "SELECT start, data FROM snapshot_parts WHERE seq = ? ORDER BY start");
  parts.bind(1, snap.seq);
  while (parts.step()) {
    // Pieces are stored in order and the row only with the last one, so they always join up;
    // a gap would mean a damaged file, and an empty state makes the caller replay the log.
    if (parts.int64(0) != static_cast<std::int64_t>(snap.state.size())) return Snapshot{snap.seq, snap.config_digest, {}};
    snap.state.append(parts.blob(1));
  }
  return snap;
}

void EventStore::for_each_event(std::int64_t after, const std::function<void(std::int64_t, std::string_view)>& fn) {
  Stmt q(*io_, "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq");
  q.bind(1, after);
  while (q.step()) fn(q.int64(0), q.text(1));
}

std::vector<std::string> EventStore::events_after(std::int64_t after, int limit) {
  return store::events_after(*io_, after, limit);
}

std::optional<std::string> EventStore::meta(const std::string& key) {
  Stmt q(*io_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return std::string(q.text(0));
}

void EventStore::put_meta(const std::string& key, const std::string& value) {
  Stmt q(*io_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  q.bind(1, key).bind(2, value);
  q.run();
}

std::optional<std::string> EventStore::secret(const std::string& kind, const std::string& id) {
  Stmt q(*io_, "SELECT hash FROM secrets WHERE kind = ? AND id = ?");
  q.bind(1, kind).bind(2, id);
  if (!q.step()) return std::nullopt;
  return std::string(q.text(0));
}

void EventStore::put_secret(const std::string& kind, const std::string& id, const std::string& hash) {
  Stmt q(*io_, "INSERT OR REPLACE INTO secrets(kind, id, hash) VALUES (?, ?, ?)");
  q.bind(1, kind).bind(2, id).bind(3, hash);
  q.run();
}

void EventStore::put_session(const std::string& digest, const LoginSession& s) {
  Stmt q(*io_, "INSERT OR REPLACE INTO sessions(digest, staff, role, expires) VALUES (?, ?, ?, ?)");
  q.bind(1, digest).bind(2, s.staff).bind(3, s.role).bind(4, s.expires);
  q.run();
}

std::optional<LoginSession> EventStore::session(const std::string& digest) {
  Stmt q(*io_, "SELECT staff, role, expires FROM sessions WHERE digest = ?");
  q.bind(1, digest);
  if (!q.step()) return std::nullopt;
  return LoginSession{std::string(q.text(0)), std::string(q.text(1)), q.int64(2)};
}

// [SECTION] commit thread

CommitThread::CommitThread(EventStore& store, std::size_t snapshot_piece_bytes)
    : store_(store), piece_bytes_(std::max<std::size_t>(1, snapshot_piece_bytes)), thread_([this] { run(); }) {}

CommitThread::~CommitThread() { stop(); }

void CommitThread::submit(Batch b) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(b));
  }
  cv_.notify_one();
}

void CommitThread::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void CommitThread::run() {
  ::pthread_setname_np(::pthread_self(), "hallq-commit");  // for top -H, perf and the benches
  // The snapshot being written, a piece per transaction.
  struct Staged {
    Snapshot snapshot;
    std::size_t stored = 0;  // bytes of its state already committed
    std::vector<Done> done;
  };
  std::optional<Staged> staged;
  const auto finish_staged = [&](const std::optional<std::string>& error) {
    for (auto& d : staged->done)
      if (d) d(error);
    staged.reset();
  };
  for (;;) {
    std::deque<Batch> group;
    {
      std::unique_lock lock(mu_);
      // With a snapshot half written there is always work: its next piece. It rides with the
      // next group's events when they come soon (the hall hands over its next batch as soon as
      // the last one is answered), and goes alone when the hall is quiet.
      if (staged) cv_.wait_for(lock, kPieceWaitsForGroup, [&] { return stopping_ || !queue_.empty(); });
      else
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && !staged) return;  // stopping and drained
      group.swap(queue_);
    }
    std::vector<StoredEvent> all;
    std::vector<Done> answered;  // callers of the group's events
    for (auto& b : group) {
      for (auto& e : b.events) all.push_back(std::move(e));
      if (!b.snapshot) {
        answered.push_back(std::move(b.done));
        continue;
      }
      // The newest snapshot replaces one still in pieces: the newer one is what counts.
      std::vector<Done> waiting;
      if (staged) waiting = std::move(staged->done);
      for (auto& d : waiting)
        if (d) d(std::nullopt);
      staged = Staged{std::move(*b.snapshot), 0, {}};
      if (!b.events.empty()) answered.push_back(std::move(b.done));  // a batch of both: answered with its events
      else
        staged->done.push_back(std::move(b.done));
    }
    // (Moving the events out leaves each batch's vector its size.)
    std::optional<SnapshotPiece> piece;
    if (staged)
      piece.emplace(SnapshotPiece{staged->snapshot, staged->stored,
                                  std::min(piece_bytes_, staged->snapshot.state.size() - staged->stored)});
    std::optional<std::string> error;
    try {
      if (!all.empty() || piece) store_.append(all, piece ? &*piece : nullptr);
      if (piece) staged->stored += piece->length;
    } catch (const std::exception& ex) {
      error = ex.what();
      if (piece) {
        // The snapshot must not cost the commands their commit: give it up and retry without it.
        piece.reset();
        finish_staged(error);
        error.reset();
        if (!all.empty()) {
          try {
            store_.append(all, nullptr);
          } catch (const std::exception& ex2) {
            error = ex2.what();
          }
        }
      }
    }
    for (auto& d : answered)
      if (d) d(error);
    if (piece && piece->last()) finish_staged(std::nullopt);
  }
}

}  // namespace hallq::store
