// Reports (R-RPT-1, R-RPT-2, R-RPT-4): daily statistics, monthly analysis, quarterly bulletin,
// half-yearly bulletin, annual evaluation. Pure: facts in (ReportInput) → model out (Report) → JSON / CSV / HTML text.
// No SQLite, no clock: the caller loads the facts (store/report_tables) and passes the time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/hall_config.hpp"
#include "report/facts.hpp"

namespace hallq::report {

enum class Kind : std::uint8_t { daily, monthly, quarterly, half_yearly, annual };
const char* to_string(Kind k) noexcept;
std::optional<Kind> parse_kind(std::string_view s) noexcept;

/// The days a report covers, inclusive, as local dates "YYYY-MM-DD".
struct Period {
  Kind kind = Kind::daily;
  std::string from, to;
  std::string label;  // "2026年11月23日", "2026年11月", "2026年第四季度", "2026年下半年", "2026年度"
  int year = 0, month = 0, quarter = 0;
  int half = 0;  // half-yearly: 1 (January–June) or 2 (July–December)
  /// First and last month of the period (the same month for a day or a month).
  int first_month() const noexcept;
  int last_month() const noexcept;
  /// Whether quarter q (1–4) of `year` lies within the period (scores, R-SCR-5).
  bool covers_quarter(int q) const noexcept { return (q - 1) * 3 + 1 >= first_month() && q * 3 <= last_month(); }
};

/// Parses the period from query parameters: daily `date=2026-11-23`, monthly `month=2026-11`,
/// quarterly `year=2026&q=4`, half-yearly `year=2026&h=2` (R-RPT-4), annual `year=2026`. On failure returns nullopt and sets
/// *error to a sentence naming the parameter.
/// Quarterly, half-yearly and annual reports carry the deduction standings (R-SCR-*).
inline bool has_scores(Kind kind) { return kind == Kind::quarterly || kind == Kind::half_yearly || kind == Kind::annual; }

std::optional<Period> parse_period(Kind kind, const std::map<std::string, std::string>& params, std::string* error);

/// Ticket tallies of one day, per window, staff member and service, plus the hall's total.
struct DayTallies {
  std::string day;
  Tally hall;
  std::map<std::string, Tally> window, staff, service;
  std::array<std::int64_t, 24> issued_by_hour{};  // only filled when built from tickets
  bool from_tickets = false;
  void merge(const DayTallies& o);
};

/// The one aggregation of ticket facts into a day's tallies (live days and rollups alike).
DayTallies tally_day(const std::string& day, const std::vector<TicketFact>& tickets, domain::UtcOffset offset);

/// A bulletin of criticism (通报批评) issued within the period (R-SCR-3).
struct BulletinFact {
  std::string bulletin, staff, department;
};

struct ReportInput {
  Period period;
  DayTallies total;                          // the whole period, per key
  std::vector<DayTallies> days;              // days with tickets, ascending; only `hall` is needed (trend)
  std::vector<AlertFact> alerts;             // raised within the period
  std::vector<ViolationFact> violations;     // proposed within the period, with their current status
  std::vector<ComplaintFact> complaints;     // filed within the period
  std::vector<BulletinFact> bulletins;       // issued within the period (R-SCR-3)
  std::vector<CaseFact> cases;               // with any of their events within the period (R-CASE-1 … R-CASE-5)
  std::int64_t first_seq = 0, last_seq = 0;  // the stretch of the log the facts come from
  std::int64_t now = 0;                      // hall time: active alerts count up to here
  std::string generated_at;                  // shown on the report, e.g. "2026-11-23T18:00:00+08:00"
};

/// Figures of one row (a window, staff member, department, service, or the hall).
struct Figures {
  Tally tickets;
  std::int64_t alerts = 0;
  std::int64_t empty_seconds = 0;  // R-EMP-1: time the window stood empty (window_empty alerts)
  std::int64_t violations_confirmed = 0, violations_proposed = 0, violations_dismissed = 0;
  double points = 0;  // confirmed deductions (R-SCR-2)
  std::int64_t complaints = 0, complaints_verified = 0;
  // R-SVC-3: ratings at or below the policy's unsatisfied_max_level, and the share above it.
  std::int64_t unsatisfied = 0;
  std::optional<double> satisfaction;
  CaseFigures cases;  // 办件 (R-CASE-1 … R-CASE-5): departments, services, receiving staff, the hall
};

struct Row {
  std::string id, name, department;
  int number = 0;  // window number
  Figures f;
};

struct TrendPoint {
  std::string label;
  std::int64_t issued = 0, finished = 0, no_show = 0;
  std::optional<std::int64_t> wait_p50;
};

struct EmptySpell {
  std::string window, alert, staff;
  std::int64_t from = 0, to = 0;  // to = 0: still empty at report time
  std::int64_t seconds = 0;
  int level = 1;
  std::int64_t raised_seq = 0, resolved_seq = 0;
};

struct AlertKindCount {
  std::string kind;
  std::int64_t count = 0;
  int max_level = 0;
};

struct DepartmentScore {  // R-SCR-1, R-SCR-4, R-SCR-7
  std::string id, name;
  double points_start = 0, deducted = 0, points_left = 0;
  bool advanced_eligible = true;
  double center_score = 0;              // points_left / points_start × center_weight_percent
  std::vector<std::string> violations;  // confirmed violation ids behind the deduction (R-SCR-8)
};

struct QuarterGrade {  // R-SCR-5, from the engine's running tallies (the server fills them in)
  int q = 0;
  int score = 0;
  std::string grade;  // excellent | good | pass | poor
};

struct StaffScore {  // R-SCR-3
  std::string id, name, department;
  std::int64_t bulletins = 0, verified_complaints = 0;
  bool excellent_eligible = true;
  std::vector<std::string> violations;
  bool graded = false;  // quarters / return_flag known (server side: core::compute_scores)
  std::vector<QuarterGrade> quarters;
  bool return_flag = false;  // R-SCR-6
};

struct Report {
  Period period;
  std::string hall_id, hall_name, profile;
  domain::UtcOffset offset = 0;
  std::string generated_at;
  std::int64_t first_seq = 0, last_seq = 0;
  int open_days = 0;  // days with tickets
  Row hall;
  std::vector<Row> windows, staff, departments, services;
  std::string trend_unit;  // "hour" | "day" | "month"
  std::vector<TrendPoint> trend;
  std::vector<ViolationFact> violations;
  std::vector<AlertKindCount> alert_kinds;
  std::vector<AlertFact> alerts;  // daily reports list every alert
  std::vector<EmptySpell> empty;
  std::vector<ComplaintFact> complaints;
  bool has_cases = false;               // the hall has commitment services or the period has case figures: 办件 sections shown
  std::vector<CaseFact> overdue_cases;  // cases counted overdue in the period (R-CASE-5), in order of going overdue
  bool has_scores = false;              // quarterly and annual reports carry the deduction standings
  double annual_points = 0, advanced_max_deducted = 0;
  int center_weight_percent = 0, excellent_max_bulletins = 0, excellent_max_complaints = 0;
  std::vector<DepartmentScore> department_scores;
  std::vector<StaffScore> staff_scores;
  std::vector<std::string> notes;
  std::map<std::string, std::string> names;  // staff, department and window ids → names, for lists
};

Report compute_report(const domain::HallConfig& cfg, const ReportInput& in);

/// Adds what of case `k` falls within the days from..to ("YYYY-MM-DD", inclusive) to `f`, by the
/// attribution of CaseFigures (each figure on the day of its own event). The working days of a
/// decision come from the hall calendar of `cfg`. Returns whether the case counted overdue in
/// those days.
bool add_case(CaseFigures& f, const CaseFact& k, const std::string& from, const std::string& to, const domain::HallConfig& cfg);

/// Satisfaction rate (R-SVC-3): ratings 3–5 (基本满意 and better) over all ratings; nullopt
/// without ratings. Unsatisfied (差评) = levels 1–2.
/// Share of ratings above `unsatisfied_max_level` (R-SVC-3), none when nothing was rated.
std::optional<double> satisfaction(const Tally& t, int unsatisfied_max_level);
/// Ratings at or below `unsatisfied_max_level`.
std::int64_t unsatisfied(const Tally& t, int unsatisfied_max_level);

// Renderers. JSON for programs; CSV for Excel (UTF-8 BOM, CRLF, RFC 4180 quoting); HTML as one
// self-contained page (inline CSS and SVG, no external resources) that prints on A4.
std::string render_json(const Report& r);
std::string render_csv(const Report& r);
std::string render_html(const Report& r);

/// Content type of each format ("json" | "csv" | "html"), nullptr for an unknown format.
const char* content_type(std::string_view format) noexcept;
std::string render(const Report& r, std::string_view format);

}  // namespace hallq::report
