// The API's objects (API.md "Objects", "State snapshot") rendered from the engine's state.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/scores.hpp"
#include "core/state.hpp"

namespace hallq::server {

boost::json::object ticket_json(const core::State& s, const core::Ticket& t, core::Time now);
boost::json::object window_json(const core::State& s, const domain::Window& w, core::Time now);
boost::json::object queue_json(const core::State& s, const domain::Service& sv, core::Time now);
boost::json::object alert_json(const core::State& s, const core::Alert& a);
boost::json::object leave_json(const core::State& s, const core::Leave& l);
boost::json::object violation_json(const core::State& s, const core::Violation& v);
boost::json::object complaint_json(const core::State& s, const core::Complaint& c);
boost::json::object bulletin_json(const core::State& s, const core::Bulletin& b);
boost::json::object assessment_json(const core::State& s, const core::Assessment& a);
boost::json::object case_json(const core::State& s, const core::Case& k, core::Time now);
boost::json::object follow_up_json(const core::State& s, const core::FollowUp& f, core::Time now);
/// GET /api/scores (R-SCR-1 … R-SCR-8).
boost::json::object scores_json(const core::State& s, const core::Scores& scores);
/// GET /api/state and the first WebSocket message's "state".
boost::json::object snapshot_json(const core::State& s, core::Time now);
/// A staff member with their post, as the staff actions answer (API.md "Staff").
boost::json::object staff_json(const core::State& s, const std::string& id);
/// The login answer's staff: id, name, role, department.
boost::json::object staff_summary_json(const domain::Staff& st);
/// GET /api/windows/{w}/substitutes (R-AB-3, R-AB-6, R-AB-7).
boost::json::object substitutes_json(const core::State& s, const std::string& window,
                                     const std::vector<core::Candidate>& candidates);
/// A booked appointment, or {} when the state has no such id.
boost::json::object appointment_json(const core::State& s, const std::string& id);
/// An acknowledged alert: as it stands, or what the acknowledgement event says once it is gone.
boost::json::object acked_alert_json(const core::State& s, const std::string& id, const core::Events& ev);
/// The answer to finish: the ticket and, when it opened one (R-CASE-1), the case.
boost::json::object finish_json(const core::State& s, const core::Events& ev, core::Time now);
/// The judgement items of an assessment and their weights (R-SCR-5).
boost::json::object judgement_items_json(const core::State& s);
/// GET /api/events: stored event rows up to `durable_seq`, verbatim, and where to go on.
std::string events_page_json(const std::vector<std::string>& rows, std::int64_t since, std::int64_t durable_seq);
/// GET /healthz.
boost::json::object health_json(bool storage_ok, std::int64_t durable_seq);
/// A ticket by id as a value, or null.
boost::json::value ticket_or_null(const core::State& s, const std::string& id, core::Time now);

}  // namespace hallq::server
