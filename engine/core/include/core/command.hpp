// Commands: what a caller asks the engine to do (imperative names), each with the acting principal.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "domain/time.hpp"

namespace hallq::core {

struct IssueTicket {
  std::string service;
  std::string priority = "normal";  // "normal" | "green"
  std::string appointment;
  std::string previous;   // R-Q-8: the earlier incomplete-materials ticket
  std::string ticket_id;  // chosen by the shell (unguessable); the core stays deterministic
};
struct BookAppointment {
  std::string service;
  domain::Time slot = 0;
  std::string appointment_id;  // chosen by the shell
};
struct CallNext {
  std::string window;
};
struct Recall {
  std::string window;
};
struct MarkNoShow {
  std::string window;
};
struct StartService {
  std::string window;
};
struct FinishService {
  std::string window;
  std::string outcome = "done";  // "done" | "accepted" (受理) | "incomplete_materials" | "rejected" (不予受理)
  std::vector<std::string> missing;
  std::string reason{};   // rejected: why the application is not accepted (R-CASE-1)
  std::string case_id{};  // the case an accepted / incomplete / rejected visit opens; chosen by the shell
};
struct TransferTicket {
  std::string window;
  std::string service;
};
struct RequeueTicket {
  std::string ticket;
};
struct RateTicket {
  std::string ticket;
  int level = 0;
};
struct OpenWindow {
  std::string window;
};
struct CloseWindow {
  std::string window;
};
struct ReportPresence {
  std::string window;
  bool present = true;
};
struct SignIn {
  std::string staff;
  std::string window;
};
struct TakeOver {
  std::string staff;
  std::string window;
  std::string from_window = {};  // R-AB-7: cover from this window, where the taker is on post
};
struct GoOffPost {
  std::string staff;
  std::string reason;
  std::string destination;
  int expected_minutes = 0;
  std::string handover{};  // R-AB-4: optional hand-over note for whoever covers
};
struct ReturnToPost {
  std::string staff;
};
struct SignOut {
  std::string staff;
};

struct AckAlert {
  std::string alert;
  std::string note;
};
struct RequestLeave {
  std::string staff;
  std::string from, to;  // "YYYY-MM-DD", inclusive
  std::string reason;
  // Half days (R-LV-1): from_half "pm" starts at noon of `from`, to_half "am" ends at noon of
  // `to` ("am" / "pm" on the other side mean the whole day); `half` is the one-day shorthand.
  std::string from_half{}, to_half{}, half{};
  std::string kind = "leave";                                // "leave" | "official" (因公外出, R-LV-5)
  std::vector<std::pair<std::string, std::string>> cover{};  // window → B named as planned cover (R-LV-4)
  std::string handover{};                                    // R-AB-4 hand-over note
};
struct CancelLeave {  // before the leave starts (R-LV-3)
  std::string leave;
  std::string note{};
};
struct EndLeave {  // 销假: reporting back, early or on time (R-LV-3)
  std::string leave;
  std::string note{};
};
struct AckHandover {    // R-AB-4: the cover confirms the hand-over of a leave or an off-post
  std::string leave;    // either a leave id …
  std::string staff{};  // … or the staff member off post
  std::string note{};
};
struct DecideLeave {
  std::string leave;
  bool approve = true;
  std::string note;
};
struct RecordViolation {  // an inspection finding (R-SCR-2)
  std::string kind;
  std::string staff;
  std::string department;
  std::string note;
};
struct DecideViolation {
  std::string violation;
  bool confirm = true;
  std::string note;
  // A correction: withdraws a deduction already confirmed (an inspection entered in error).
  // Recorded as violation.dismissed with reason "correction"; the note is required.
  bool correction = false;
};

struct FileComplaint {  // R-SVC-4: anyone; at least the text
  std::string ticket;
  std::string staff;
  std::string window;
  std::string text;
};
struct VerifyComplaint {  // R-SVC-4: a supervisor's finding, which may be revised
  std::string complaint;
  bool verified = true;
  std::string note;
};
struct CloseFollowUp {  // R-SVC-5
  std::string follow_up;
  std::string note;
};

struct IssueBulletin {  // R-SCR-3: 通报批评 against a person, citing confirmed violations
  std::string staff;
  std::vector<std::string> violations;
  std::string note;
};

struct RecordAssessment {  // R-SCR-5 judgement items and R-SCR-6 findings, per person and quarter
  std::string staff;
  int year = 0, quarter = 0;
  std::vector<std::pair<std::string, int>> marks;  // judgement item (policy judgement_weights) → 0–100
  std::vector<std::string> grounds;                // return grounds found: misconduct, rude_conduct
  std::string note;
};

// Cases (办件, R-CASE-1 … R-CASE-5): the back office decides, the 统一出件 window delivers.
struct ApproveCase {
  std::string case_id;
  std::string note{};
};
struct RefuseCase {
  std::string case_id;
  std::string reason;  // the written decision's grounds (004 第十六条)
};
struct DeliverCase {  // the decision (or the written one-time notice) handed to the applicant
  std::string case_id;
  std::string window{};  // the 统一出件 window it is delivered at
  std::string note{};
};
struct ExtendCase {  // once, by a supervisor who did not receive it (R-CASE-3)
  std::string case_id;
  int days = 0;
  std::string reason;
};

using CommandBody = std::variant<IssueTicket, BookAppointment, CallNext, Recall, MarkNoShow, StartService, FinishService,
                                 TransferTicket, RequeueTicket, RateTicket, OpenWindow, CloseWindow, ReportPresence, SignIn,
                                 TakeOver, GoOffPost, ReturnToPost, SignOut, AckAlert, RequestLeave, DecideLeave, RecordViolation,
                                 DecideViolation, FileComplaint, VerifyComplaint, CloseFollowUp, IssueBulletin, CancelLeave,
                                 EndLeave, AckHandover, RecordAssessment, ApproveCase, RefuseCase, DeliverCase, ExtendCase>;

struct Command {
  std::string actor;  // staff or device id; authorization is the shell's job
  CommandBody body;
};

}  // namespace hallq::core
