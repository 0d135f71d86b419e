// Fixture of tests/tools: a core header that reaches up into the server's net layer.
#pragma once

#include "domain/time.hpp"
#include "net/hub.hpp"
