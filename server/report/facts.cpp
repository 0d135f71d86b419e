// Histograms and tallies: merging, percentiles, and their compact database form.
#include "report/facts.hpp"

#include <cmath>

namespace hallq::report {

namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

void put_int(std::string& out, std::int64_t v) { put_varint(out, static_cast<std::uint64_t>(v < 0 ? 0 : v)); }

bool get_int(std::string_view& in, std::int64_t& v) {
  std::uint64_t u = 0;
  if (!get_varint(in, u)) return false;
  v = static_cast<std::int64_t>(u);
  return true;
}

void put_hist(std::string& out, const Histogram& h) {
  std::uint64_t used = 0;
  for (const auto n : h.counts) used += n != 0;
  put_varint(out, used);
  int prev = 0;
  for (std::size_t b = 0; b < h.counts.size(); ++b) {
    if (h.counts[b] == 0) continue;
    put_varint(out, static_cast<std::uint64_t>(static_cast<int>(b) - prev));
    put_int(out, h.counts[b]);
    prev = static_cast<int>(b);
  }
}

bool get_hist(std::string_view& in, Histogram& h) {
  std::uint64_t size = 0;
  if (!get_varint(in, size)) return false;
  int b = 0;
  for (std::uint64_t i = 0; i < size; ++i) {
    std::uint64_t delta = 0;
    std::int64_t n = 0;
    if (!get_varint(in, delta) || !get_int(in, n)) return false;
    b += static_cast<int>(delta);
    if (b >= Histogram::buckets) return false;
    if (h.counts.size() <= static_cast<std::size_t>(b)) h.counts.resize(static_cast<std::size_t>(b) + 1);
    h.counts[static_cast<std::size_t>(b)] += n;
  }
  return true;
}

constexpr std::uint64_t tally_format = 1;

}  // namespace

int Histogram::bucket_of(std::int64_t s) noexcept {
  if (s < 0) s = 0;
  if (s < fine_limit) return static_cast<int>(s / fine_width);
  if (s < coarse_limit) return static_cast<int>(fine_limit / fine_width + (s - fine_limit) / coarse_width);
  return buckets - 1;
}

std::int64_t Histogram::lower_bound_of(int b) noexcept {
  const int fine = static_cast<int>(fine_limit / fine_width);
  if (b < fine) return b * fine_width;
  if (b < buckets - 1) return fine_limit + (b - fine) * coarse_width;
  return coarse_limit;
}

void Histogram::add(std::int64_t seconds, std::int64_t n) {
  const auto b = static_cast<std::size_t>(bucket_of(seconds));
  if (counts.size() <= b) counts.resize(b + 1);
  counts[b] += n;
}

void Histogram::merge(const Histogram& o) {
  if (counts.size() < o.counts.size()) counts.resize(o.counts.size());
  for (std::size_t b = 0; b < o.counts.size(); ++b) counts[b] += o.counts[b];
}

std::int64_t Histogram::total() const noexcept {
  std::int64_t n = 0;
  for (const auto c : counts) n += c;
  return n;
}

std::optional<std::int64_t> Histogram::percentile(double q) const {
  const std::int64_t n = total();
  if (n == 0) return std::nullopt;
  auto rank = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(n)));
  if (rank < 1) rank = 1;
  std::int64_t seen = 0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    seen += counts[b];
    if (seen >= rank) return lower_bound_of(static_cast<int>(b));
  }
  return lower_bound_of(static_cast<int>(counts.size()) - 1);
}

std::string Histogram::encode() const {
  std::string out;
  put_hist(out, *this);
  return out;
}

Histogram Histogram::decode(std::string_view blob) {
  Histogram h;
  if (!get_hist(blob, h)) return Histogram{};
  return h;
}

std::int64_t Tally::rated() const noexcept {
  std::int64_t n = 0;
  for (auto c : ratings) n += c;
  return n;
}

