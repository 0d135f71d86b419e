// Commands: what a caller asks the engine to do (imperative names), each with the acting principal.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/time.hpp"

namespace hallq::core {

struct IssueTicket {
  std::string service;
  std::string priority = "normal";  // "normal" | "green"
  std::string appointment;
  std::string previous;   // R-Q-8: the earlier incomplete-materials ticket
  std::string ticket_id;  // chosen by the shell (unguessable); the core stays deterministic
};
struct BookAppointment {
  std::string service;
  domain::Time slot = 0;
  std::string appointment_id;  // chosen by the shell
};
struct CallNext { std::string window; };
struct Recall { std::string window; };
struct MarkNoShow { std::string window; };
struct StartService { std::string window; };
struct FinishService {
  std::string window;
  std::string outcome = "done";
  std::vector<std::string> missing;
};
struct TransferTicket {
  std::string window;
  std::string service;
};
struct RequeueTicket { std::string ticket; };
struct RateTicket {
  std::string ticket;
  int level = 0;
};
struct OpenWindow { std::string window; };
struct CloseWindow { std::string window; };
struct ReportPresence {
  std::string window;
  bool present = true;
};
struct SignIn {
  std::string staff;
  std::string window;
};
struct TakeOver {
  std::string staff;
  std::string window;
};
struct GoOffPost {
  std::string staff;
  std::string reason;
  std::string destination;
  int expected_minutes = 0;
};
struct ReturnToPost { std::string staff; };
struct SignOut { std::string staff; };

using CommandBody = std::variant<IssueTicket, BookAppointment, CallNext, Recall, MarkNoShow, StartService,
                                 FinishService, TransferTicket, RequeueTicket, RateTicket, OpenWindow,
                                 CloseWindow, ReportPresence, SignIn, TakeOver, GoOffPost, ReturnToPost,
                                 SignOut>;

struct Command {
  std::string actor;  // staff or device id; authorization is the shell's job
  CommandBody body;
};

}  // namespace hallq::core
