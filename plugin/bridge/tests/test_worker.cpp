// SPDX-License-Identifier: MIT
// Worker against real child processes: tests/fake_bridge.mjs run by node, scripted to behave or
// to misbehave (crash, hang, garbage, oversize, half frame, wrong id, slow, crash at start-up).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>

#include <boost/json.hpp>

#include <pmat/bridge/worker.hpp>

#include "bridge_fixture.hpp"

namespace json = boost::json;
using namespace pmat::bridge;
using pmat::bridge::test::fake_options;
using pmat::bridge::test::LogCapture;

namespace {

constexpr std::uint64_t k_second = 1'000 * k_ns_per_ms;

struct Started {
   LogCapture logs;
   std::unique_ptr<Worker> worker;
   std::atomic<int> events{0};

   explicit Started(std::vector<std::string> env = {}) {
      WorkerHooks hooks;
      hooks.log = logs.sink();
      hooks.on_event = [this](const json::object &) { ++events; };
      auto w = Worker::start(fake_options(std::move(env)), std::move(hooks));
      BOOST_REQUIRE_MESSAGE(w.ok(), describe(w.status()) << "\n" << logs.dump());
      worker = std::move(w.value());
   }
};

json::object fault(std::string_view name) {
   json::object p;
   p["fault"] = name;
   return p;
}

bool reaped(pid_t pid) {
   return ::waitpid(pid, nullptr, WNOHANG) < 0 && errno == ECHILD;
}

Result<std::unique_ptr<Worker>> start_with(std::vector<std::string> env, LogCapture &logs,
                                           std::uint64_t init_ns = 10 * k_second) {
   WorkerOptions o = fake_options(std::move(env));
   o.init_timeout_ns = init_ns;
   WorkerHooks hooks;
   hooks.log = logs.sink();
   return Worker::start(o, std::move(hooks));
}

} // namespace

BOOST_AUTO_TEST_SUITE(worker, *boost::unit_test::precondition(test::node_available))

BOOST_AUTO_TEST_CASE(handshake_then_ping) {
   Started s;
   const HandshakeInfo &h = s.worker->handshake();
   BOOST_TEST(h.protocol_version == 1);
   BOOST_TEST(h.bridge_version == "fake-0");
   BOOST_TEST(h.max_frame_bytes == k_default_max_payload);
   BOOST_TEST(h.capabilities.size() == 3u);
   auto pong = s.worker->ping(5 * k_second);
   BOOST_REQUIRE_MESSAGE(pong.ok(), describe(pong.status()));
   BOOST_TEST(pong.value().at("pong").as_bool());
   BOOST_TEST(s.logs.eventually_contains("fake bridge started pid")); // stderr reached the log
   BOOST_TEST(s.worker->rss_bytes().value_or(0) > 1024u * 1024u);
}

