// SPDX-License-Identifier: MIT
// Handshake and ping against the real TypeScript bridge (bridge/dist/index.js). Reported as
// skipped, with the reason, when node or the built bridge is missing.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>

#include <boost/json.hpp>

#include <pmat/bridge/pool.hpp>
#include <pmat/bridge/worker.hpp>

#include "bridge_fixture.hpp"

using namespace pmat::bridge;

namespace {

boost::test_tools::assertion_result real_bridge_available(boost::unit_test::test_unit_id) {
   const bool built = std::filesystem::exists(PMAT_REAL_BRIDGE);
   boost::test_tools::assertion_result r(test::have_node() && built);
   if (!test::have_node())
      r.message() << "node was not found when CMake configured the build";
   else
      r.message() << PMAT_REAL_BRIDGE << " is not built (cd bridge && npm ci && npm run build)";
   return r;
}

WorkerOptions real_options() {
   WorkerOptions o;
   o.node = PMAT_NODE_EXECUTABLE;
   o.script = PMAT_REAL_BRIDGE;
   o.init_timeout_ns = 10'000 * k_ns_per_ms; // shared CI box; the 500 ms SLA is measured below
   return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(real_bridge, *boost::unit_test::precondition(real_bridge_available))

BOOST_AUTO_TEST_CASE(handshake_and_ping) {
   test::LogCapture logs;
   WorkerHooks hooks;
   hooks.log = logs.sink();
   auto w = Worker::start(real_options(), std::move(hooks));
   BOOST_REQUIRE_MESSAGE(w.ok(), describe(w.status()) << "\n" << logs.dump());
   const HandshakeInfo &h = w.value()->handshake();
   BOOST_TEST(h.protocol_version == 1);
   BOOST_TEST(h.max_frame_bytes == k_default_max_payload);
   BOOST_TEST(!h.bridge_version.empty());
   BOOST_TEST_MESSAGE("real bridge " << h.bridge_version << ", sdk " << h.sdk_version
                                     << ", handshake after " << h.elapsed_ns / k_ns_per_ms
                                     << " ms");
   auto pong = w.value()->ping(5'000 * k_ns_per_ms);
   BOOST_REQUIRE_MESSAGE(pong.ok(), describe(pong.status()));
   BOOST_TEST(pong.value().at("pong").as_bool());
   const pid_t pid = w.value()->pid();
   w.value()->stop(); // EOF on stdin: the bridge must exit by itself, cleanly
   BOOST_TEST(w.value()->exit_reason().find("exited with status 0") != std::string::npos,
              w.value()->exit_reason() << "\n"
                                       << logs.dump());
   BOOST_TEST(::kill(pid, 0) == -1);
}

BOOST_AUTO_TEST_CASE(pool_of_real_bridges_is_healthy) {
   PoolConfig c;
   c.node = PMAT_NODE_EXECUTABLE;
   c.bridge_path = PMAT_REAL_BRIDGE;
   c.init_timeout_ms = 10'000;
   c.min_workers = 2;
   auto pool = WorkerPool::start(c, {});
   BOOST_REQUIRE_MESSAGE(pool.ok(), describe(pool.status()));
   BOOST_TEST(pool.value()->healthy());
   BOOST_TEST(pool.value()->call("ping", {}).ok());
}

BOOST_AUTO_TEST_SUITE_END()
