// The facts reports are computed from: one row per ticket, alert, violation, complaint, and the
// per-day tallies (counts + time histograms) that let a year be merged without the raw log.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::report {

/// Seconds → bucket: 10 s wide below 2 h, 1 min wide up to 12 h, then one overflow bucket.
/// Percentiles over merged days come from these, so they are exact to the bucket's width.
struct Histogram {
  static constexpr std::int64_t fine_limit = 7200, fine_width = 10;
  static constexpr std::int64_t coarse_limit = 43200, coarse_width = 60;
  static constexpr int buckets = static_cast<int>(fine_limit / fine_width + (coarse_limit - fine_limit) / coarse_width + 1);

  std::vector<std::int64_t> counts;  // count per bucket, grown only as far as the largest bucket used

  static int bucket_of(std::int64_t seconds) noexcept;
  static std::int64_t lower_bound_of(int bucket) noexcept;
  void add(std::int64_t seconds, std::int64_t n = 1);
  void merge(const Histogram& o);
  std::int64_t total() const noexcept;
  /// Nearest-rank percentile (q in 0..1): the lower bound of the bucket holding rank ⌈q·n⌉;
  /// nullopt when empty.
  std::optional<std::int64_t> percentile(double q) const;
  /// Compact varint form for the database (bucket deltas and counts).
  std::string encode() const;
  static Histogram decode(std::string_view blob);
  friend bool operator==(const Histogram&, const Histogram&) = default;
};

/// Ticket figures of one key (window, staff, service, or the hall) over some days.
struct Tally {
  std::int64_t issued = 0;      // tickets taken (the hall and service rows count these)
  std::int64_t finished = 0;    // done + incomplete
  std::int64_t done = 0;
  std::int64_t incomplete = 0;  // closed as incomplete materials (R-Q-8)
  std::int64_t no_show = 0;     // R-Q-4
  std::int64_t cancelled = 0;   // left over at day end
  std::int64_t transferred = 0; // tickets transferred at least once (R-Q-5)
  std::int64_t open = 0;        // still waiting / called / in service
  std::int64_t wait_n = 0, wait_sum = 0;        // issue → first call, seconds
  std::int64_t service_n = 0, service_sum = 0;  // start (or call) → finish, seconds
  Histogram wait, service;
  std::array<std::int64_t, 5> ratings{};  // count per level 1..5 (R-SVC-3)

  std::int64_t rated() const noexcept;
  void merge(const Tally& o);
  std::string encode() const;
  static std::optional<Tally> decode(std::string_view blob);
  friend bool operator==(const Tally&, const Tally&) = default;
};

enum class TicketStatus : std::uint8_t { open, finished, no_show, cancelled };

/// One ticket as the log tells it, attributed to the window and staff that closed it.
struct TicketFact {
  std::string ticket;
  std::string day;  // local date of issue "YYYY-MM-DD"
  std::string number;
  std::string service;  // final service (after transfers)
  std::string window, staff;
  std::int64_t issued_at = 0, called_at = 0, started_at = 0, closed_at = 0;
  TicketStatus status = TicketStatus::open;
  std::string outcome;  // done | incomplete_materials
  int transfers = 0;
  int rating = 0;
  std::int64_t issued_seq = 0, closed_seq = 0, rated_seq = 0;
};

/// Adds one ticket to a tally (the one aggregation both the live day and the rollups use).
void add_ticket(Tally& t, const TicketFact& f);

struct AlertFact {
  std::string alert;
  std::string day;
  std::string kind;
  int level = 1;  // highest level reached
  std::string window, staff, rule;
  std::int64_t raised_at = 0, resolved_at = 0;  // resolved_at 0 while active
  std::int64_t raised_seq = 0, resolved_seq = 0;
  std::string acknowledged_by;
  std::int64_t count = 1;  // > 1: a summary row of that many alerts of one kind, window and staff
};

enum class ViolationStatus : std::uint8_t { proposed, confirmed, dismissed };
const char* to_string(ViolationStatus s) noexcept;

struct ViolationFact {
  std::string violation;
  std::string day;
  std::int64_t at = 0;
  std::string kind, staff, department, rule, source, note;
  double points = 0;
  ViolationStatus status = ViolationStatus::proposed;
  std::vector<std::int64_t> events;  // the events behind it (R-SCR-8)
  std::int64_t proposed_seq = 0, decided_seq = 0;
  std::string decided_by, decision_note;
};

/// A citizen complaint (R-SVC-4); verified ones count against the staff member (R-SCR-3).
struct ComplaintFact {
  std::string complaint;
  std::string day;
  std::int64_t at = 0;
  std::string staff, window, ticket;
  std::optional<bool> verified;  // nullopt while unchecked
  std::int64_t filed_seq = 0, verified_seq = 0;
};

}  // namespace hallq::report
