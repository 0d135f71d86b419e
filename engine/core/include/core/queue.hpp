// The waiting tickets of one service, indexed so that positions and the call order cost
// O(log n) in the queue's length (R-Q-3).
#pragma once

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "domain/time.hpp"

namespace hallq::core {

using domain::Time;

/// Sort key of a waiting ticket: original issue time, then issue order (R-Q-3, R-Q-5).
struct QueueKey {
  Time issued_at = 0;
  std::int64_t issue_seq = 0;
  friend auto operator<=>(const QueueKey&, const QueueKey&) = default;
};

/// One service's queue. Every ticket is in `entries` (key order, key → ticket id) and in
/// exactly one class index:
/// - green: 绿色通道 tickets, always priority;
/// - plain: ordinary tickets without an appointment, never priority;
/// - appointments: the other booked tickets with their slot. Whether one is priority depends
///   on the time (R-Q-7), so they are counted at the moment asked. Only booked tickets that
///   checked in and still wait are here, a few per slot, so a scan of them stays short.
/// A second index holds the tickets without a wait_too_long alert, so the timer finds the
/// next one due without walking the alerted ones (R-SVC-2).
/// The class indexes are order-statistics trees: order_of_key(k) counts the keys below k.
class ServiceQueue {
 public:
  using Keys = __gnu_pbds::tree<QueueKey, __gnu_pbds::null_type, std::less<QueueKey>, __gnu_pbds::rb_tree_tag,
                                __gnu_pbds::tree_order_statistics_node_update>;
  using Entries = std::map<QueueKey, std::string>;
  enum class Class : std::uint8_t { green, plain, appointment };

  /// Adds a ticket; `slot` is its booked slot when cls is appointment.
  void insert(const QueueKey& key, const std::string& id, Class cls, Time slot, bool alerted) {
    if (!entries_.emplace(key, id).second) return;
    switch (cls) {
      case Class::green: green_.insert(key); break;
      case Class::plain: plain_.insert(key); break;
      case Class::appointment: appointments_.emplace(key, slot); break;
    }
    if (!alerted) unalerted_.insert(key);
  }
  void erase(const QueueKey& key) {
    if (entries_.erase(key) == 0) return;
    if (green_.erase(key) == 0 && plain_.erase(key) == 0) appointments_.erase(key);
    unalerted_.erase(key);
  }
  /// A wait_too_long alert was raised for (or left) the ticket at `key` (R-SVC-2).
  void set_alerted(const QueueKey& key, bool alerted) {
    if (!entries_.count(key)) return;
    if (alerted) unalerted_.erase(key);
    else
      unalerted_.insert(key);
  }

  Entries::const_iterator begin() const { return entries_.begin(); }
  Entries::const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::string* id_at(const QueueKey& key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }

  const Keys& green() const { return green_; }
  const Keys& plain() const { return plain_; }
  const std::map<QueueKey, Time>& appointments() const { return appointments_; }
  const std::set<QueueKey>& unalerted() const { return unalerted_; }

  friend bool operator==(const ServiceQueue& a, const ServiceQueue& b) {
    return a.entries_ == b.entries_ && a.appointments_ == b.appointments_ && a.unalerted_ == b.unalerted_ &&
           std::equal(a.green_.begin(), a.green_.end(), b.green_.begin(), b.green_.end()) &&
           std::equal(a.plain_.begin(), a.plain_.end(), b.plain_.begin(), b.plain_.end());
  }

 private:
  Entries entries_;
  Keys green_, plain_;
  std::map<QueueKey, Time> appointments_;
  std::set<QueueKey> unalerted_;
};

}  // namespace hallq::core
