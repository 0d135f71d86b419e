// Cases (办件) view model: the cases a logged-in person sees, what each stands at (status, due
// date, working days left, the R-SVC-2 warning in words) and which actions the server would take
// from them (R-CASE-3 extend, R-CASE-4 approve / refuse / deliver). Pure; computed from the
// mirrored state + time, the draw code only reads it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console/model/common.hpp"

namespace hallq::console {

/// The warning a case stands at now (R-SVC-2 on cases; R-CASE-2 for a written notice; R-CASE-5).
enum class CaseWarning { none, yellow, red, overdue };

CaseWarning case_warning(const core::State& s, const core::Case& k, Time now);
/// "黄色预警" / "红色预警" / "已超期", "" for none: the warning is always said in words too.
std::string case_warning_label(CaseWarning w);
/// 已受理 / 已办结 / 不予批准 / 已出件 / 一次性告知 / 不予受理.
std::string case_status_label(core::CaseStatus st);
/// The outcome chosen at the counter in words: 受理 / 材料不全（一次性告知）/ 不予受理 / 已办结.
std::string finish_outcome_label(const std::string& outcome);

/// Which case actions the server accepts from this person now (as server/core/decide.cpp checks).
struct CaseActions {
  bool approve = false, refuse = false;  // R-CASE-4: the case department's staff and heads
  bool deliver = false;                  // R-CASE-4 统一出件: on post at a delivery window
  bool extend = false;                   // R-CASE-3: a supervisor, not the receiving staff, once
  std::string deliver_window;            // sent with deliver: the 统一出件 window I am on post at, "" when none
};
CaseActions case_actions(const core::State& s, const Principal& me, const core::Case& k);

struct CaseLine {
  std::string id, number, service, service_name, department, department_name;
  std::string outcome;
  core::CaseStatus status = core::CaseStatus::accepted;
  std::string status_label;
  bool open = false;               // waiting for a decision (受理) or a written notice (一次性告知)
  bool awaiting_delivery = false;  // decided, not yet handed over (R-CASE-4)
  std::string staff, staff_name;   // who received it
  std::string window;
  int window_number = 0;
  Time accepted_at = 0;
  int days = 0;                // working days granted (promise + extension)
  Time due = 0;                // 0 for 不予受理 (nothing to do by a date)
  std::string due_date;        // the last working day, "YYYY-MM-DD"; "" when no due
  int days_left = 0;           // working days after today up to the due date; negative: past it
  std::string days_left_text;  // "剩 3 个工作日" / "今日到期" / "超期 2 个工作日" / ""
  CaseWarning warning = CaseWarning::none;
  std::string warning_label;  // "黄色预警" …, "" for none
  std::vector<std::string> missing;
  std::string reason;  // 不予受理 / 不予批准 grounds
  int extended_days = 0;
  std::string extension_reason, extended_by_name;
  std::string decided_by_name;
  Time decided_at = 0, delivered_at = 0;
  bool received_by_me = false;
  CaseActions can;
};

CaseLine case_line(const core::State& s, const Principal& me, const core::Case& k, Time now);

struct CaseList {
  std::vector<CaseLine> lines;  // open first (due soonest first), then awaiting delivery, then closed (newest first)
  int open = 0, awaiting_delivery = 0;
  int yellow = 0, red = 0, overdue = 0;  // open cases by warning
  int actionable = 0;                    // lines with any action for me
};

/// The cases of this person's window and department (a supervisor: the whole hall), plus the
/// decided cases a 统一出件 window on post may hand over. At most `closed_limit` closed ones.
CaseList make_case_list(const core::State& s, const Principal& me, Time now, std::size_t closed_limit = 30);

/// Forms: "" when they may be sent, otherwise what to fix in words.
std::string check_refuse_form(const std::string& reason);
std::string check_extend_form(const core::State& s, int days, const std::string& reason);

}  // namespace hallq::console
