// Tests use the project's synchronous clients from hallq_client under their old names.
#pragma once

#include "client/http_client.hpp"

namespace hallq::test {
using client::HttpClient;
using client::HttpResponse;
}  // namespace hallq::test
