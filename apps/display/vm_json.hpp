// The view model as JSON: what the display dumps next to its screenshots (--dump-dir) so tests
// check exactly what the wall shows.
#pragma once

#include <boost/json/object.hpp>

#include "display/view_model.hpp"

namespace hallq::display {

boost::json::object to_json(const ViewModel& vm);

}  // namespace hallq::display
