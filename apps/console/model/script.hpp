// The --script FILE format: one UI action per line, run in order by the console itself, so a
// test under Xvfb drives the real console the way a person would (keys, forms, banner buttons).
//
//   # comment
//   login s001 1001          log in (the login form)
//   mode staff|supervisor    switch the mode
//   tab N                    supervisor sub-tab: 0 overview, 1 leave, 2 inspections, 3 complaints, 4 scores
//   sign-in W01              签到 at a window
//   key F1                   press a caller-keypad key (F1 call … F6 transfer), as a key event
//   finish done | finish accepted | finish incomplete 户口本原件;身份证复印件 | finish rejected REASON
//   cases                    the 办件 tab
//   case NAME                show a case (its id, or the newest case of a ticket number)
//   approve-case NAME [NOTE] | refuse-case NAME REASON | deliver-case NAME | extend-case NAME DAYS REASON
//   case-alert KIND          supervisor: open the case of the newest active case alert of KIND
//   transfer SERVICE
//   off-post REASON DEST MINUTES   (DEST "-" leaves the destination empty)
//   recall | return | sign-out | logout
//   take-over [remote]       the banner's 立即顶岗 button; remote: its 在本窗口代办 (R-AB-7)
//   ack KIND NOTE            acknowledge the newest active alert of KIND with a note
//   approve-leave STAFF      approve the pending leave of STAFF waiting for my role
//   tile WINDOW              hall map: open the window's tile (roster + the server's suggestions)
//   assign WINDOW STAFF [remote]  hall map: assign a substitute from the server's suggestions;
//                            remote: the row that covers from where they sit (R-AB-7)
//   inspect KIND STAFF NOTE  record an inspection finding
//   verify COMPLAINT yes|no  the supervisor's finding on a complaint
//   wait live|banner|alert KIND|ticket NUMBER|queue NUMBER|case NAME|text TEXT   (until true, 20 s at most)
//   expect-message TEXT      the last notice shown contains TEXT
//   sync                     wait until the screen shows everything the server has committed
//   screenshot PATH | sleep MS | quit
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hallq::console {

struct ScriptStep {
  int line = 0;
  std::string verb;
  std::vector<std::string> args;
  std::string rest;  // everything after the verb (for free text with spaces)
};

/// Parses a script; on a malformed line returns nullopt and says which line and why.
std::optional<std::vector<ScriptStep>> parse_script(const std::string& text, std::string* error);

}  // namespace hallq::console
