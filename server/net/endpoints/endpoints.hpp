// The handlers of the route table (routes.cpp), by group. Each is called once its route's
// permission has passed: it decodes the body, asks the hall, and answers through the Call.
#pragma once

#include "call.hpp"

namespace hallq::server::ep {

// hall.cpp: health, metrics, login, state, config, event log, manual clock
void healthz(Services&, Call&);
void metrics(Services&, Call&);
void login(Services&, Call&);
void state(Services&, Call&);
void hall_config(Services&, Call&);
void events(Services&, Call&);
void advance_clock(Services&, Call&);

// tickets.cpp: tickets and appointments (R-Q-*)
void issue_ticket(Services&, Call&);
void book_appointment(Services&, Call&);
void get_ticket(Services&, Call&);
void rate_ticket(Services&, Call&);
void requeue_ticket(Services&, Call&);

// windows.cpp: the windows and the ticket actions at them
void list_windows(Services&, Call&);
void substitutes(Services&, Call&);
void call_next(Services&, Call&);
void recall(Services&, Call&);
void no_show(Services&, Call&);
void start_service(Services&, Call&);
void finish(Services&, Call&);
void transfer(Services&, Call&);
void open_window(Services&, Call&);
void close_window(Services&, Call&);
void presence(Services&, Call&);

// staff.cpp: staff on post (R-ATT-*, R-OFF-*, R-AB-*)
void sign_in(Services&, Call&);
void take_over(Services&, Call&);
void off_post(Services&, Call&);
void return_to_post(Services&, Call&);
void sign_out(Services&, Call&);
void post_handover_ack(Services&, Call&);

// leave.cpp: leave requests (R-LV-*)
void list_leave(Services&, Call&);
void request_leave(Services&, Call&);
void cancel_leave(Services&, Call&);
void end_leave(Services&, Call&);
void leave_handover_ack(Services&, Call&);
void approve_leave(Services&, Call&);
void reject_leave(Services&, Call&);

// supervision.cpp: alerts, violations, bulletins, assessments (R-EMP-*, R-SCR-*)
void list_alerts(Services&, Call&);
void ack_alert(Services&, Call&);
void list_violations(Services&, Call&);
void record_violation(Services&, Call&);
void confirm_violation(Services&, Call&);
void dismiss_violation(Services&, Call&);
void withdraw_violation(Services&, Call&);
void list_bulletins(Services&, Call&);
void issue_bulletin(Services&, Call&);
void list_assessments(Services&, Call&);
void record_assessment(Services&, Call&);

// quality.cpp: complaints and follow-ups of bad ratings (R-SVC-4, R-SVC-5)
void file_complaint(Services&, Call&);
void list_complaints(Services&, Call&);
void verify_complaint(Services&, Call&);
void list_follow_ups(Services&, Call&);
void close_follow_up(Services&, Call&);

// reports.cpp: scores and reports (R-SCR-*, R-RPT-1)
void scores(Services&, Call&);
void report(Services&, Call&);

// cases.cpp: cases and their papers (R-CASE-*)
void list_cases(Services&, Call&);
void get_case(Services&, Call&);
void case_paper(Services&, Call&);
void approve_case(Services&, Call&);
void refuse_case(Services&, Call&);
void deliver_case(Services&, Call&);
void extend_case(Services&, Call&);

}  // namespace hallq::server::ep
