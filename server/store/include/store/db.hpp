// Thin RAII over SQLite: Db, Stmt, Txn. Errors throw DbError; destructors never throw.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hallq::store {

class DbError : public std::runtime_error {
 public:
  DbError(int rc, int extended, const std::string& what) : std::runtime_error(what), rc_(rc), extended_(extended) {}
  int rc() const noexcept { return rc_; }
  int extended_rc() const noexcept { return extended_; }

 private:
  int rc_, extended_;
};

/// Every Db opens its file through a pass-through VFS of this name, which counts syncs.
inline constexpr const char* counting_vfs_name = "hallq-counting";
/// Registers the counting VFS once (thread-safe) and returns its name.
const char* counting_vfs();
/// File syncs (fsync/fdatasync through SQLite's xSync) by every connection since start.
std::int64_t syncs_total() noexcept;

class Db {
 public:
  /// Opens (creating if missing) the database file. Throws DbError.
  explicit Db(const std::string& path, bool read_only = false);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() const noexcept { return db_; }
  void exec(const char* sql);
  void check(int rc, std::string_view what) const;
  std::int64_t changes() const noexcept { return sqlite3_changes64(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Db& db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind_null(int i);
  /// Bytes stored as a BLOB (no text encoding applies; any byte split is fine).
  Stmt& bind_blob(int i, std::string_view bytes);
  /// Steps once: true while a row is available, false when done. Throws on error.
  bool step();
  /// Steps to completion (statements without rows).
  void run();
  void reset();

  std::int64_t int64(int col) const noexcept { return sqlite3_column_int64(stmt_, col); }
  std::string_view text(int col) const noexcept;
  std::string_view blob(int col) const noexcept;
  bool is_null(int col) const noexcept { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE … COMMIT; rolls back unless commit() was called.
class Txn {
 public:
  explicit Txn(Db& db);
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace hallq::store
