// decide(), quality: complaints and follow-ups (R-SVC-4, R-SVC-5), bulletins (R-SCR-3), assessments (R-SCR-5, R-SCR-6), decided
// violations.
#include "decider.hpp"

namespace hallq::core::deciding {

Decision Decider::operator()(const FileComplaint& c) {
  if (c.text.empty()) return invalid(Refusal::invalid, "text is required (R-SVC-4)");
  Event e = make(EventType::complaint_filed);
  e.complaint = "C" + std::to_string(s.next_complaint);
  e.text = c.text;
  Rejected err;
  if (!c.staff.empty() && !staff(c.staff, err)) return err;
  if (!c.window.empty() && !window(c.window, err)) return err;
  e.staff = c.staff;
  e.window = c.window;
  if (!c.ticket.empty()) {
    const Ticket* t = s.ticket(c.ticket);
    if (!t)
      return not_found(Refusal::not_found,
                       "no ticket " + c.ticket + " (a complaint names a ticket of today, or a staff member or window)");
    e.ticket = t->id;
    e.number = t->number;
    e.service = t->service;
    // The ticket tells who served it when the citizen does not know the name.
    if (e.staff.empty()) e.staff = t->staff;
    if (e.window.empty()) e.window = t->window;
  }
  // The department the complaint is charged to: the person's, else the window's, else the service's.
  if (const auto* st = s.cfg().find_staff(e.staff)) e.department = st->department;
  else if (const auto* w = s.cfg().find_window(e.window))
    e.department = w->department;
  else if (const auto* sv = s.cfg().find_service(e.service))
    e.department = sv->department;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const VerifyComplaint& c) {
  const auto it = s.complaints.find(c.complaint);
  if (it == s.complaints.end()) return not_found(Refusal::unknown_complaint, "no complaint " + c.complaint);
  const Complaint& k = it->second;
  if (k.verified == c.verified) return done();  // the same finding again changes nothing
  Event e = make(EventType::complaint_verified);
  e.complaint = k.id;
  e.verified = c.verified;
  e.ticket = k.ticket;
  e.staff = k.staff;
  e.window = k.window;
  e.department = k.department;
  e.note = c.note;
  const std::int64_t verdict = next_seq();
  out.push_back(std::move(e));
  // "Corrections are events too": the deduction follows every verdict, with the reason in its note.
  const auto v = s.violations.find(k.violation);
  if (c.verified) {
    if (v != s.violations.end()) {
      if (v->second.status != ViolationStatus::confirmed) {
        Event ok = make(EventType::violation_confirmed);
        ok.violation = v->first;
        ok.kind = v->second.kind;
        ok.staff = v->second.staff;
        ok.department = v->second.department;
        ok.complaint = k.id;
        ok.rule = "R-SVC-4";
        ok.note = "complaint " + k.id + " verified again" + (c.note.empty() ? "" : ": " + c.note);
        ok.events = {verdict};
        out.push_back(std::move(ok));
      }
    } else if (!k.department.empty()) {
      const std::string id = next_violation_id();
      Event p = make(EventType::violation_proposed);
      p.source = "complaint";
      p.complaint = k.id;
      propose(s, out, std::move(p), "complaint_verified", k.staff, k.department, "R-SVC-4", {k.filed_seq, verdict},
              "complaint " + k.id + " verified" + (c.note.empty() ? "" : ": " + c.note));
      // The supervisor's verification is the decision: the deduction is confirmed at once.
      Event ok = make(EventType::violation_confirmed);
      ok.violation = id;
      ok.complaint = k.id;
      ok.note = c.note;
      out.push_back(std::move(ok));
    }
  } else if (v != s.violations.end() && v->second.status != ViolationStatus::dismissed) {
    Event no = make(EventType::violation_dismissed);
    no.violation = v->first;
    no.kind = v->second.kind;
    no.staff = v->second.staff;
    no.department = v->second.department;
    no.complaint = k.id;
    no.rule = "R-SVC-4";
    no.note = "complaint " + k.id + " found not true on review" + (c.note.empty() ? "" : ": " + c.note);
    no.events = {verdict};
    out.push_back(std::move(no));
  }
  return done();
}

Decision Decider::operator()(const CloseFollowUp& c) {
  const auto it = s.follow_ups.find(c.follow_up);
  if (it == s.follow_ups.end()) return not_found(Refusal::unknown_follow_up, "no follow-up " + c.follow_up);
  const FollowUp& f = it->second;
  if (f.closed) return conflict(Refusal::follow_up_closed, "follow-up " + f.id + " was already closed");
  if (c.note.empty()) return invalid(Refusal::invalid, "note is required: what was done for the citizen (R-SVC-5)");
  Event e = make(EventType::follow_up_closed);
  e.follow_up = f.id;
  e.ticket = f.ticket;
  e.number = f.number;
  e.staff = f.staff;
  e.window = f.window;
  e.due = f.due;
  e.note = c.note;
  out.push_back(std::move(e));
  return done();
}

// R-SCR-3: a bulletin of criticism is a supervisor's act, not a side effect of a deduction.
Decision Decider::operator()(const IssueBulletin& c) {
  Rejected err;
  const auto* st = staff(c.staff, err);
  if (!st) return err;
  if (c.violations.empty()) return invalid(Refusal::invalid, "violations must cite at least one confirmed violation (R-SCR-3)");
  if (c.note.empty()) return invalid(Refusal::invalid, "note is required: what the bulletin says (R-SCR-3)");
  for (std::size_t i = 0; i < c.violations.size(); ++i) {
    const auto it = s.violations.find(c.violations[i]);
    if (it == s.violations.end()) return not_found(Refusal::unknown_violation, "no violation " + c.violations[i]);
    if (it->second.status != ViolationStatus::confirmed)
      return conflict(Refusal::violation_not_confirmed, "violation " + it->first + " is " + to_string(it->second.status) +
                                                            "; a bulletin cites confirmed violations only");
    if (it->second.staff != c.staff)
      return conflict(Refusal::violation_other_staff, "violation " + it->first + " is not charged to " + c.staff);
    if (std::find(c.violations.begin(), c.violations.begin() + static_cast<std::ptrdiff_t>(i), c.violations[i]) !=
        c.violations.begin() + static_cast<std::ptrdiff_t>(i))
      return invalid(Refusal::invalid, "violation " + c.violations[i] + " is cited twice");
  }
  Event e = make(EventType::bulletin_issued);
  e.bulletin = "B" + std::to_string(s.next_bulletin);
  e.staff = c.staff;
  e.department = st->department;
  e.violations = c.violations;
  e.note = c.note;
  e.rule = "R-SCR-3";
  out.push_back(std::move(e));
  return done();
}

// R-SCR-5: the judgement items of a quarter's grade; R-SCR-6: return grounds only a supervisor
// can find (000 第十九条(一)(二)). The latest record of a person's quarter stands.
Decision Decider::operator()(const RecordAssessment& c) {
  Rejected err;
  const auto* st = staff(c.staff, err);
  if (!st) return err;
  if (!assessed_person(s.cfg(), *st))
    return invalid(Refusal::invalid, c.staff + " is not window staff: assessments are for the staff the scores grade (R-SCR-5)");
  if (c.quarter < 1 || c.quarter > 4) return invalid(Refusal::invalid, "quarter must be 1, 2, 3 or 4");
  const auto today = domain::local_date(s.now, s.cfg().hall.utc_offset);
  if (c.year < 1970 || c.year > today.year || (c.year == today.year && (c.quarter - 1) * 3 + 1 > today.month))
    return invalid(Refusal::invalid, std::to_string(c.year) + " Q" + std::to_string(c.quarter) +
                                         " has not begun; a quarter is assessed once it is under way (R-SCR-5)");
  if (c.marks.empty() && c.grounds.empty())
    return invalid(Refusal::invalid, "an assessment gives marks for judgement items, return grounds, or both (R-SCR-5, R-SCR-6)");
  const auto& items = s.policy().judgement_weights;
  std::string known;
  for (const auto& [item, weight] : items) known += (known.empty() ? "" : ", ") + item;
  for (std::size_t i = 0; i < c.marks.size(); ++i) {
    const auto& [item, mark] = c.marks[i];
    if (!items.count(item))
      return invalid(Refusal::invalid, "\"" + item + "\" is not a judgement item of this hall's profile (" +
                                           (known.empty() ? std::string("it has none") : "items: " + known) + "; R-SCR-5)");
    if (mark < 0 || mark > 100) return invalid(Refusal::invalid, "mark for " + item + " must be a whole number from 0 to 100");
    for (std::size_t j = 0; j < i; ++j)
      if (c.marks[j].first == item) return invalid(Refusal::invalid, "item " + item + " is marked twice");
  }
  for (std::size_t i = 0; i < c.grounds.size(); ++i) {
    if (!is_return_finding(c.grounds[i]))
      return invalid(Refusal::invalid, "ground \"" + c.grounds[i] +
                                           "\" is not one a supervisor records: misconduct (违法违纪) or "
                                           "rude_conduct (作风粗暴、态度恶劣) (R-SCR-6)");
    if (std::find(c.grounds.begin(), c.grounds.begin() + static_cast<std::ptrdiff_t>(i), c.grounds[i]) !=
        c.grounds.begin() + static_cast<std::ptrdiff_t>(i))
      return invalid(Refusal::invalid, "ground " + c.grounds[i] + " is named twice");
  }
  if (!c.grounds.empty() && c.note.empty())
    return invalid(Refusal::invalid, "note is required with a return ground: what was found (R-SCR-6)");
  Event e = make(EventType::assessment_recorded);
  e.staff = c.staff;
  e.department = st->department;
  e.period = std::to_string(c.year) + "-Q" + std::to_string(c.quarter);
  for (const auto& [item, mark] : c.marks) e.marks.emplace_back(item, mark);
  e.grounds = c.grounds;
  e.note = c.note;
  e.rule = c.grounds.empty() ? "R-SCR-5" : "R-SCR-6";
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const DecideViolation& c) {
  const auto it = s.violations.find(c.violation);
  if (it == s.violations.end()) return not_found(Refusal::unknown_violation, "no violation " + c.violation);
  if (c.correction) {
    // R-SCR-2 / R-SCR-8: corrections are events too — the deduction stays in the log with the reason.
    if (it->second.status != ViolationStatus::confirmed)
      return conflict(Refusal::violation_not_confirmed, "violation " + c.violation + " is " + to_string(it->second.status) +
                                                            "; only a confirmed deduction is withdrawn");
    if (c.note.empty()) return invalid(Refusal::invalid, "note is required: why the deduction is withdrawn");
    if (!it->second.complaint.empty())
      return conflict(Refusal::complaint_decides, "violation " + c.violation + " follows complaint " + it->second.complaint +
                                                      "; revise the complaint's verdict instead (R-SVC-4)");
    Event e = make(EventType::violation_dismissed);
    e.violation = c.violation;
    e.kind = it->second.kind;
    e.staff = it->second.staff;
    e.department = it->second.department;
    e.reason = "correction";
    e.note = c.note;
    out.push_back(std::move(e));
    return done();
  }
  if (it->second.status != ViolationStatus::proposed)
    return conflict(Refusal::violation_decided, "violation " + c.violation + " is already " + to_string(it->second.status));
  Event e = make(c.confirm ? EventType::violation_confirmed : EventType::violation_dismissed);
  e.violation = c.violation;
  e.kind = it->second.kind;
  e.staff = it->second.staff;
  e.department = it->second.department;
  e.note = c.note;
  out.push_back(std::move(e));
  return done();
}

}  // namespace hallq::core::deciding
