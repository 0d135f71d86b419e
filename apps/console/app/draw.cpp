// Console drawing, the frame: login, top bar, notice, and the tab drawn below them. Reads view models and the ConsoleModel only
// (STYLE.md "draw(const model&, ui_state&)"); every button, key and form emits a message for update(). Sized for 1366×768 and up.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "console/app/console.hpp"
#include "console/app/draw_common.hpp"
#include "core/engine.hpp"

namespace hallq::console {

using namespace palette;

// [SECTION] frame

void Console::frame(ui::Frame& f) {
  if (!themed_) {
    apply_theme();
    themed_ = true;
  }
  pump(f.now());
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(f.width(), f.height()));
  ImGui::Begin("##console", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (!logged_in()) {
    draw_login(f);
  } else {
    draw_top_bar(f);
    const auto st = link_ ? link_->status() : client::LinkStatus{};
    if (!mirror_.ready()) {
      ImGui::Dummy(ImVec2(0, 40));
      text("正在连接服务器 " + opts_.server.to_string() + " …");
      if (st.last_http_status == 401) text_colored(red, "登录已失效，请退出后重新登录");
      else if (!st.last_error.empty())
        text_colored(red, "上次失败：" + st.last_error + "（第 " + std::to_string(st.attempts) + " 次重试）");
      f.redraw_in(0.5);
    } else {
      // The last known hall stays on screen while the link is down; say so above it.
      if (st.phase != client::LinkPhase::live) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(rgb(0xFF, 0xF4, 0xD6)));
        ImGui::PushStyleColor(ImGuiCol_Border, v4(amber));
        ImGui::BeginChild("linkdown", ImVec2(0, 44), true, ImGuiWindowFlags_NoScrollbar);
        text_colored(rgb(0x8A, 0x5A, 0x00), "与服务器的连接中断，正在重连（第 " + std::to_string(std::max(1, st.attempts)) +
                                                " 次）。以下为最后已知状态，操作可能无法送达。");
        ImGui::EndChild();
        ImGui::PopStyleColor(2);
      }
      if (model_.tab == Tab::staff) draw_staff(f);
      else if (model_.tab == Tab::cases)
        draw_cases(f);
      else
        draw_supervisor(f);
    }
  }
  draw_notice(f);
  ImGui::End();
  auto actions = std::move(outbox_);
  outbox_.clear();
  for (const auto& m : actions) dispatch(m);
  // Clocks on screen tick every second; the link wakes the loop for everything else.
  if (logged_in()) f.redraw_in(1.0 - std::fmod(f.now(), 1.0));
  script_tick(f);
}

