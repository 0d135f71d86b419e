// Reports carry the engine's quarterly grades (R-SCR-5, R-SCR-6): the report tables count what
// happened, the grades come from core::compute_scores, the same figures as GET /api/scores.
#pragma once

#include "core/scores.hpp"
#include "report/report.hpp"

namespace hallq::server {

/// Marks each staff score of `rep` graded and gives it the return flag and the assessed quarters
/// of `period` from `scores`; staff the scores do not know stay ungraded.
void merge_engine_scores(report::Report& rep, const core::Scores& scores, const report::Period& period);

}  // namespace hallq::server
