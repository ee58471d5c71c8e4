// SPDX-License-Identifier: MIT
// The worker's reader thread: stdout frames -> responses, stderr -> log lines, child exit ->
// every in-flight request fails. It reaps the child before it ends, so a worker never leaves a
// zombie behind.
#include <pmat/bridge/worker.hpp>

#include <cerrno>
#include <csignal>

#include <poll.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <pmat/bridge/message.hpp>

#include "worker_pending.hpp"

namespace pmat::bridge {
namespace json = boost::json;

namespace {
// After the child is gone, how long to keep reading a stderr that a grandchild may hold open.
constexpr std::uint64_t k_stderr_drain_ns = 300 * k_ns_per_ms;
// stdout closed but the child still runs: it cannot answer any more, so it is killed after this.
constexpr std::uint64_t k_linger_ns = 200 * k_ns_per_ms;
constexpr int k_no_pidfd_poll_ms = 20;

LogLevel level_from(std::string_view name) {
   if (name == "trace")
      return LogLevel::trace;
   if (name == "debug")
      return LogLevel::debug;
   if (name == "warn" || name == "warning")
      return LogLevel::warn;
   if (name == "error")
      return LogLevel::error;
   return LogLevel::info;
}
} // namespace

void Worker::reader_loop() noexcept {
   try {
      while (poll_once()) {
      }
   } catch (const std::exception &e) {
      stream_error_ = make_error(PMAT_STATUS_INTERNAL, std::string("reader failed: ") + e.what());
      signal_child(SIGKILL);
      while (!child_.try_reap())
         ::usleep(1000);
      reaped_ = true;
   }
   finish_reader();
}

int Worker::poll_timeout_ms() const {
   const std::uint64_t now = clock_->now_ns();
   std::uint64_t until = 0;
   for (std::uint64_t t : {drain_deadline_ns_, kill_at_ns_})
      if (t != 0 && (until == 0 || t < until))
         until = t;
   int timeout = child_.exit_fd() < 0 ? k_no_pidfd_poll_ms : -1;
   if (until != 0) {
      const int ms =
          until > now ? static_cast<int>((until - now + k_ns_per_ms - 1) / k_ns_per_ms) : 0;
      timeout = timeout < 0 ? ms : std::min(timeout, ms);
   }
   return timeout;
}

// One poll round. Returns false when the reader is finished.
bool Worker::poll_once() {
   pollfd fds[4];
   nfds_t n = 0;
   const auto add = [&](int fd) { fds[n++] = pollfd{fd, POLLIN, 0}; };
   add(wake_fd_);
   if (stdout_open_)
      add(child_.stdout_fd());
   if (stderr_open_)
      add(child_.stderr_fd());
   if (!reaped_ && child_.exit_fd() >= 0)
      add(child_.exit_fd());
   if (::poll(fds, n, poll_timeout_ms()) < 0 && errno != EINTR)
      throw std::runtime_error("poll failed");
   for (nfds_t i = 0; i < n; ++i)
      if (fds[i].revents != 0)
         on_readable(fds[i].fd);
   after_events();
   return !reader_should_exit();
}

// Handles one descriptor poll reported ready; the exit pidfd needs nothing (after_events reaps).
void Worker::on_readable(int fd) {
   if (fd == wake_fd_) {
      std::uint64_t drained = 0;
      [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &drained, sizeof drained);
   } else if (fd == child_.stdout_fd()) {
      read_stdout();
   } else if (fd == child_.stderr_fd()) {
      read_stderr();
   }
}

// Reads what stdout has now. Returns false once stdout is closed (EOF or a fatal stream error).
bool Worker::read_stdout() {
   for (int round = 0; round < 16 && stdout_open_; ++round) {
      const ssize_t n = ::read(child_.stdout_fd(), read_buffer_.data(), read_buffer_.size());
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0 && errno == EAGAIN)
         return true;
      if (n <= 0) {
         on_stdout_eof();
         return false;
      }
      decode_chunk(std::size_t(n));
   }
   return stdout_open_;
}

// Decodes the first `size` bytes of read_buffer_ and dispatches the complete frames in them.
void Worker::decode_chunk(std::size_t size) {
   decoder_.set_max_payload(decode_limit_.load(std::memory_order_relaxed));
   frames_.clear();
   const Status s = decoder_.feed(std::string_view(read_buffer_.data(), size), frames_);
   for (Frame &frame : frames_)
      if (stdout_open_)
         dispatch(frame);
   if (!s.ok())
      fail_stream(s);
}

// EOF inside a frame is PipeBrokenPipe; a child that closed stdout but lingers is killed soon.
void Worker::on_stdout_eof() {
   stdout_open_ = false;
   if (Status eof = decoder_.finish(); !eof.ok() && stream_error_.ok())
      stream_error_ = eof;
   kill_at_ns_ = clock_->now_ns() + k_linger_ns;
}

