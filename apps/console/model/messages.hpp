// The console as Elm has it: typed messages in (what the person did, what the server answered,
// what the mirror applied, the clock), typed effects out (HTTP requests, sounds, the link). The
// app shell performs the effects and feeds the answers back as messages; nothing here does I/O.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/event.hpp"

namespace hallq::console {

/// What an answer is for, so update() knows how to read it.
enum class Purpose {
  command,     // a person's command: the notice says whether it worked
  login,       // POST /api/login
  call,        // call-next: the notice names the ticket called
  finish,      // finish: the notice names the case it opened (R-CASE-1)
  verdict,     // a complaint verified: the list is read again
  backfill,    // GET /api/events: alerts raised before the console's snapshot
  scores,      // GET /api/scores
  complaints,  // GET /api/complaints
  sync,        // GET /healthz: the script waits until the screen shows the committed seq
};

struct HttpRequest {
  std::string method = "POST";
  std::string path;
  std::string body;   // JSON text; "" for none
  std::string label;  // what the person asked for, in words ("呼叫下一位")
  Purpose purpose = Purpose::command;
  std::string staff;   // the staff member concerned (refusal texts)
  std::string window;  // the window concerned (refusal texts)
  bool with_token = true;
  /// A read the console makes by itself does not count as the person's last action.
  bool read() const { return method == "GET"; }
};

// [SECTION] messages: what the person did

struct Login {
  std::string id, pin;
};
struct Logout {};
enum class WindowAction { call, recall, no_show, start };
struct AtWindow {
  WindowAction action;
};
struct Finish {
  std::string outcome;
  std::vector<std::string> missing;
  std::string reason;
};
struct Transfer {
  std::string service;
};
struct SignIn {
  std::string window;
};
struct OffPost {
  std::string reason, destination;
  int minutes = 0;
};
struct ReturnToPost {};
struct SignOut {};
/// from_window: cover from where I sit (R-AB-7); "" = go and sit there.
struct TakeOver {
  std::string window, from_window;
};
struct Ack {
  std::string alert, note;
};
struct DecideLeave {
  std::string leave;
  bool approve = false;
};
struct RequestLeave {
  std::string from, to, reason;
};
struct Assign {
  std::string window, staff, from_window;
};
struct SetWindowOpen {
  std::string window;
  bool open = false;
};
struct Inspect {
  std::string kind, staff, department, note;
};
struct DecideViolation {
  std::string id;
  bool confirm = false;
  std::string note;
};
struct VerifyComplaint {
  std::string id;
  bool verified = false;
};
struct ApproveCase {
  std::string id, note;
};
struct RefuseCase {
  std::string id, reason;
};
struct DeliverCase {
  std::string id, window;
};
struct ExtendCase {
  std::string id;
  int days = 0;
  std::string reason;
};
enum class Tab { staff, supervisor, cases };
struct ShowTab {
  Tab tab;
};
/// The supervisor's sub-tabs: 0 overview, 1 leave, 2 inspections, 3 complaints, 4 scores.
struct ShowSupervisorTab {
  int tab = 0;
};
struct OpenCase {
  std::string id;
};
struct OpenWindowTile {
  std::string window;
};
struct CloseWindowTile {};

// [SECTION] messages: what came back

/// An answer to a request the shell made for an effect.
struct Answered {
  HttpRequest request;
  unsigned status = 0;  // 0: no answer (connection failed)
  std::string code;     // error.code, "" when none
  std::optional<boost::json::value> json;
  std::string body;
  bool ok() const { return status >= 200 && status < 300; }
};
/// The mirror replaced its state wholesale (a snapshot): the events in between went unseen.
struct MirrorReplaced {
  std::int64_t seq = 0;
};
/// The mirror applied one event.
struct MirrorApplied {
  domain::Event event;
};
/// Once a frame, after the mirror's changes: polls and announcements that depend on the hour.
struct Tick {};

using Message = std::variant<Login, Logout, AtWindow, Finish, Transfer, SignIn, OffPost, ReturnToPost, SignOut, TakeOver, Ack,
                             DecideLeave, RequestLeave, Assign, SetWindowOpen, Inspect, DecideViolation, VerifyComplaint,
                             ApproveCase, RefuseCase, DeliverCase, ExtendCase, ShowTab, ShowSupervisorTab, OpenCase,
                             OpenWindowTile, CloseWindowTile, Answered, MirrorReplaced, MirrorApplied, Tick>;

// [SECTION] effects: what the shell does

struct Send {
  HttpRequest request;
};
/// A spoken announcement (with its chime).
struct Say {
  std::string text;
};
/// Logged in: send `token` with later requests and open the live link with it.
struct OpenLink {
  std::string token;
};
/// Logged out: drop the token and the link.
struct CloseLink {};
/// A form whose command went out (or the login that succeeded): clear its fields.
enum class Form { login, finish, transfer, off_post, leave, inspect, case_note, case_reason, extend };
struct FormDone {
  Form form;
};

using Effect = std::variant<Send, Say, OpenLink, CloseLink, FormDone>;
using Effects = std::vector<Effect>;

}  // namespace hallq::console
