// The event store and its commit thread on a real SQLite file: snapshots written in pieces
// between group commits, visible only when whole, and never costing a group its commit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "store/event_store.hpp"

namespace hallq::store {
namespace {

namespace fs = std::filesystem;

class StoreFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hallq-store-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    path_ = (dir_ / "hall.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::vector<StoredEvent> events(std::int64_t from, std::int64_t count) {
    std::vector<StoredEvent> out;
    for (std::int64_t s = from; s < from + count; ++s)
      out.push_back({s, 1000 + s, "test.note", "{\"seq\":" + std::to_string(s) + ",\"type\":\"test.note\"}"});
    return out;
  }
  // A state of `bytes` bytes whose pieces split multi-byte characters (窗 is 3 bytes in UTF-8).
  static std::string state_of(std::size_t bytes, char tag) {
    std::string s = "{\"tag\":\"";
    s += tag;
    while (s.size() + 2 < bytes) s += "窗口";
    s.resize(bytes - 2);
    return s + "\"}";
  }
  std::int64_t count(const char* sql) {
    Db db(path_, true);
    Stmt q(db, sql);
    return q.step() ? q.int64(0) : -1;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreFile, snapshot_pieces_commit_with_events_and_the_snapshot_appears_with_its_last_piece) {
  EventStore store(path_, "h");
  const Snapshot snap{3, "digest", state_of(1000, 'a')};
  std::size_t offset = 0;
  std::int64_t seq = 1;
  while (offset < snap.state.size()) {
    EXPECT_FALSE(store.latest_snapshot()) << "visible before its last piece, at byte " << offset;
    const SnapshotPiece piece{snap, offset, std::min<std::size_t>(300, snap.state.size() - offset)};
    store.append(events(seq, 2), &piece);
    seq += 2;
    offset += piece.length;
  }
  EXPECT_EQ(store.last_seq(), 8);  // four transactions, each with two events and a piece
  const auto got = store.latest_snapshot();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->seq, 3);
  EXPECT_EQ(got->config_digest, "digest");
  EXPECT_EQ(got->state, snap.state);
  EXPECT_EQ(count("SELECT COUNT(*) FROM snapshot_parts"), 4);
}

TEST_F(StoreFile, an_unfinished_snapshot_is_discarded_by_the_next_and_only_the_newest_two_are_kept) {
  EventStore store(path_, "h");
  const auto whole = [&](const Snapshot& s) {
    const SnapshotPiece piece{s, 0, s.state.size()};
    store.append({}, &piece);
  };
  whole({10, "d", state_of(500, 'a')});
  const Snapshot abandoned{20, "d", state_of(900, 'b')};
  const SnapshotPiece first{abandoned, 0, 400};
  store.append(events(1, 1), &first);  // never finished (a newer snapshot, or a crash)
  EXPECT_EQ(store.latest_snapshot()->seq, 10);
  const Snapshot newer{30, "d", state_of(700, 'c')};
  const SnapshotPiece p0{newer, 0, 400}, p1{newer, 400, 300};
  store.append({}, &p0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM snapshot_parts WHERE seq = 20"), 0) << "the abandoned pieces stay";
  store.append({}, &p1);
  EXPECT_EQ(store.latest_snapshot()->state, newer.state);
  whole({40, "d", state_of(300, 'd')});
  EXPECT_EQ(count("SELECT COUNT(*) FROM snapshots"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM snapshot_parts WHERE seq NOT IN (30, 40)"), 0);
  EXPECT_EQ(store.latest_snapshot()->state, state_of(300, 'd'));
}

// The same seq snapshotted again (after a rebuild) with another encoding of the same state, a
// shorter one: no piece of the first may survive into the second.
TEST_F(StoreFile, a_snapshot_written_again_at_the_same_seq_replaces_all_its_pieces) {
  EventStore store(path_, "h");
  const Snapshot first{7, "d", state_of(1000, 'a')};
  for (std::size_t at = 0; at < first.state.size(); at += 300) {
    const SnapshotPiece p{first, at, std::min<std::size_t>(300, first.state.size() - at)};
    store.append({}, &p);
  }
  const Snapshot again{7, "d", state_of(500, 'b')};
  const SnapshotPiece p0{again, 0, 300}, p1{again, 300, 200};
  store.append({}, &p0);
  EXPECT_FALSE(store.latest_snapshot()) << "half a snapshot is never the newest";
  store.append({}, &p1);
  EXPECT_EQ(store.latest_snapshot()->state, again.state);
  EXPECT_EQ(count("SELECT COUNT(*) FROM snapshot_parts"), 2);
}

TEST_F(StoreFile, a_snapshot_stored_whole_by_an_older_version_still_reads) {
  { EventStore store(path_, "h"); }
  {
    Db db(path_);
    db.exec("INSERT INTO snapshots(seq, config_digest, state) VALUES (5, 'd', '{\"old\":true}')");
  }
  EventStore store(path_, "h");
  const auto got = store.latest_snapshot();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, "{\"old\":true}");
}

// Many small groups behind a large snapshot: every group is answered, the snapshot ends up
// whole, and each callback runs exactly once.
TEST_F(StoreFile, commit_thread_writes_a_snapshot_in_pieces_while_groups_go_on) {
  EventStore store(path_, "h");
  std::atomic<int> answered{0}, errors{0}, snapshot_done{0};
  {
    CommitThread committer(store, 64);
    std::int64_t seq = 1;
    const auto submit_events = [&] {
      CommitThread::Batch b;
      b.events = events(seq++, 1);
      b.done = [&](const std::optional<std::string>& e) {
        ++answered;
        if (e) ++errors;
      };
      committer.submit(std::move(b));
    };
    const auto submit_snapshot = [&](std::int64_t at, char tag) {
      CommitThread::Batch b;
      b.snapshot = Snapshot{at, "d", state_of(4000, tag)};
      b.done = [&](const std::optional<std::string>& e) {
        ++snapshot_done;
        if (e) ++errors;
      };
      committer.submit(std::move(b));
    };
    for (int i = 0; i < 50; ++i) submit_events();
    submit_snapshot(50, 'a');
    for (int i = 0; i < 50; ++i) submit_events();
    submit_snapshot(100, 'b');  // may replace 'a' before it is whole: either way 'b' is the newest
    for (int i = 0; i < 200; ++i) submit_events();
  }  // stop(): drains the queue and finishes the snapshot
  EXPECT_EQ(answered.load(), 300);
  EXPECT_EQ(snapshot_done.load(), 2);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(store.last_seq(), 300);
  const auto got = store.latest_snapshot();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->seq, 100);
  EXPECT_EQ(got->state, state_of(4000, 'b'));
}

// Fault injection with SQLite itself: a trigger refuses every snapshot piece. The commands'
// events still commit and are answered without error; only the snapshot reports the failure.
TEST_F(StoreFile, a_failing_snapshot_piece_never_fails_the_group_it_rides_with) {
  { EventStore store(path_, "h"); }
  {
    Db db(path_);
    db.exec(
        "CREATE TRIGGER refuse_parts BEFORE INSERT ON snapshot_parts BEGIN SELECT RAISE(ABORT, 'disk full (test)'); "
        "END");
  }
  EventStore store(path_, "h");
  std::promise<std::optional<std::string>> snap_result;
  std::vector<std::optional<std::string>> event_results;
  {
    CommitThread committer(store, 100);
    CommitThread::Batch s;
    s.snapshot = Snapshot{1, "d", state_of(1000, 'a')};
    s.done = [&](const std::optional<std::string>& e) { snap_result.set_value(e); };
    committer.submit(std::move(s));
    for (std::int64_t i = 1; i <= 20; ++i) {
      CommitThread::Batch b;
      b.events = events(i, 1);
      b.done = [&](const std::optional<std::string>& e) { event_results.push_back(e); };
      committer.submit(std::move(b));
    }
  }
  const auto snap_error = snap_result.get_future().get();
  ASSERT_TRUE(snap_error);
  EXPECT_NE(snap_error->find("disk full (test)"), std::string::npos) << *snap_error;
  ASSERT_EQ(event_results.size(), 20u);
  for (const auto& r : event_results) EXPECT_FALSE(r) << *r;
  EXPECT_EQ(store.last_seq(), 20);
  EXPECT_FALSE(store.latest_snapshot());
}

}  // namespace
}  // namespace hallq::store
