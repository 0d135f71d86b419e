// Derived report tables in the event database: one row per ticket, alert, violation, complaint,
// bulletin and case, and per-day tallies of closed days. Written by the commit thread in the same
// transaction as the events they come from (so exactly as durable), rebuilt from the log when
// absent or of another version. Reports read them instead of scanning millions of events.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "report/report.hpp"
#include "store/db.hpp"

namespace hallq::store {

struct StoredEvent;

/// Bump when the tables or their meaning change: the next open rebuilds them from the log.
inline constexpr int report_tables_version = 4;  // 3: bulletins (R-SCR-3); 4: cases (R-CASE-1 … R-CASE-5)

/// Folds events into the report tables. One instance per writing connection; its prepared
/// statements belong to that connection's thread. Throws DbError.
class ReportProjector {
 public:
  explicit ReportProjector(Db& db);
  ~ReportProjector();
  ReportProjector(const ReportProjector&) = delete;
  ReportProjector& operator=(const ReportProjector&) = delete;

  /// Inside the caller's open transaction.
  void apply(const std::vector<StoredEvent>& events);
  /// After a rolled-back transaction: what was cached from it is re-read before the next apply.
  void reload() noexcept;

  /// Guards one transaction: unless committed() is called, the projector reloads (RAII).
  class Uncommitted {
   public:
    explicit Uncommitted(ReportProjector& p) noexcept : p_(p) {}
    ~Uncommitted() {
      if (!done_) p_.reload();
    }
    Uncommitted(const Uncommitted&) = delete;
    Uncommitted& operator=(const Uncommitted&) = delete;
    void committed() noexcept { done_ = true; }

   private:
    ReportProjector& p_;
    bool done_ = false;
  };

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Creates the report tables if missing and, when they are new or of another version, fills
/// them from the events already in the log (one transaction). Returns the events folded in.
std::int64_t prepare_report_tables(Db& db);

/// Loads the facts of a period for report::compute_report. `now` is hall time (active alerts
/// count up to it); `offset` places tickets in the hours of a day.
report::ReportInput load_report_input(Db& db, const report::Period& period, domain::UtcOffset offset, std::int64_t now);

}  // namespace hallq::store
