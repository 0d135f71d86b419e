// The API's objects (API.md "Objects", "State snapshot") rendered from the engine's state.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

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
/// A ticket by id as a value, or null.
boost::json::value ticket_or_null(const core::State& s, const std::string& id, core::Time now);

}  // namespace hallq::server
