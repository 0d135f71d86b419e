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
  std::int64_t issued = 0;    // tickets taken (the hall and service rows count these)
  std::int64_t finished = 0;  // done + incomplete
  std::int64_t done = 0;
  std::int64_t incomplete = 0;                  // closed as incomplete materials (R-Q-8)
  std::int64_t no_show = 0;                     // R-Q-4
  std::int64_t cancelled = 0;                   // left over at day end
  std::int64_t transferred = 0;                 // tickets transferred at least once (R-Q-5)
  std::int64_t open = 0;                        // still waiting / called / in service
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

/// A case (办件, R-CASE-1) as the log tells it: opened by finishing a ticket as accepted (受理),
/// incomplete_materials (a one-time notice, R-CASE-2) or rejected (不予受理), then decided,
/// extended, gone overdue and delivered, each on a hall day of its own ("" until it happens).
struct CaseFact {
  std::string id;
  std::string outcome;                                             // accepted | incomplete_materials | rejected
  std::string ticket, number, service, department, staff, window;  // staff: who received it
  std::string day;                                                 // hall day it was opened
  std::int64_t opened_at = 0, due = 0;  // due: end of its last working day (after an extension, the new one)
  int days = 0;                         // working days granted (promise_days, + the extension)
  std::string decision;                 // "" | approved | refused
  std::string decided_day;
  std::int64_t decided_at = 0;
  std::string extended_day;
  int extended_days = 0;
  std::string overdue_day;  // the hall day its case_overdue deduction was proposed (R-CASE-5)
  std::int64_t overdue_at = 0;
  std::string delivered_day;
  std::int64_t delivered_at = 0;
  std::int64_t opened_seq = 0, decided_seq = 0, overdue_seq = 0, delivered_seq = 0;
};

/// Case figures of one key (a department, service, receiving staff member, or the hall) over a
/// period. Every figure counts on the hall day of the one event behind it, so that the days of
/// a period add up to exactly the period's figure:
///   accepted, notices, rejected        — the day the case was opened (case.opened);
///   approved, refused, completed_on_time, decided_n / decided_working_days
///                                      — the day of the decision (case.approved / case.refused);
///   overdue                            — the day the deadline passed undecided (the case_overdue
///                                        deduction proposed, R-CASE-5), or, for a case the rules
///                                        never saw overdue but decided after its due, the day of
///                                        the decision; a case counts overdue once;
///   extended                           — the day of the extension (case.extended, R-CASE-3);
///   delivered, notices_delivered(_in_time) — the day of the delivery (case.delivered).
/// completed_on_time = decided by its due and never overdue, so on-time and overdue exclude
/// each other. Working days are those of the hall calendar (core::working_days_between).
struct CaseFigures {
  std::int64_t accepted = 0;  // opened as accepted (受理)
  std::int64_t approved = 0, refused = 0;
  std::int64_t completed_on_time = 0;  // decided (approved or refused) by the due
  std::int64_t overdue = 0;            // went past the due undecided, or decided late
  std::int64_t extended = 0;
  std::int64_t delivered = 0;                            // decisions handed over (统一出件, R-CASE-4)
  std::int64_t decided_n = 0, decided_working_days = 0;  // accepted → decision, working days
  std::int64_t notices = 0;                              // one-time notices opened (一次性告知, R-CASE-2)
  std::int64_t notices_delivered = 0, notices_delivered_in_time = 0;
  std::int64_t rejected = 0;  // 不予受理

  std::int64_t decided() const noexcept { return approved + refused; }
  /// Mean working days from acceptance to decision; nullopt when nothing was decided.
  std::optional<double> average_working_days() const;
  bool any() const noexcept;
  void merge(const CaseFigures& o);
  friend bool operator==(const CaseFigures&, const CaseFigures&) = default;
};

}  // namespace hallq::report
