// SQLite RAII wrappers.
#include "store/db.hpp"

namespace hallq::store {

Db::Db(const std::string& path, bool read_only) {
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, counting_vfs());
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(rc, rc, "cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
}

Db::~Db() { sqlite3_close_v2(db_); }

void Db::check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  throw DbError(rc & 0xff, rc, std::string(what) + ": " + sqlite3_errmsg(db_));
}

void Db::exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw DbError(rc & 0xff, rc, std::string("sqlite: ") + msg);
  }
}

Stmt::Stmt(Db& db, const char* sql) : db_(db) {
  db_.check(sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr), "prepare");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind(int i, std::int64_t v) {
  db_.check(sqlite3_bind_int64(stmt_, i, v), "bind");
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
  db_.check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
  return *this;
}

Stmt& Stmt::bind_blob(int i, std::string_view bytes) {
  db_.check(sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT), "bind");
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  db_.check(sqlite3_bind_null(stmt_, i), "bind");
  return *this;
}

bool Stmt::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_.check(rc, "step");
  return false;
}

void Stmt::run() {
  while (step()) {
  }
  reset();
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string_view Stmt::text(int col) const noexcept {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view{};
}

std::string_view Stmt::blob(int col) const noexcept {
  const auto* p = sqlite3_column_blob(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view{};
}

Txn::Txn(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Txn::~Txn() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Txn::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace hallq::store
