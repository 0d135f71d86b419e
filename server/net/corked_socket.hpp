// The layer under each fan-out session's websocket::stream (private to hub.cpp): a TCP socket
// that
// - first hands out the bytes the HTTP parser had already read past the upgrade request (a
//   client may send its first frame right behind the request), and
// - can be corked: Beast writes one message per async_write, so while corked the frames it
//   writes are only collected, and uncork() sends them in gathered socket writes — a round of
//   events leaves in one write per subscriber, not one per message.
// Every write Beast makes completes at once; the bytes leave in order, one gathered write at a
// time: written at once while the socket has room (it is non-blocking), and by an Asio write
// only once it is full, so that a round costs each subscriber one system call, not an operation
// and its completion. The hub adds the frames of per-event rounds itself (send_frames): one
// buffer per round shared by every subscriber, since a Beast write per event per subscriber
// costs too much. Payload bytes inside the held message are sent in place (they are shared by
// every subscriber); Beast's frame headers and control frames, and small payloads, are copied.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hallq::server {

class CorkedSocket {
 public:
  using tcp = boost::asio::ip::tcp;
  using error_code = boost::system::error_code;
  using executor_type = tcp::socket::executor_type;
  using Bytes = std::shared_ptr<const std::string>;
  /// After each gathered write: its error, the bytes it took, and whether nothing is left unsent.
  using Progress = std::function<void(error_code ec, std::size_t bytes, bool drained)>;

  CorkedSocket(tcp::socket socket, std::string already_read) : socket_(std::move(socket)), prefix_(std::move(already_read)) {
    error_code ignored;
    socket_.non_blocking(true, ignored);  // flush() writes what the socket takes now, never waits
  }

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  tcp::socket& next_layer() noexcept { return socket_; }
  tcp::socket& socket() noexcept { return socket_; }

  /// `owner` keeps this layer alive while a socket operation it started is pending; `progress`
  /// hears of every gathered write.
  void observe(std::weak_ptr<void> owner, Progress progress) {
    owner_ = std::move(owner);
    progress_ = std::move(progress);
  }

  void cork() noexcept { corked_ = true; }
  void uncork() {
    corked_ = false;
    flush();
  }
  /// The payload of the messages written next: buffers inside it are sent in place, kept alive
  /// by this pointer until sent.
  void hold(Bytes payload) { held_ = std::move(payload); }
  /// Appends whole frames built by the caller (server to client, one shared buffer for a
  /// round). Only between Beast's messages: never while a write of Beast's is under way.
  void send_frames(Bytes frames) {
    if (failed_) return;
    next_.pieces.push_back(Piece{frames, frames->data(), 0, frames->size()});
    flush();
  }
  /// A gathered write is under way, or collected bytes are waiting for one.
  bool busy() const noexcept { return writing_ || !next_.pieces.empty(); }

