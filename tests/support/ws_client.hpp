// Tests use the project's synchronous WebSocket client from hallq_client under its old name.
#pragma once

#include "client/ws_client.hpp"

namespace hallq::test {
using client::WsClient;
}  // namespace hallq::test
