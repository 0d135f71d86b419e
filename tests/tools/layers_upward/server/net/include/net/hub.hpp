// Fixture of tests/tools: a net header; including the core from here is downward, so allowed.
#pragma once

#include "core/state.hpp"