  template <class MutableBuffers, class Handler>
  void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    if (prefix_.empty()) return socket_.async_read_some(buffers, std::forward<Handler>(handler));
    const std::size_t n = boost::asio::buffer_copy(buffers, boost::asio::buffer(prefix_));
    prefix_.erase(0, n);
    boost::asio::post(socket_.get_executor(), boost::beast::bind_front_handler(std::forward<Handler>(handler), error_code{}, n));
  }

  template <class ConstBuffers, class Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    std::size_t n = 0;
    if (!failed_) {
      for (const auto b : boost::beast::buffers_range_ref(buffers)) n += collect(b);
      flush();
    }
    boost::asio::post(socket_.get_executor(), boost::beast::bind_front_handler(std::forward<Handler>(handler), failed_, n));
  }

  /// Runs `then` once every collected byte is out (or the socket failed): Beast's teardown
  /// must not shut the socket down under frames it believes sent.
  /// Uncorks: a write of ours that waits behind Beast's close would otherwise wait for ever.
  void after_flush(std::function<void()> then) {
    corked_ = false;
    if (!busy()) return then();
    after_flush_ = std::move(then);
    flush();
  }

 private:
  // A run of bytes to send: in place in `keep`, or at `offset` of the batch's copied bytes.
  struct Piece {
    Bytes keep;
    const char* data = nullptr;
    std::size_t offset = 0;
    std::size_t size = 0;
  };
  struct Batch {
    std::vector<Piece> pieces;
    std::string copied;
    void clear() {
      pieces.clear();
      copied.clear();
    }
  };

  // Small buffers cost less to copy than to send as an iovec of their own.
  static constexpr std::size_t kInPlace = 512;

  std::size_t collect(boost::asio::const_buffer b) {
    const auto* p = static_cast<const char*>(b.data());
    const bool inside = held_ && p >= held_->data() && p + b.size() <= held_->data() + held_->size();
    if (inside && b.size() >= kInPlace) {
      next_.pieces.push_back(Piece{held_, p, 0, b.size()});
    } else if (!next_.pieces.empty() && !next_.pieces.back().keep) {
      next_.pieces.back().size += b.size();  // extends the copied run before it
      next_.copied.append(p, b.size());
    } else {
      next_.pieces.push_back(Piece{nullptr, nullptr, next_.copied.size(), b.size()});
      next_.copied.append(p, b.size());
    }
    return b.size();
  }

  // Sends what was collected: as much as the socket takes at once, written in place (a
  // non-blocking gathered write, no operation queued: this runs once per subscriber per round),
  // then — only when the socket is full — an async write for the rest. A flush started from
  // inside a progress callback leaves the work to the flush already running.
  void flush() {
    if (in_flush_ || writing_) return;
    const auto keep = owner_.lock();  // a progress callback may close the owner and let it go
    in_flush_ = true;
    while (!corked_ && !failed_ && !next_.pieces.empty()) {
      start_batch();
      std::size_t sent = 0;
      while (at_ < iov_.size()) {
        error_code ec;
        const std::size_t n = socket_.write_some(std::span<const boost::asio::const_buffer>(iov_).subspan(at_), ec);
        if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) break;
        if (ec) {
          failed_ = ec;
          break;
        }
        sent += n;
        advance(n);
      }
      if (!failed_ && at_ < iov_.size()) {
        // The socket is full: Asio waits for room and writes the rest.
        writing_ = true;
        if (sent && progress_) progress_({}, sent, false);
        write_some();
        break;
      }
      out_.clear();
      const bool drained = failed_ || next_.pieces.empty();
      if (progress_) progress_(failed_, sent, drained);  // may collect more, or cork again
    }
    in_flush_ = false;
    if (!writing_) finished();
  }

  void start_batch() {
    std::swap(out_, next_);
    next_.clear();
    iov_.clear();
    for (const auto& piece : out_.pieces)
      iov_.emplace_back(piece.keep ? piece.data : out_.copied.data() + piece.offset, piece.size);
    at_ = 0;
  }

  // Moves past `n` bytes written from iov_[at_...].
  void advance(std::size_t n) {
    while (n > 0 && at_ < iov_.size()) {
      auto& b = iov_[at_];
      if (n < b.size()) {
        b += n;
        return;
      }
      n -= b.size();
      ++at_;
    }
  }

  void write_some() {
    // Asio gathers at most 64 buffers per call; the rest go in the next.
    socket_.async_write_some(std::span<const boost::asio::const_buffer>(iov_).subspan(at_),
                             [this, keep = owner_.lock()](error_code ec, std::size_t n) { on_written(ec, n); });
  }

  void on_written(error_code ec, const std::size_t sent) {
    if (ec) failed_ = ec;
    if (!ec) advance(sent);
    const bool done = ec || at_ == iov_.size();
    if (!done) {
      if (progress_) progress_(ec, sent, false);
      return write_some();
    }
    writing_ = false;
    out_.clear();
    const bool drained = failed_ || next_.pieces.empty();
    if (progress_) progress_(ec, sent, drained);
    if (!corked_ || failed_) flush();
    if (!writing_ && !in_flush_) finished();
  }

  void finished() {
    if (busy() && !failed_) return;
    if (auto then = std::exchange(after_flush_, nullptr)) then();
  }

  tcp::socket socket_;
  std::string prefix_;
  std::weak_ptr<void> owner_;
  Progress progress_;
  Bytes held_;
  bool corked_ = false;
  bool writing_ = false;   // an async write is under way (the socket was full)
  bool in_flush_ = false;  // flush() is running (a progress callback may re-enter)
  error_code failed_;
  Batch next_, out_;
  std::vector<boost::asio::const_buffer> iov_;
  std::size_t at_ = 0;
  std::function<void()> after_flush_;
};

// The websocket::stream's teardown (found by argument-dependent lookup): the TCP teardown once
// the collected frames are out — shut down sending, read until the peer's end, close — so that
// a close frame is never lost to a reset.
inline void teardown(boost::beast::role_type role, CorkedSocket& s, boost::system::error_code& ec) {
  s.socket().non_blocking(false, ec);  // the synchronous teardown waits for the peer
  if (!ec) boost::beast::websocket::teardown(role, s.socket(), ec);
}

template <class Handler>
void async_teardown(boost::beast::role_type role, CorkedSocket& s, Handler&& handler) {
  auto h = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(handler));
  s.after_flush([role, &s, h] { boost::beast::websocket::async_teardown(role, s.socket(), std::move(*h)); });
}

}  // namespace hallq::server
