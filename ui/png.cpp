#include "ui/png.hpp"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace hallq::ui {

bool save_framebuffer_png(const std::string& path, int width, int height, std::string* error) {
  if (width <= 0 || height <= 0) {
    if (error) *error = "empty framebuffer";
    return false;
  }
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  std::vector<unsigned char> pixels(w * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's origin is bottom-left; PNG rows go top-down.
  std::vector<unsigned char> flipped(pixels.size());
  for (std::size_t y = 0; y < h; ++y) std::memcpy(&flipped[y * w * 3], &pixels[(h - 1 - y) * w * 3], w * 3);
  // Write to a temporary name and rename, so a reader never sees half a file.
  const std::string tmp = path + ".tmp";
  if (!stbi_write_png(tmp.c_str(), width, height, 3, flipped.data(), width * 3)) {
    if (error) *error = "cannot write " + tmp + ": " + std::strerror(errno);
    return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    if (error) *error = "cannot rename " + tmp + " to " + path + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace hallq::ui
