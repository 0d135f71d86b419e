#include "ui/fonts.hpp"

#include <fontconfig/fontconfig.h>
#include <imgui_freetype.h>

#include <malloc.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace hallq::ui {

namespace {

// Characters every size gets although no text used them yet: digits, Latin letters, the
// punctuation of the hall's own sentences. They keep the first frames from rebuilding twice.
constexpr std::u32string_view always = U"0123456789:：·—-–/()（）., ";

const char* install_hint() {
  return "no Chinese (zh-cn) font found through fontconfig; install one, e.g. "
         "`apt-get install fonts-wqy-microhei` (5 MB) or `fonts-noto-cjk`, or pass --font FILE";
}

}  // namespace

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
      ++i;  // invalid lead byte or truncated sequence
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    i += ok ? static_cast<std::size_t>(len) : 1;
    if (ok) out.push_back(cp);
  }
  return out;
}

FontFile find_cjk_font(const std::string& family) {
  if (!FcInit()) throw std::runtime_error("fontconfig could not be initialised");
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
  if (!family.empty()) FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  // Ask for the hanzi a hall shows in every frame, so a Latin-only fallback never matches.
  FcCharSet* need = FcCharSetCreate();
  for (char32_t c : std::u32string_view(U"政务服务中心号窗口")) FcCharSetAddChar(need, c);
  FcPatternAddCharSet(pat, FC_CHARSET, need);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pat, &res);
  FontFile out;
  if (match) {
    FcChar8* file = nullptr;
    FcChar8* fam = nullptr;
    FcCharSet* cs = nullptr;
    int index = 0;
    bool covers = FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch;
    for (char32_t c : std::u32string_view(U"政务服务中心号窗口"))
      if (covers && !FcCharSetHasChar(cs, c)) covers = false;
    if (covers && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
      out.path = reinterpret_cast<const char*>(file);
      if (FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch) out.face = index;
      if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) out.family = reinterpret_cast<const char*>(fam);
    }
    FcPatternDestroy(match);
  }
  FcCharSetDestroy(need);
  FcPatternDestroy(pat);
  if (out.path.empty()) throw std::runtime_error(install_hint());
  return out;
}

Fonts::Fonts(FontOptions options) : opts_(std::move(options)) {}

void Fonts::load() {
  if (!data_.empty()) return;
  file_ = opts_.file.empty() ? find_cjk_font(opts_.family) : FontFile{opts_.file, opts_.face, ""};
  std::ifstream in(file_.path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read font file " + file_.path);
  data_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (data_.size() < 12) throw std::runtime_error("font file " + file_.path + " is empty or truncated");
}

Fonts::Id Fonts::add(float px) {
  Size s;
  s.px = px;
  for (char32_t c : always) s.chars.insert(c);
  for (char32_t c = 0x20; c < 0x7F; ++c) s.chars.insert(c);
  sizes_.push_back(std::move(s));
  dirty_ = true;
  return static_cast<Id>(sizes_.size() - 1);
}

ImFont* Fonts::get(Id id) const {
  ImFont* f = sizes_.at(static_cast<std::size_t>(id)).font;
  return f ? f : ImGui::GetFont();
}

bool Fonts::need(Id id, std::string_view utf8) {
  auto& s = sizes_.at(static_cast<std::size_t>(id));
  bool all = true;
  for (char32_t c : code_points(utf8)) {
    if (c < 0x20 || c > 0xFFFF) continue;  // ImWchar is 16 bits in this ImGui build
    if (s.chars.insert(c).second) all = false;
  }
  if (!all) dirty_ = true;
  return all;
}

ImVec2 Fonts::measure(Id id, std::string_view utf8) {
  need(id, utf8);
  const float px = this->px(id);
  return get(id)->CalcTextSizeA(px, 1e9f, 0.0f, utf8.data(), utf8.data() + utf8.size());
}

void Fonts::text(ImDrawList* dl, Id id, ImVec2 pos, ImU32 color, std::string_view utf8) {
  need(id, utf8);
  dl->AddText(get(id), px(id), pos, color, utf8.data(), utf8.data() + utf8.size());
}

double Fonts::rebuild() {
  load();
  const auto t0 = std::chrono::steady_clock::now();
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  // ImGui copies the font file for every size unless the atlas "owns" it (19 sizes × a 5 MB
  // file = 100 MB). So the atlas is told it owns our one buffer, and is told otherwise before
  // anything that would free it.
  auto disown = [atlas] {
    for (auto& c : atlas->ConfigData) c.FontDataOwnedByAtlas = false;
  };
  disown();
  atlas->Clear();
  atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas->TexDesiredWidth = 2048;
  glyph_count_ = 0;
  for (auto& s : sizes_) {
    ImFontGlyphRangesBuilder b;
    for (char32_t c : s.chars) b.AddChar(static_cast<ImWchar>(c));
    s.ranges.clear();
    b.BuildRanges(&s.ranges);
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = true;  // no copy; data_ is ours and outlives every build (disown below)
    cfg.FontNo = file_.face;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    s.font = atlas->AddFontFromMemoryTTF(data_.data(), static_cast<int>(data_.size()), s.px, &cfg, s.ranges.Data);
    glyph_count_ += static_cast<int>(s.chars.size());
  }
  if (sizes_.empty()) atlas->AddFontDefault();
  if (!atlas->Build()) throw std::runtime_error("font atlas build failed for " + file_.path);
  // The glyphs and the texture are built: the inputs (configs, ranges) are not needed until
  // the next rebuild, which starts from scratch.
  disown();
  atlas->ClearInputData();
  // FreeType's per-size faces are freed after the build, but glibc keeps the pages: hand them
  // back, or a display that runs for months carries the peak of its biggest rebuild.
  malloc_trim(0);
  dirty_ = false;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

ImVec2 Fonts::atlas_size() const {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return ImVec2(static_cast<float>(atlas->TexWidth), static_cast<float>(atlas->TexHeight));
}

}  // namespace hallq::ui
