// SPDX-License-Identifier: MIT
// One bridge worker: a `node <script> [--sandboxed]` child speaking docs/bridge-protocol.md over
// its stdin/stdout. Several requests may be in flight; responses are matched by id. One reader
// thread per worker decodes stdout, copies stderr line by line into the log and notices the child's
// exit, at which point every in-flight request fails (WorkerCrashed 2002, or the stream's own
// error when the bridge broke the framing).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <pmat/bridge/clock.hpp>
#include <pmat/bridge/frame_codec.hpp>
#include <pmat/bridge/process.hpp>
#include <pmat/bridge/status.hpp>
#include <pmat/bridge/stderr_lines.hpp>

namespace pmat::bridge {

struct WorkerOptions {
   std::string node = "node";                   // PMAT_CLAUDE_NODE
   std::string script = "bridge/dist/index.js"; // PMAT_CLAUDE_BRIDGE
   std::vector<std::string> args; // after the script; the pool adds "--sandboxed" with a launcher
   std::vector<std::string> env;  // extra "KEY=VALUE" for the child
   std::vector<std::string> launcher; // argv prefix before node (the sandbox)
   bool launcher_report = false;      // the launcher writes one report line on fd 3 (--report-fd 3)
   std::uint64_t init_timeout_ns = 500 * k_ns_per_ms; // spawn to handshake answered
   std::uint32_t max_frame_bytes = k_default_max_payload;
   std::uint64_t stop_grace_ns = 2'000 * k_ns_per_ms; // after stdin EOF, before SIGTERM/SIGKILL
   std::string client = "pmat-claude";
};

struct WorkerHooks {
   const Clock *clock = nullptr; // nullptr = SteadyClock
   LogFn log;                    // stderr lines and protocol warnings; may be empty
   // Notifications ({"event": ...} without an id), e.g. api_retry; called on the reader thread.
   std::function<void(const boost::json::object &event)> on_event;
   // Called once on the reader thread when the worker has died and been reaped.
   std::function<void()> on_exit;
   // The launcher's report line (WorkerOptions::launcher_report), once, on the thread that
   // calls start(), after the handshake (also a failed one, when the launcher refused to start).
   std::function<void(std::string_view line)> on_launcher_report;
};

struct HandshakeInfo {
   std::int64_t protocol_version = 0;
   std::uint32_t max_frame_bytes = 0;
   std::string bridge_version;
   std::string sdk_version;
   std::vector<std::string> capabilities;
   std::uint64_t elapsed_ns = 0; // spawn to handshake answer
};

class Worker {
 public:
   // Spawns the child and completes the handshake within init_timeout_ns, else
   // InitializationTimeout 2001 ("Bridge initialization took {x}ms, exceeds limit of {y}ms");
   // a child that cannot start or dies first gives WorkerCrashed 2002 with its last stderr lines.
   static Result<std::unique_ptr<Worker>> start(const WorkerOptions &options, WorkerHooks hooks);

   Worker(const Worker &) = delete;
   Worker &operator=(const Worker &) = delete;
   ~Worker(); // stop()

   // Sends a request and waits for its response, at most `timeout_ns` (also sent as deadline_ms).
   // On expiry: InitializationTimeout 2001 with the elapsed time, and a `cancel` is sent.
   Result<boost::json::value> call(std::string_view method, const boost::json::object &params,
                                   std::uint64_t timeout_ns);
   Result<boost::json::value> ping(std::uint64_t timeout_ns) {
      return call("ping", {}, timeout_ns);
   }

   // Closes stdin (the bridge finishes and exits), escalates to SIGTERM then SIGKILL after the
   // grace period, reaps the child and joins the reader thread. Idempotent; never throws.
   void stop() noexcept;