BOOST_AUTO_TEST_CASE(several_requests_in_flight_answer_out_of_order) {
   Started s;
   // Boost.Test assertions are not thread-safe: threads record, the main thread checks.
   std::vector<std::int64_t> finished; // echoed delay of each answer, in completion order
   std::mutex m;
   std::vector<std::thread> callers;
   for (int delay : {600, 20, 300}) {
      callers.emplace_back([&, delay] {
         json::object p;
         p["delay_ms"] = delay;
         auto r = s.worker->call("echo", p, 10 * k_second);
         std::lock_guard lock(m);
         finished.push_back(r.ok() ? r.value().at("echo").at("delay_ms").as_int64() : -r.code());
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
   }
   for (auto &t : callers)
      t.join();
   BOOST_TEST(finished == (std::vector<std::int64_t>{20, 300, 600}));
   BOOST_TEST(s.worker->in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(deadline_gives_2001_with_elapsed_and_sends_cancel) {
   Started s;
   json::object p;
   p["delay_ms"] = 5000;
   const auto t0 = std::chrono::steady_clock::now();
   auto r = s.worker->call("echo", p, 300 * k_ns_per_ms);
   const auto waited = std::chrono::steady_clock::now() - t0;
   BOOST_TEST(r.code() == PMAT_STATUS_INITIALIZATION_TIMEOUT);
   BOOST_TEST(r.status().message.find("Operation timed out after 3") == 0u, r.status().message);
   BOOST_TEST(waited >= std::chrono::milliseconds(300));
   BOOST_TEST(waited < std::chrono::milliseconds(4000)); // it did not wait for the 5 s answer
   BOOST_TEST(s.worker->ping(5 * k_second).ok());        // the worker is still usable
   // The fake answers a cancelled request with error 2001 at once: that late answer arriving
   // (and being dropped quietly) shows the cancel reached the bridge.
   for (int i = 0; i < 100 && !s.logs.contains("late answer for abandoned request"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
   BOOST_TEST(s.logs.contains("late answer for abandoned request"), s.logs.dump());
   BOOST_TEST(!s.logs.contains("unknown request id"));
}

BOOST_AUTO_TEST_CASE(sigkill_mid_request_fails_every_in_flight_request_with_2002) {
   Started s;
   const pid_t pid = s.worker->pid();
   std::vector<std::thread> waiting;
   std::atomic<int> crashed{0};
   for (int i = 0; i < 2; ++i)
      waiting.emplace_back([&] {
         json::object p;
         p["delay_ms"] = 10'000;
         if (s.worker->call("echo", p, 20 * k_second).code() == PMAT_STATUS_WORKER_CRASHED)
            ++crashed;
      });
   while (s.worker->in_flight() < 2)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
   auto r = s.worker->call("echo", fault("kill"), 20 * k_second);
   for (auto &t : waiting)
      t.join();
   BOOST_TEST(r.code() == PMAT_STATUS_WORKER_CRASHED);
   BOOST_TEST(r.status().message.find("killed by signal 9") != std::string::npos,
              r.status().message);
   BOOST_TEST(crashed.load() == 2);
   BOOST_TEST(!s.worker->alive());
   BOOST_TEST(s.worker->call("ping", {}, k_second).code() == PMAT_STATUS_WORKER_CRASHED);
   BOOST_TEST(reaped(pid)); // no zombie
}

BOOST_AUTO_TEST_CASE(garbage_on_stdout_is_a_framing_error) {
   Started s;
   auto r = s.worker->call("echo", fault("garbage"), 10 * k_second);
   BOOST_TEST(r.code() == PMAT_STATUS_FRAMING_ERROR, describe(r.status()));
   BOOST_TEST(!s.worker->alive());
   BOOST_TEST(s.logs.contains("broke the protocol", LogLevel::error));
}

BOOST_AUTO_TEST_CASE(oversize_frame_is_message_too_large) {
   Started s;
   auto r = s.worker->call("echo", fault("oversize"), 10 * k_second);
   BOOST_TEST(r.code() == PMAT_STATUS_MESSAGE_TOO_LARGE, describe(r.status()));
   BOOST_TEST(!s.worker->alive());
}

BOOST_AUTO_TEST_CASE(half_a_frame_then_eof_is_pipe_broken) {
   Started s;
   const pid_t pid = s.worker->pid();
   auto r = s.worker->call("echo", fault("half_frame_eof"), 10 * k_second);
   BOOST_TEST(r.code() == PMAT_STATUS_PIPE_BROKEN, describe(r.status()));
   BOOST_TEST(r.status().message.find("inside a frame") != std::string::npos);
   s.worker->stop();
   BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(wrong_request_id_is_dropped_and_the_caller_times_out) {
   Started s;
   auto r = s.worker->call("echo", fault("wrong_id"), 500 * k_ns_per_ms);
   BOOST_TEST(r.code() == PMAT_STATUS_INITIALIZATION_TIMEOUT);
   BOOST_TEST(s.logs.contains("unknown request id", LogLevel::warn), s.logs.dump());
   BOOST_TEST(s.worker->ping(5 * k_second).ok());
}

BOOST_AUTO_TEST_CASE(bridge_error_codes_pass_through) {
   Started s;
   json::object p = fault("error");
   p["code"] = 3003;
   auto r = s.worker->call("echo", p, 5 * k_second);
   BOOST_TEST(r.code() == PMAT_STATUS_INVALID_API_KEY);
   BOOST_TEST(r.status().message == "scripted error");
   BOOST_TEST(s.worker->alive());
}

BOOST_AUTO_TEST_CASE(notifications_reach_the_log_and_the_event_hook) {
   Started s;
   BOOST_TEST(s.worker->call("echo", fault("notify"), 5 * k_second).ok());
   BOOST_TEST(s.logs.contains("scripted log event", LogLevel::warn));
   BOOST_TEST(s.events.load() == 1);
}

BOOST_AUTO_TEST_CASE(stderr_is_logged_line_by_line) {
   Started s;
   json::object p = fault("stderr");
   p["lines"] = json::array{"alpha line", "beta line"};
   BOOST_TEST(s.worker->call("echo", p, 5 * k_second).ok());
   for (int i = 0; i < 100 && !s.logs.contains("beta line"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
   BOOST_TEST(s.logs.contains("] alpha line"));
   BOOST_TEST(s.logs.contains("] beta line"));
}

BOOST_AUTO_TEST_CASE(crash_at_start_up_is_2002_with_its_stderr) {
   LogCapture logs;
   auto w = start_with({"FAKE_BRIDGE_STARTUP=crash"}, logs);
   BOOST_TEST(w.code() == PMAT_STATUS_WORKER_CRASHED);
   BOOST_TEST(w.status().message.find("crashing at start-up") != std::string::npos,
              w.status().message);
   BOOST_TEST(w.status().message.find("exited with status 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_handshake_within_init_timeout_is_2001) {
   LogCapture logs;
   auto w = start_with({"FAKE_BRIDGE_STARTUP=no_handshake"}, logs, 400 * k_ns_per_ms);
   BOOST_TEST(w.code() == PMAT_STATUS_INITIALIZATION_TIMEOUT);
   BOOST_TEST(w.status().message.find("Bridge initialization took") == 0u, w.status().message);
   BOOST_TEST(w.status().message.find("exceeds limit of 400ms") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_protocol_version_is_refused) {
   LogCapture logs;
   auto w = start_with({"FAKE_BRIDGE_STARTUP=bad_version"}, logs);
   BOOST_TEST(w.code() == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(missing_interpreter_is_2002) {
   WorkerOptions o = fake_options();
   o.node = "/nonexistent/node";
   auto w = Worker::start(o, {});
   BOOST_TEST(w.code() == PMAT_STATUS_WORKER_CRASHED);
   BOOST_TEST(w.status().message.find("cannot start") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stop_is_graceful_and_reaps) {
   Started s;
   const pid_t pid = s.worker->pid();
   json::object p;
   p["delay_ms"] = 200;
   p["announce"] = true;
   Result<json::value> answer = make_error(0, "");
   std::thread slow([&] { answer = s.worker->call("echo", p, 5 * k_second); });
   while (!s.logs.contains("fake bridge got request")) // the bridge has the request
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
   s.worker->stop(); // EOF on stdin: the fake finishes the in-flight echo, then exits 0
   slow.join();
   BOOST_TEST(answer.ok(), describe(answer.status())); // in-flight work finished, not dropped
   BOOST_TEST(s.worker->exit_reason().find("exited with status 0") != std::string::npos,
              s.worker->exit_reason());
   BOOST_TEST(reaped(pid));
   s.worker->stop(); // idempotent
}

BOOST_AUTO_TEST_CASE(stop_escalates_when_the_bridge_ignores_eof_and_sigterm) {
   WorkerOptions o = fake_options({"FAKE_BRIDGE_IGNORE_TERM=1"});
   o.stop_grace_ns = 200 * k_ns_per_ms;
   LogCapture logs;
   WorkerHooks hooks;
   hooks.log = logs.sink();
   auto w = Worker::start(o, std::move(hooks));
   BOOST_REQUIRE(w.ok());
   const pid_t pid = w.value()->pid();
   w.value()->stop();
   BOOST_TEST(w.value()->exit_reason().find("killed by signal 9") != std::string::npos,
              w.value()->exit_reason());
   BOOST_TEST(reaped(pid));
}

BOOST_AUTO_TEST_CASE(many_threads_share_one_worker) {
   Started s;
   std::atomic<int> ok{0};
   std::vector<std::thread> threads;
   for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
         for (int i = 0; i < 100; ++i)
            ok += s.worker->ping(10 * k_second).ok() ? 1 : 0;
      });
   for (auto &t : threads)
      t.join();
   BOOST_TEST(ok.load() == 400);
   BOOST_TEST(s.worker->completed() >= 400u);
}

BOOST_AUTO_TEST_SUITE_END()
