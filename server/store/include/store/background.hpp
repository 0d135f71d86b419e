// Background priority for the server's helper threads (reader, snapshot): on a busy core the
// io thread, which answers commands, goes first.
#pragma once

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace hallq::store {

/// Lowers the calling thread's priority: SCHED_IDLE when `idle` (it runs only on time nobody
/// else wants), else, or where that is refused, the per-thread nice value `nice` (Linux). If
/// neither can be set the thread simply keeps its normal priority.
inline void make_background_thread(int nice, bool idle) {
  sched_param none{};
  if (idle && ::sched_setscheduler(0, SCHED_IDLE, &none) == 0) return;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice);
}

}  // namespace hallq::store