void Worker::read_stderr() {
   for (int round = 0; round < 16; ++round) {
      const ssize_t n = ::read(child_.stderr_fd(), read_buffer_.data(), read_buffer_.size());
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0 && errno == EAGAIN)
         return;
      if (n <= 0) {
         stderr_open_ = false;
         std::lock_guard lock(mutex_);
         stderr_lines_.flush();
         return;
      }
      std::lock_guard lock(mutex_);
      stderr_lines_.feed(std::string_view(read_buffer_.data(), std::size_t(n)));
   }
}

// The stream is unusable: stop reading it, and kill the child now rather than wait for it.
void Worker::fail_stream(Status status) {
   log(LogLevel::error,
       "worker pid " + std::to_string(pid_) + " broke the protocol: " + describe(status));
   if (stream_error_.ok())
      stream_error_ = std::move(status);
   stdout_open_ = false;
   signal_child(SIGKILL);
}

void Worker::dispatch(Frame &frame) {
   auto message = parse_message(frame.payload);
   if (!message) {
      fail_stream(message.status());
      return;
   }
   if (const auto id = message_id(message.value()))
      deliver(*id, message.value());
   else if (message.value().contains("event"))
      on_notification(message.value());
   else
      log(LogLevel::warn, "worker pid " + std::to_string(pid_) +
                              " sent a message with neither id nor event: " +
                              json::serialize(message.value()).substr(0, 200));
}

void Worker::deliver(std::uint64_t id, json::object &message) {
   std::unique_lock lock(mutex_);
   if (auto it = pending_.find(id); it != pending_.end()) {
      std::shared_ptr<Pending> pending = std::move(it->second);
      pending_.erase(it);
      pending->result = interpret_response(message);
      pending->done = true;
      pending->cv.notify_one();
      return;
   }
   if (auto it = std::find(abandoned_.begin(), abandoned_.end(), id); it != abandoned_.end()) {
      abandoned_.erase(it);
      lock.unlock();
      log(LogLevel::debug, "late answer for abandoned request " + std::to_string(id) + " dropped");
      return;
   }
   lock.unlock();
   log(LogLevel::warn, "worker pid " + std::to_string(pid_) + " answered unknown request id " +
                           std::to_string(id) + "; dropped");
}

void Worker::on_notification(const json::object &message) {
   const json::value &event = message.at("event");
   if (event.is_string() && event.as_string() == "log") {
      const json::value *level = message.if_contains("level");
      const json::value *text = message.if_contains("message");
      log(level_from(level && level->is_string() ? std::string_view(level->as_string()) : ""),
          "bridge[" + std::to_string(pid_) + "] " +
              (text && text->is_string() ? std::string(text->as_string()) : std::string()));
      return;
   }
   if (hooks_.on_event)
      hooks_.on_event(message);
}

void Worker::after_events() {
   if (!reaped_) {
      std::lock_guard lock(mutex_);
      reaped_ = child_.try_reap();
   }
   const std::uint64_t now = clock_->now_ns();
   if (!reaped_ && kill_at_ns_ != 0 && now >= kill_at_ns_) {
      signal_child(SIGKILL);
      kill_at_ns_ = 0;
   }
   if (reaped_ && drain_deadline_ns_ == 0)
      drain_deadline_ns_ = now + k_stderr_drain_ns;
}

bool Worker::reader_should_exit() {
   if (!reaped_)
      return false;
   const bool drained = !stdout_open_ && !stderr_open_;
   // Stopping skips the stderr drain, never unread stdout: answers written just before the exit
   // still reach their callers.
   const bool stop_now = stopping_.load() && !stdout_open_;
   return drained || stop_now || clock_->now_ns() >= drain_deadline_ns_;
}

void Worker::finish_reader() {
   std::string reason;
   {
      std::lock_guard lock(mutex_);
      stderr_lines_.flush();
      reason = "worker pid " + std::to_string(pid_) + " " + child_.exit_description();
      const std::string tail = stderr_lines_.tail();
      if (!tail.empty())
         reason += "; last stderr: " + tail;
   }
   const int code = stream_error_.ok() ? PMAT_STATUS_WORKER_CRASHED : stream_error_.code;
   if (!stream_error_.ok())
      reason = stream_error_.message + " (" + reason + ")";
   if (!stopping_.load())
      log(LogLevel::warn, "bridge worker died: " + reason);
   std::unordered_map<std::uint64_t, std::shared_ptr<Pending>> orphans;
   {
      std::lock_guard lock(mutex_);
      alive_.store(false);
      exit_reason_ = reason;
      orphans.swap(pending_);
      for (auto &[id, pending] : orphans) {
         pending->result = make_error(code, reason);
         pending->done = true;
         pending->cv.notify_one();
      }
      reader_done_ = true;
   }
   exited_cv_.notify_all();
   if (hooks_.on_exit)
      hooks_.on_exit();
}

} // namespace pmat::bridge
