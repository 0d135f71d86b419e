// The printed papers of a case (R-CASE-1, R-CASE-2): 受理单 / 回执, 不予受理通知书 and
// 一次性告知书, as HTML that prints on A4. Pure: built from the state, no I/O.
#pragma once

#include <string>

#include "core/state.hpp"

namespace hallq::server {

struct Paper {
  bool ok = false;
  unsigned status = 200;  // the error status when !ok
  std::string code, message;
  std::string body;  // the HTML when ok
};

/// `kind`: receipt (受理单), rejection (不予受理通知书) or notice (一次性告知书); empty = the
/// paper the case's outcome calls for. A kind the case has no paper of is a 409.
Paper case_paper_html(const core::State& s, const core::Case& k, const std::string& kind);

/// The paper a case's outcome calls for: receipt, rejection or notice.
const char* paper_kind_of(const core::Case& k) noexcept;

}  // namespace hallq::server
