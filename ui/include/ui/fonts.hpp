// Fonts: a CJK font found through fontconfig, at the sizes a GUI asks for, with glyphs built
// only for the characters actually drawn. The full Chinese range at wall sizes does not fit a
// GL texture (STACK.md); a few hundred glyphs per size build in milliseconds. Text drawn
// through need()/text()/measure() records its characters; when one is new the atlas is rebuilt
// before the frame is shown (App does this), so start-up stays fast and nothing shows as "?".
#pragma once

#include <imgui.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::ui {

struct FontOptions {
  std::string file;    // a font file to use instead of the fontconfig lookup (e.g. --font)
  int face = 0;        // face index in a collection (.ttc) when `file` is given
  std::string family;  // preferred family for the lookup, e.g. "Noto Sans CJK SC"; "" = any Chinese font
};

struct FontFile {
  std::string path;
  int face = 0;
  std::string family;
};

/// The system font for Simplified Chinese: fontconfig's best match for lang zh-cn that really
/// covers common hanzi. Throws std::runtime_error naming the Debian package to install when
/// there is none.
FontFile find_cjk_font(const std::string& family = "");

/// Code points of a UTF-8 string (invalid bytes are skipped).
std::vector<char32_t> code_points(std::string_view utf8);

class Fonts {
 public:
  using Id = int;

  explicit Fonts(FontOptions options = {});
  /// Resolves the font file (lookup or options.file) and reads it; throws std::runtime_error
  /// with a clear message. App calls it at start so a missing font is reported at once.
  void load();
  const FontFile& file() const noexcept { return file_; }

  /// A font of `px` pixels; ids stay valid across rebuilds. Adding marks the atlas dirty.
  Id add(float px);
  ImFont* get(Id id) const;
  float px(Id id) const { return sizes_.at(static_cast<std::size_t>(id)).px; }

  /// Records the characters of `utf8` as used at size `id`. Returns false when some are not in
  /// the atlas yet (it is then dirty and the frame should be drawn again after a rebuild).
  bool need(Id id, std::string_view utf8);
  /// Size of a text at font `id` (records its characters).
  ImVec2 measure(Id id, std::string_view utf8);
  /// Draws a text at font `id` (records its characters).
  void text(ImDrawList* dl, Id id, ImVec2 pos, ImU32 color, std::string_view utf8);

  bool dirty() const noexcept { return dirty_; }
  /// Rebuilds ImGui's font atlas for the sizes and characters recorded (needs an ImGui
  /// context; the caller re-uploads the texture). Returns the build time in milliseconds.
  double rebuild();
  /// Glyphs in the atlas and its texture size (benchmarks, logs).
  int glyphs() const noexcept { return glyph_count_; }
  ImVec2 atlas_size() const;

 private:
  struct Size {
    float px = 0;
    std::set<char32_t> chars;
    ImVector<ImWchar> ranges;  // must outlive the atlas build (STACK.md)
    ImFont* font = nullptr;
  };
  FontOptions opts_;
  FontFile file_;
  std::vector<unsigned char> data_;
  std::vector<Size> sizes_;
  bool dirty_ = true;
  int glyph_count_ = 0;
};

}  // namespace hallq::ui
