// SPDX-License-Identifier: MIT
// Worker: start-up, handshake, calls and shutdown. The reader thread is in worker_reader.cpp.
#include <pmat/bridge/worker.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <pmat/bridge/message.hpp>

#include "worker_pending.hpp"

namespace pmat::bridge {
namespace json = boost::json;

namespace {

constexpr std::size_t k_max_abandoned = 1024;
constexpr std::uint64_t k_wait_slice_ns = 100 * k_ns_per_ms;
constexpr std::uint64_t k_cancel_write_ns = 100 * k_ns_per_ms;
constexpr std::uint64_t k_term_grace_ns = 500 * k_ns_per_ms;

std::uint64_t to_ms_ceil(std::uint64_t ns) {
   return (ns + k_ns_per_ms - 1) / k_ns_per_ms;
}

int poll_ms(std::uint64_t remaining_ns) {
   return static_cast<int>(to_ms_ceil(std::min(remaining_ns, k_wait_slice_ns)));
}

Status send_some(int fd, std::string_view &rest) {
   const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
   if (n > 0) {
      rest.remove_prefix(static_cast<std::size_t>(n));
      return Status::success();
   }
   if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return Status::success();
   return make_error(PMAT_STATUS_PIPE_BROKEN,
                     std::string("writing to the worker failed: ") + std::strerror(errno));
}

json::object handshake_params(const WorkerOptions &options) {
   json::object params;
   params["protocol_version"] = k_protocol_version;
   params["max_frame_bytes"] = options.max_frame_bytes;
   params["client"] = options.client;
   return params;
}

std::string string_at(const json::object &o, std::string_view key) {
   const json::value *v = o.if_contains(key);
   return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The member `key` of `o` when it is a number; null otherwise or when `o` is null.
const json::value *number_at(const json::object *o, std::string_view key) {
   const json::value *v = o != nullptr ? o->if_contains(key) : nullptr;
   return v != nullptr && v->is_number() ? v : nullptr;
}

// The strings of the array member `key` (other elements ignored); empty when it is no array.
std::vector<std::string> strings_at(const json::object &o, std::string_view key) {
   std::vector<std::string> out;
   const json::value *v = o.if_contains(key);
   if (v == nullptr || !v->is_array())
      return out;
   for (const json::value &c : v->as_array())
      if (c.is_string())
         out.emplace_back(c.as_string());
   return out;
}

// The handshake answer: protocol_version must be 1; max_frame_bytes is the min of both sides.
Status parse_handshake(const json::value &answer, std::uint32_t ours, HandshakeInfo &info) {
   const json::object *body = answer.if_object();
   const json::value *version = number_at(body, "protocol_version");
   const json::value *max = number_at(body, "max_frame_bytes");
   if (version == nullptr || max == nullptr ||
       version->to_number<std::int64_t>() != k_protocol_version)
      return make_error(PMAT_STATUS_FRAMING_ERROR,
                        "handshake answer lacks protocol_version 1 or max_frame_bytes: " +
                            json::serialize(answer));
   info.protocol_version = version->to_number<std::int64_t>();
   info.max_frame_bytes =
       static_cast<std::uint32_t>(std::min<std::uint64_t>(max->to_number<std::uint64_t>(), ours));
   info.bridge_version = string_at(*body, "bridge_version");
   info.sdk_version = string_at(*body, "sdk_version");
   info.capabilities = strings_at(*body, "capabilities");
   return Status::success();
}

// node <script> <args>, behind the launcher prefix when there is one.
SpawnSpec spawn_spec(const WorkerOptions &options) {
   std::vector<std::string> command = options.launcher;
   command.push_back(options.node);
   command.push_back(options.script);
   command.insert(command.end(), options.args.begin(), options.args.end());
   std::string program = std::move(command.front());
   command.erase(command.begin());
   return SpawnSpec{std::move(program), std::move(command), options.env,
                    options.launcher_report && !options.launcher.empty()};
}

} // namespace

Worker::Worker(WorkerOptions options, WorkerHooks hooks, ChildProcess child)
    : options_(std::move(options)), hooks_(std::move(hooks)),
      clock_(hooks_.clock != nullptr ? hooks_.clock : &SteadyClock::instance()),
      child_(std::move(child)), pid_(child_.pid()), decoder_(k_pre_handshake_max_payload),
      stderr_lines_([this](std::string_view line) {
         log(LogLevel::info, "bridge[" + std::to_string(pid_) + "] " + std::string(line));
      }),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
   read_buffer_.resize(64 * 1024);
}

Result<std::unique_ptr<Worker>> Worker::start(const WorkerOptions &options, WorkerHooks hooks) {
   const Clock *clock = hooks.clock != nullptr ? hooks.clock : &SteadyClock::instance();
   const std::uint64_t started = clock->now_ns();
   auto child = ChildProcess::spawn(spawn_spec(options));
   if (!child)
      return child.status();
   std::unique_ptr<Worker> worker(new Worker(options, std::move(hooks), std::move(child.value())));
   if (worker->wake_fd_ < 0)
      return make_error(PMAT_STATUS_INTERNAL, "eventfd failed");
   worker->reader_ = std::thread([w = worker.get()] { w->reader_loop(); });
   const Status handshake = worker->do_handshake(started);
   worker->take_launcher_report();
   if (Status s = handshake; !s.ok()) {
      worker->stop();
      return s;
   }
   return worker;
}

Worker::~Worker() {
   stop();
   if (wake_fd_ >= 0)
      ::close(wake_fd_);
}

Status Worker::do_handshake(std::uint64_t started_ns) {
   const std::uint64_t limit = options_.init_timeout_ns;
   auto answer = call("handshake", handshake_params(options_), limit);
   const std::uint64_t took = clock_->now_ns() - started_ns;
   if (answer.code() == PMAT_STATUS_INITIALIZATION_TIMEOUT || (answer.ok() && took > limit))
      return make_error(PMAT_STATUS_INITIALIZATION_TIMEOUT,
                        "Bridge initialization took " + std::to_string(took / k_ns_per_ms) +
                            "ms, exceeds limit of " + std::to_string(limit / k_ns_per_ms) + "ms",
                        Failure::bridge_error);
   if (!answer)
      return answer.status();
   if (Status s = parse_handshake(answer.value(), options_.max_frame_bytes, handshake_); !s.ok())
      return s;
   handshake_.elapsed_ns = took;
   decode_limit_.store(handshake_.max_frame_bytes);
   std::lock_guard lock(write_mutex_);
   out_limit_ = handshake_.max_frame_bytes;
   return Status::success();
}

Result<json::value> Worker::call(std::string_view method, const json::object &params,
                                 std::uint64_t timeout_ns) {
   const std::uint64_t started = clock_->now_ns();
   const std::uint64_t deadline = started + timeout_ns;
   auto pending = std::make_shared<Pending>();
   std::uint64_t id = 0;
   {
      std::lock_guard lock(mutex_);
      if (!alive_.load())
         return make_error(PMAT_STATUS_WORKER_CRASHED, "worker is not running: " + exit_reason_);
      id = next_id_++;
      pending_.emplace(id, pending);
   }
   const std::string payload = serialize_request(id, method, params, to_ms_ceil(timeout_ns));
   if (Status w = write_frame(payload, deadline); !w.ok()) {
      std::lock_guard lock(mutex_);
      pending_.erase(id);
      return w;
   }
   return wait_for(pending, id, method, started, deadline);
}

Status Worker::write_frame(std::string_view payload, std::uint64_t deadline_ns) {
   std::lock_guard lock(write_mutex_);
   out_buffer_.clear();
   if (Status s = append_frame(out_buffer_, out_sequence_, payload, out_limit_); !s.ok())
      return s;
   std::string_view rest(out_buffer_);
   while (!rest.empty()) {
      const bool started = rest.size() < out_buffer_.size();
      if (Status s = send_some(child_.stdin_fd(), rest); !s.ok())
         return s;
      if (rest.empty())
         break;
      const std::uint64_t now = clock_->now_ns();
      if (now >= deadline_ns) {
         if (started) // half a frame is on the wire: this stream is finished
            signal_child(SIGKILL);
         return make_error(PMAT_STATUS_INITIALIZATION_TIMEOUT,
                           "deadline expired while writing a request to the worker");
      }
      pollfd pfd{child_.stdin_fd(), POLLOUT, 0};
      ::poll(&pfd, 1, poll_ms(deadline_ns - now));
   }
   ++out_sequence_;
   return Status::success();
}

Result<json::value> Worker::wait_for(const std::shared_ptr<Pending> &pending, std::uint64_t id,
                                     std::string_view method, std::uint64_t started_ns,
                                     std::uint64_t deadline_ns) {
   std::unique_lock lock(mutex_);
   while (!pending->done) {
      const std::uint64_t now = clock_->now_ns();
      if (now >= deadline_ns) {
         pending_.erase(id);
         remember_abandoned_locked(id);
         lock.unlock();
         return expire(id, method, started_ns);
      }
      pending->cv.wait_for(lock,
                           std::chrono::nanoseconds(std::min(deadline_ns - now, k_wait_slice_ns)));
   }
   completed_.fetch_add(1, std::memory_order_relaxed);
   return std::move(pending->result);
}

Status Worker::expire(std::uint64_t id, std::string_view method, std::uint64_t started_ns) {
   const std::uint64_t elapsed = clock_->now_ns() - started_ns;
   send_cancel(id);
   return make_error(PMAT_STATUS_INITIALIZATION_TIMEOUT,
                     "Operation timed out after " + std::to_string(elapsed / k_ns_per_ms) + "ms (" +
                         std::string(method) + " request " + std::to_string(id) +
                         " to worker pid " + std::to_string(pid_) + "; cancel sent)");
}

void Worker::send_cancel(std::uint64_t target_id) {
   std::uint64_t id = 0;
   {
      std::lock_guard lock(mutex_);
      if (!alive_.load())
         return;
      id = next_id_++;
      remember_abandoned_locked(id);
   }
   json::object params;
   params["target_id"] = target_id;
   const std::string payload = serialize_request(id, "cancel", params, std::nullopt);
   if (Status s = write_frame(payload, clock_->now_ns() + k_cancel_write_ns); !s.ok())
      log(LogLevel::debug,
          "cancel for request " + std::to_string(target_id) + " not sent: " + s.message);
}

void Worker::remember_abandoned_locked(std::uint64_t id) {
   abandoned_.push_back(id);
   if (abandoned_.size() > k_max_abandoned)
      abandoned_.erase(abandoned_.begin());
}

void Worker::signal_child(int signo) noexcept {
   std::lock_guard lock(mutex_);
   if (!reaped_) // never signal a reaped pid: it may belong to someone else by now
      child_.signal_group(signo);
}

bool Worker::wait_reader_done(std::uint64_t wait_ns) {
   std::unique_lock lock(mutex_);
   return exited_cv_.wait_for(lock, std::chrono::nanoseconds(wait_ns),
                              [this] { return reader_done_; });
}

void Worker::stop() noexcept {
   std::lock_guard stop_lock(stop_mutex_);
   if (!reader_.joinable())
      return;
   stopping_.store(true);
   alive_.store(false);
   {
      // A frame being written is finished first: a torn frame would be a protocol error.
      std::lock_guard write_lock(write_mutex_);
      child_.close_stdin(); // EOF: the bridge finishes in-flight work and exits 0
   }
   if (!wait_reader_done(options_.stop_grace_ns)) {
      signal_child(SIGTERM);
      if (!wait_reader_done(k_term_grace_ns))
         signal_child(SIGKILL);
   }
   const std::uint64_t one = 1;
   [[maybe_unused]] const ssize_t w = ::write(wake_fd_, &one, sizeof one);
   reader_.join();
   child_.kill_and_reap(); // already reaped by the reader; closes our descriptors
}

std::size_t Worker::in_flight() const {
   std::lock_guard lock(mutex_);
   return pending_.size();
}

std::string Worker::exit_reason() const {
   std::lock_guard lock(mutex_);
   return exit_reason_;
}

void Worker::log(LogLevel level, std::string_view text) const {
   if (hooks_.log)
      hooks_.log(level, text);
}

} // namespace pmat::bridge
