// PNG screenshots of the current GL framebuffer (tests and documentation).
#pragma once

#include <string>

namespace hallq::ui {

/// Reads the back buffer (width × height from the origin) and writes it as an RGB PNG.
/// Returns false and fills *error when it cannot be written.
bool save_framebuffer_png(const std::string& path, int width, int height, std::string* error = nullptr);

}  // namespace hallq::ui