void Tally::merge(const Tally& o) {
  issued += o.issued;
  finished += o.finished;
  done += o.done;
  incomplete += o.incomplete;
  no_show += o.no_show;
  cancelled += o.cancelled;
  transferred += o.transferred;
  open += o.open;
  wait_n += o.wait_n;
  wait_sum += o.wait_sum;
  service_n += o.service_n;
  service_sum += o.service_sum;
  wait.merge(o.wait);
  service.merge(o.service);
  for (std::size_t i = 0; i < ratings.size(); ++i) ratings[i] += o.ratings[i];
}

std::string Tally::encode() const {
  std::string out;
  put_varint(out, tally_format);
  for (const std::int64_t v :
       {issued, finished, done, incomplete, no_show, cancelled, transferred, open, wait_n, wait_sum, service_n, service_sum})
    put_int(out, v);
  for (const auto c : ratings) put_int(out, c);
  put_hist(out, wait);
  put_hist(out, service);
  return out;
}

std::optional<Tally> Tally::decode(std::string_view in) {
  std::uint64_t format = 0;
  if (!get_varint(in, format) || format != tally_format) return std::nullopt;
  Tally t;
  for (std::int64_t* v : {&t.issued, &t.finished, &t.done, &t.incomplete, &t.no_show, &t.cancelled, &t.transferred, &t.open,
                          &t.wait_n, &t.wait_sum, &t.service_n, &t.service_sum})
    if (!get_int(in, *v)) return std::nullopt;
  for (auto& c : t.ratings)
    if (!get_int(in, c)) return std::nullopt;
  if (!get_hist(in, t.wait) || !get_hist(in, t.service)) return std::nullopt;
  return t;
}

void add_ticket(Tally& t, const TicketFact& f) {
  ++t.issued;
  if (f.transfers > 0) ++t.transferred;
  if (f.called_at != 0 && f.called_at >= f.issued_at) {
    ++t.wait_n;
    t.wait_sum += f.called_at - f.issued_at;
    t.wait.add(f.called_at - f.issued_at);
  }
  switch (f.status) {
    case TicketStatus::open: ++t.open; break;
    case TicketStatus::no_show: ++t.no_show; break;
    case TicketStatus::cancelled: ++t.cancelled; break;
    case TicketStatus::finished: {
      ++t.finished;
      if (f.outcome == "incomplete_materials") ++t.incomplete;
      else
        ++t.done;
      const std::int64_t began = f.started_at != 0 ? f.started_at : f.called_at;
      if (began != 0 && f.closed_at >= began) {
        ++t.service_n;
        t.service_sum += f.closed_at - began;
        t.service.add(f.closed_at - began);
      }
      break;
    }
  }
  if (f.rating >= 1 && f.rating <= 5) ++t.ratings[static_cast<std::size_t>(f.rating - 1)];
}

std::optional<double> CaseFigures::average_working_days() const {
  if (decided_n == 0) return std::nullopt;
  return static_cast<double>(decided_working_days) / static_cast<double>(decided_n);
}

bool CaseFigures::any() const noexcept { return *this != CaseFigures{}; }

void CaseFigures::merge(const CaseFigures& o) {
  accepted += o.accepted;
  approved += o.approved;
  refused += o.refused;
  completed_on_time += o.completed_on_time;
  overdue += o.overdue;
  extended += o.extended;
  delivered += o.delivered;
  decided_n += o.decided_n;
  decided_working_days += o.decided_working_days;
  notices += o.notices;
  notices_delivered += o.notices_delivered;
  notices_delivered_in_time += o.notices_delivered_in_time;
  rejected += o.rejected;
}

const char* to_string(ViolationStatus s) noexcept {
  switch (s) {
    case ViolationStatus::proposed: return "proposed";
    case ViolationStatus::confirmed: return "confirmed";
    case ViolationStatus::dismissed: return "dismissed";
  }
  return "proposed";
}

}  // namespace hallq::report