void Console::draw_login(ui::Frame& f) {
  const float w = 440, h = 330;
  ImGui::SetCursorPos(ImVec2((f.width() - w) / 2, (f.height() - h) / 2 - 30));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
  ImGui::BeginChild("login", ImVec2(w, h), true);
  push_font(title_);
  text("政务服务中心 · 窗口工作台");
  pop_font();
  text_colored(grey, "服务器 " + opts_.server.to_string());
  ImGui::Dummy(ImVec2(0, 10));
  text("工号");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##id", login_id_, sizeof login_id_);
  text("密码（PIN）");
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputText("##pin", login_pin_, sizeof login_pin_,
                                      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::Dummy(ImVec2(0, 8));
  const bool busy = login_request_ && last_answered_ < *login_request_;
  if (button(busy ? "登录中…" : "登 录", !busy, -1, 44) || (enter && !busy)) emit(Login{login_id_, login_pin_});
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void Console::draw_top_bar(ui::Frame& f) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar = 54;
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(f.width(), bar), navy);
  const auto& s = mirror_.state();
  push_font(title_);
  const std::string hall = mirror_.has_config() ? mirror_.config().hall.name : std::string("hallq");
  dl->AddText(ImVec2(18, 14), white, t(hall + "  窗口工作台"));
  pop_font();
  // Right side: link state, hall clock, who is logged in.
  const auto st = link_ ? link_->status() : client::LinkStatus{};
  std::string link_text = st.phase == client::LinkPhase::live         ? "已连接"
                          : st.phase == client::LinkPhase::connecting ? "连接中"
                                                                      : "重连中";
  if (st.phase != client::LinkPhase::live && st.last_http_status == 401) link_text = "登录已失效";
  if (st.phase != client::LinkPhase::live && st.attempts) link_text += "（" + std::to_string(st.attempts) + "）";
  const ImU32 dot = st.phase == client::LinkPhase::live         ? rgb(0x48, 0xBB, 0x78)
                    : st.phase == client::LinkPhase::connecting ? amber
                                                                : red;
  std::string clock;
  if (mirror_.ready()) {
    const Time now = hall_now();
    const auto sec = domain::local_seconds_of_day(now, s.cfg().hall.utc_offset);
    char b[32];
    std::snprintf(b, sizeof b, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
    clock = std::string(s.session_open ? "办公中 " : "非办公时段 ") + b;
  }
  const std::string who = me().name + " · " + role_label(me().role);
  float x = f.width() - 18;
  auto right_text = [&](const std::string& str, ImU32 col) {
    const ImVec2 sz = ImGui::CalcTextSize(t(str));
    x -= sz.x;
    dl->AddText(ImVec2(x, 17), col, str.c_str());
    x -= 22;
  };
  // Buttons: tab switch and logout, drawn as ImGui buttons on the bar.
  const float bw = 76;
  ImGui::SetCursorPos(ImVec2(f.width() - 18 - bw, 10));
  if (button("退出##logout", true, bw, 34, rgb(0x4A, 0x5D, 0x7A))) emit(Logout{});
  x = f.width() - 18 - bw - 12;
  {
    // 窗口工作 | 值班监督 (supervising roles) | 办件: the case tab names its warnings in words.
    const auto cl = mirror_.ready() ? make_case_list(s, me(), hall_now()) : CaseList{};
    std::string cases_label = "办件 " + std::to_string(cl.open);
    if (cl.overdue) cases_label += " · 超期" + std::to_string(cl.overdue);
    else if (cl.red)
      cases_label += " · 红" + std::to_string(cl.red);
    const ImU32 off = rgb(0x4A, 0x5D, 0x7A);
    const float cw = 150;
    const float total = 100 + 8 + (me().supervising() ? 108 : 0) + cw;
    ImGui::SetCursorPos(ImVec2(x - total, 10));
    if (button("窗口工作##tab", true, 100, 34, model_.tab == Tab::staff ? blue : off)) emit(ShowTab{Tab::staff});
    if (me().supervising()) {
      ImGui::SameLine(0, 8);
      if (button("值班监督##tab", true, 100, 34, model_.tab == Tab::supervisor ? blue : off)) emit(ShowTab{Tab::supervisor});
    }
    ImGui::SameLine(0, 8);
    const ImU32 warn = cl.overdue ? red : cl.red ? orange : off;
    if (button(cases_label + "##tabcases", true, cw, 34, model_.tab == Tab::cases ? blue : warn)) emit(ShowTab{Tab::cases});
    x -= total + 12;
  }
  right_text(who, white);
  right_text(clock, rgb(0xCB, 0xD5, 0xE1));
  right_text(link_text, rgb(0xCB, 0xD5, 0xE1));
  dl->AddCircleFilled(ImVec2(x + 12, 27), 6, dot);
  if (st.phase != client::LinkPhase::live) f.redraw_in(0.5);
  ImGui::SetCursorPos(ImVec2(14, bar + 10));
}

void Console::draw_notice(ui::Frame& f) {
  const auto& notice = model_.notice;
  if (notice.text.empty()) return;
  const float h = 36;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const float age = static_cast<float>(f.now() - notice.at);
  const ImU32 bg = notice.error ? rgb(0xFD, 0xE8, 0xE8) : rgb(0xE6, 0xF4, 0xEA);
  const ImU32 fg = notice.error ? red : green;
  dl->AddRectFilled(ImVec2(0, f.height() - h), ImVec2(f.width(), f.height()), bg);
  dl->AddRectFilled(ImVec2(0, f.height() - h), ImVec2(6, f.height()), fg);
  const std::string line = (notice.error ? "未执行：" : "") + notice.text;
  dl->AddText(app_.fonts().get(body_), 18, ImVec2(18, f.height() - h + 8), fg, t(line));
  if (age < 1.0f) f.redraw_in(0.1);
}

// [SECTION] staff mode

}  // namespace hallq::console
