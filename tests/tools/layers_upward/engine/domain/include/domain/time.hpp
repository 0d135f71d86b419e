// Fixture of tests/tools: the lowest layer.
#pragma once