   [[nodiscard]] bool alive() const noexcept { return alive_.load(std::memory_order_acquire); }
   [[nodiscard]] pid_t pid() const noexcept { return pid_; }
   [[nodiscard]] const HandshakeInfo &handshake() const noexcept { return handshake_; }
   [[nodiscard]] std::size_t in_flight() const;
   [[nodiscard]] std::uint64_t completed() const noexcept {
      return completed_.load(std::memory_order_relaxed);
   }
   // The worker's memory use: its cgroup's (memory.current, which counts memfd, shared memory,
   // tmpfs and page cache of every process in the sandbox) when the launcher reported one, else
   // the resident set size of the child (VmRSS); nullopt when it cannot be read.
   [[nodiscard]] std::optional<std::uint64_t> rss_bytes() const;
   // Why the worker died ("" while alive).
   [[nodiscard]] std::string exit_reason() const;

 private:
   struct Pending;
   Worker(WorkerOptions options, WorkerHooks hooks, ChildProcess child);

   Status do_handshake(std::uint64_t started_ns);
   void take_launcher_report(); // worker_report.cpp
   Status write_frame(std::string_view payload, std::uint64_t deadline_ns);
   Result<boost::json::value> wait_for(const std::shared_ptr<Pending> &pending, std::uint64_t id,
                                       std::string_view method, std::uint64_t started_ns,
                                       std::uint64_t deadline_ns);
   Status expire(std::uint64_t id, std::string_view method, std::uint64_t started_ns);
   void send_cancel(std::uint64_t target_id);
   void remember_abandoned_locked(std::uint64_t id);
   void signal_child(int signo) noexcept;
   bool wait_reader_done(std::uint64_t wait_ns);

   // Reader thread (worker_reader.cpp).
   void reader_loop() noexcept;
   bool read_stdout();
   void decode_chunk(std::size_t size);
   void on_stdout_eof();
   void read_stderr();
   void dispatch(Frame &frame);
   void deliver(std::uint64_t id, boost::json::object &message);
   void on_notification(const boost::json::object &message);
   void fail_stream(Status status);
   int poll_timeout_ms() const;
   bool poll_once();
   void on_readable(int fd);
   void after_events();
   bool reader_should_exit();
   void finish_reader();
   void log(LogLevel level, std::string_view text) const;

   WorkerOptions options_;
   WorkerHooks hooks_;
   const Clock *clock_;
   ChildProcess child_;
   pid_t pid_;
   HandshakeInfo handshake_;
   std::string memory_file_; // the cgroup's memory use, from the launcher's report; set once

   // Reader-thread-only state.
   FrameDecoder decoder_;
   std::vector<Frame> frames_;
   StderrLines stderr_lines_;
   bool stdout_open_ = true;
   bool stderr_open_ = true;
   std::uint64_t drain_deadline_ns_ = 0;
   std::uint64_t kill_at_ns_ = 0; // stdout closed but the child lingers: SIGKILL at this time
   bool reaped_ = false;          // also written under mutex_
   Status stream_error_;
   std::string read_buffer_;

   std::atomic<bool> alive_{true};
   std::atomic<bool> stopping_{false};
   std::atomic<std::uint32_t> decode_limit_{k_pre_handshake_max_payload};
   std::atomic<std::uint64_t> completed_{0};
   int wake_fd_ = -1; // eventfd: stop() wakes the reader

   mutable std::mutex mutex_; // pending_, abandoned_, exit_reason_, stderr tail
   std::condition_variable exited_cv_;
   bool reader_done_ = false;
   std::unordered_map<std::uint64_t, std::shared_ptr<Pending>> pending_;
   std::vector<std::uint64_t> abandoned_; // timed-out ids and cancels: late answers are expected
   std::string exit_reason_;
   std::uint64_t next_id_ = 1;

   // Outgoing stream: a sequence number is used only once a frame's first byte is written, and
   // a frame cut short by its deadline kills the worker (the stream cannot be resynchronised).
   std::mutex write_mutex_;
   std::uint64_t out_sequence_ = 0;
   std::uint32_t out_limit_ = k_pre_handshake_max_payload;
   std::string out_buffer_;
   std::mutex stop_mutex_;
   std::thread reader_;
};

} // namespace pmat::bridge
