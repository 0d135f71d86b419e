// The waiting tickets of one service, indexed so that positions and the call order cost
// O(log n) in the queue's length (R-Q-3).
#pragma once

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

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
///
/// The queue also keeps each waiting ticket's overtaking count (R-Q-3: how many priority
/// calls passed it). A priority call passes every older ordinary ticket, which may be most of
/// the queue, so for plain tickets it is not counted one by one: the call leaves a pass mark
/// at its own key, and a plain ticket's count is the count it came in with plus the marks
/// above its key since then (an offset against the marks present when it came in). The few
/// booked tickets are counted one by one, because whether one is passed depends on the time.
class ServiceQueue {
 public:
  using Keys = __gnu_pbds::tree<QueueKey, __gnu_pbds::null_type, std::less<QueueKey>, __gnu_pbds::rb_tree_tag,
                                __gnu_pbds::tree_order_statistics_node_update>;
  using Entries = std::map<QueueKey, std::string>;
  enum class Class : std::uint8_t { green, plain, appointment };

  /// Adds a ticket that has been overtaken `overtaken` times so far; `slot` is its booked slot
  /// when cls is appointment.
  void insert(const QueueKey& key, const std::string& id, Class cls, Time slot, bool alerted, int overtaken) {
    if (!entries_.emplace(key, id).second) return;
    switch (cls) {
      case Class::green: green_.insert(key); break;
      case Class::plain: plain_.insert(key); break;
      case Class::appointment: appointments_.emplace(key, slot); break;
    }
    if (!alerted) unalerted_.insert(key);
    counts_[key] = cls == Class::plain ? overtaken - marks_above(key) : overtaken;
  }
  /// Takes a ticket out; returns its overtaking count (0 for a key not here).
  int erase(const QueueKey& key) {
    if (entries_.erase(key) == 0) return 0;
    const int n = overtaken(key);
    if (green_.erase(key) == 0 && plain_.erase(key) == 0) appointments_.erase(key);
    unalerted_.erase(key);
    counts_.erase(key);
    if (plain_.empty()) marks_.clear();  // nobody's count refers to them any more
    return n;
  }
  /// How many priority calls passed the waiting ticket at `key` (R-Q-3).
  int overtaken(const QueueKey& key) const {
    const auto it = counts_.find(key);
    if (it == counts_.end()) return 0;
    return plain_.find(key) != plain_.end() ? it->second + marks_above(key) : it->second;
  }
  /// A priority ticket with key `caller` was called at a window serving this queue: every
  /// ordinary ticket older than it was passed once more (R-Q-3). `due(slot)` tells whether a
  /// booked ticket counts as priority now (R-Q-7); those are not passed.
  template <class Due>
  void pass(const QueueKey& caller, Due&& due) {
    if (!plain_.empty() && *plain_.begin() < caller) marks_.insert(Mark{caller, next_mark_++});
    for (const auto& [key, slot] : appointments_) {
      if (!(key < caller)) break;
      if (!due(slot)) ++counts_[key];
    }
  }
  /// The keys of the pass marks, for the snapshot; restore_marks() puts them back before the
  /// tickets are inserted.
  std::vector<QueueKey> marks() const {
    std::vector<QueueKey> out;
    for (const auto& m : marks_) out.push_back(m.key);
    return out;
  }
  void restore_marks(const std::vector<QueueKey>& keys) {
    for (const auto& k : keys) marks_.insert(Mark{k, next_mark_++});
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
           a.counts_ == b.counts_ && a.marks() == b.marks() &&
           std::equal(a.green_.begin(), a.green_.end(), b.green_.begin(), b.green_.end()) &&
           std::equal(a.plain_.begin(), a.plain_.end(), b.plain_.begin(), b.plain_.end());
  }

 private:
  // A pass mark; the serial tells apart two calls of the same key (a recalled priority ticket).
  struct Mark {
    QueueKey key;
    std::int64_t serial = 0;
    friend auto operator<=>(const Mark&, const Mark&) = default;
  };
  using Marks = __gnu_pbds::tree<Mark, __gnu_pbds::null_type, std::less<Mark>, __gnu_pbds::rb_tree_tag,
                                 __gnu_pbds::tree_order_statistics_node_update>;
  int marks_above(const QueueKey& key) const {
    const auto at_or_below = marks_.order_of_key(Mark{key, std::numeric_limits<std::int64_t>::max()});
    return static_cast<int>(marks_.size() - at_or_below);
  }

  Entries entries_;
  Keys green_, plain_;
  std::map<QueueKey, Time> appointments_;
  std::set<QueueKey> unalerted_;
  std::map<QueueKey, int> counts_;  // plain: the offset against marks_above; others: the count itself
  Marks marks_;
  std::int64_t next_mark_ = 0;
};

}  // namespace hallq::core
