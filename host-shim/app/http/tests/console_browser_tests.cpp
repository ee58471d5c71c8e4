// SPDX-License-Identifier: MIT
// The operator's console in a real browser, with the real plugin: headless Chromium (driven over
// the DevTools pipe) loads "/" of a real `pmat-host serve` on 127.0.0.1 serving libpmat_claude,
// whose sandboxed bridge workers call the fake Anthropic API. The page must show each state an
// operator meets (normal, killed, latched) in words, its kill switch control must really set
// the kill switch (checked with `pmat-host flags show`), and a screenshot of each state is kept.
// Then a fleet: three hosts sharing a real redis-server, one still on the previous plugin build,
// listed by the console, whose control kills Claude on all three.
#define BOOST_TEST_MODULE pmat_console_browser
#include <boost/test/unit_test.hpp>

#include "cdp_browser.hpp"
#include "e2e/fake_api.hpp"
#include "e2e/fleet_fixture.hpp"
#include "serve_test_support.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace pmat::serve::test;

namespace {

const fs::path k_shots = PMAT_SCREENSHOT_DIR;
const std::string k_plugin = "libpmat_claude.so";

std::string slurp(const fs::path &path) {
   std::ifstream in(path, std::ios::binary);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Text of the element with `id` in the page ("" when absent).
std::string text_of(Browser &browser, const std::string &id) {
   const auto value =
       browser.evaluate("(document.getElementById('" + id + "') || {textContent: ''}).textContent");
   return value.is_string() ? std::string(value.get_string()) : "";
}

bool wait_for_text(Browser &browser, const std::string &id, const std::string &text) {
   return browser.wait_until("(document.getElementById('" + id +
                             "') || {textContent: ''}).textContent.includes(" +
                             boost::json::serialize(boost::json::value(text)) + ")");
}

// One analysis through the HTTP API; `n` makes each source distinct (no cache hit).
std::string analyze(unsigned short port, int n, const std::string &engine) {
   const std::string body = R"({"content": "int f)" + std::to_string(n) +
                            R"((int x) { return x > )" + std::to_string(n) +
                            R"( ? x : 0; }\n", "path": "f)" + std::to_string(n) +
                            R"(.c", "engine": ")" + engine + R"("})";
   const Reply reply = http(port, "POST", "/v1/analyze", body);
   BOOST_TEST_REQUIRE(reply.status == 200u, reply.body);
   return json_at(reply.body, "engine");
}

// `pmat-host flags ARGS` against the server's flags file, as an operator would run it.
std::string flags_command(const fs::path &config, const std::string &args) {
   const std::string command = "XDG_CONFIG_HOME='" + config.string() +
                               "' '" PMAT_HOST_BIN "' flags " + args +
                               " --plugin-dir '" PMAT_TEST_PLUGIN_DIR "' 2>&1";
   FILE *pipe = ::popen(command.c_str(), "r");
   BOOST_REQUIRE(pipe);
   std::string out;
   for (char buffer[4096]; std::fgets(buffer, sizeof buffer, pipe);)
      out += buffer;
   BOOST_TEST(::pclose(pipe) == 0, out);
   return out;
}

std::string flags_show(const fs::path &config) {
   return flags_command(config, "show");
}

void screenshot(Browser &browser, const std::string &state) {
   const fs::path png = k_shots / ("console-" + state + ".png");
   fs::remove(png);
   browser.screenshot(png);
   const std::string bytes = slurp(png);
   BOOST_TEST(bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n");
   BOOST_TEST(bytes.size() > 20000u);
   BOOST_TEST_MESSAGE("screenshot: " << png.string());
}

// Flips the kill switch through the page: the button, the dialog, the token, Confirm.
void flip_through_the_page(Browser &browser, const std::string &token) {
   browser.evaluate("document.getElementById('kill-toggle').click()");
   BOOST_REQUIRE(browser.wait_until("document.getElementById('kill-dialog').open"));
   browser.evaluate("document.getElementById('kill-token').value = " +
                    boost::json::serialize(boost::json::value(token)));
   browser.evaluate("document.getElementById('kill-confirm').click()");
}

struct Console {
   pmat::test::FakeApi api{"ok"};
   pmat::test::ClaudeEnvironment env{api};
   TempDir plugins, config, profile;
   std::unique_ptr<ServerProcess> server;
   std::unique_ptr<Browser> browser;
   std::string url;

   Console() {
      ::setenv("PMAT_CLAUDE_MAX_RETRIES", "0", 1); // the scripted 500 is one failed call
      // A 10 min rollback window: every call of the test is inside it, however slow the machine.
      config.write("pmat/flags.json", R"({"version": 1, "claude": {"strategy": "percentage",
         "percentage": 50}, "rollback": {"window_ms": 600000}})");
      install_plugin(PMAT_TEST_PLUGIN, plugins.path(), k_plugin);
      server = std::make_unique<ServerProcess>(
          std::vector<std::string>{"--plugin-dir", plugins.path().string(), "--console-sample-ms",
                                   "200"},
          config.path());
      url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
      browser = std::make_unique<Browser>(PMAT_CHROMIUM, profile.path());
   }
   ~Console() { ::unsetenv("PMAT_CLAUDE_MAX_RETRIES"); }
   std::string token() const { return slurp(config.path() / "pmat" / "admin-token"); }
   std::string status_at(const std::string &path) const {
      return json_at(http(server->port(), "GET", "/v1/status").body, path);
   }
};

// Traffic for the charts (Claude and native, one failed Claude call) and a real hot reload to
// the next build of the plugin, for the reload history.
void make_history(Console &c) {
   c.api.script("ok server_error ok ok");
   for (int i = 0; i < 4; ++i)
      analyze(c.server->port(), i, "claude");
   for (int i = 4; i < 8; ++i)
      analyze(c.server->port(), i, "native");
   install_plugin(PMAT_TEST_PLUGIN_NEXT, c.plugins.path(), k_plugin);
   BOOST_REQUIRE(wait_for_status(c.server->port(), [](const std::string &body) {
      return json_at(body, "generation/version").find("-next") != std::string::npos;
   }));
   analyze(c.server->port(), 8, "claude"); // the new generation's first Claude call
}

void check_normal(Console &c) {
   Browser &b = *c.browser;
   b.navigate(c.url);
   BOOST_REQUIRE(wait_for_text(b, "kill-state", "OFF"));
   // The charts fill from the server's samples: wait until both intervals with traffic show.
   BOOST_REQUIRE(b.wait_until("document.querySelectorAll('#chart-rate polyline').length == 1 && "
                              "document.querySelector('#chart-cost .now').textContent != "
                              "'no samples yet'"));
   BOOST_TEST(text_of(b, "claude-state").find("Claude is ON") != std::string::npos);
   BOOST_TEST(b.evaluate("document.getElementById('kill').className").as_string() ==
              "banner normal");
   BOOST_TEST(text_of(b, "strategy") == "percentage: 50 % of callers");
   BOOST_TEST(text_of(b, "latch").rfind("not latched", 0) == 0u, text_of(b, "latch"));
   BOOST_TEST(text_of(b, "error-ratio").find("(1 error in 5 calls since the server started)") !=
                  std::string::npos,
              text_of(b, "error-ratio"));
   BOOST_TEST(text_of(b, "fallbacks").find("1 Claude call failed: ") != std::string::npos,
              text_of(b, "fallbacks"));
   BOOST_TEST(text_of(b, "error-ratio").find("the rollback trips above 5 %") != std::string::npos);
   BOOST_TEST(text_of(b, "p95").find("\xE2\x89\xA4 ") == 0u, text_of(b, "p95"));
   BOOST_TEST(text_of(b, "breaker") == "closed: Claude calls go through");
   BOOST_TEST(text_of(b, "reload-rows").find("swapped") != std::string::npos);
   BOOST_TEST(text_of(b, "reload-rows").find("-next") != std::string::npos);
   BOOST_TEST(text_of(b, "cache").find("hit ratio") != std::string::npos, text_of(b, "cache"));
   BOOST_TEST(text_of(b, "fleet-note").find("no shared flags source") != std::string::npos);
   BOOST_TEST(text_of(b, "live").find("pmat_claude_") == std::string::npos); // no raw series
   screenshot(b, "normal");
}

void check_kill_switch_control(Console &c) {
   Browser &b = *c.browser;
   flip_through_the_page(b, "not-the-token");
   BOOST_REQUIRE(wait_for_text(b, "kill-result", "401"));
   BOOST_TEST(c.status_at("kill_switch") == "false"); // a wrong token changes nothing
   b.evaluate("document.getElementById('kill-cancel').click()");
   BOOST_REQUIRE(b.wait_until("!document.getElementById('kill-dialog').open"));
   BOOST_TEST(c.status_at("kill_switch") == "false"); // nor does Cancel

   flip_through_the_page(b, c.token());
   BOOST_REQUIRE(wait_for_text(b, "kill-state", "ENGAGED"));
   BOOST_TEST(json_at(flags_show(c.config.path()), "flags/kill_switch") == "true");
   BOOST_TEST(c.status_at("kill_switch") == "true");
   BOOST_TEST(analyze(c.server->port(), 20, "claude") == "native"); // Claude is really off
   BOOST_TEST(text_of(b, "claude-state").find("Claude is OFF for every request") !=
              std::string::npos);
   BOOST_TEST(text_of(b, "kill-toggle").find("Release") == 0u);
   screenshot(b, "killed");

   flip_through_the_page(b, c.token());
   BOOST_REQUIRE(wait_for_text(b, "kill-state", "OFF"));
   BOOST_TEST(c.status_at("kill_switch") == "false");

   // Pulled by another operator from the command line, with no traffic: the page follows.
   BOOST_REQUIRE(flags_command(c.config.path(), "kill on").find("\"kill_switch\":true") !=
                 std::string::npos);
   BOOST_TEST(wait_for_text(b, "kill-state", "ENGAGED"));
   BOOST_TEST(flags_command(c.config.path(), "kill off").find("\"kill_switch\":false") !=
              std::string::npos);
   BOOST_TEST(wait_for_text(b, "kill-state", "OFF"));
}

// The real auto-rollback: every Claude answer is slower than a 1 ms p95 threshold.
void check_latched(Console &c) {
   c.config.write("pmat/flags.json", R"({"version": 1, "claude": {"strategy": "full_rollout"},
      "rollback": {"window_ms": 300, "p95_latency_ms": 1, "consecutive_windows": 2,
                   "min_requests": 2}})");
   // Requests read the changed file (at most every 250 ms), then trip the rollback.
   for (int i = 100; i < 300 && c.status_at("flags/rollback_latched") != "true"; ++i)
      analyze(c.server->port(), i, "auto");
   BOOST_TEST(c.status_at("flags/rollback/window_ms") == "300");
   BOOST_REQUIRE(c.status_at("flags/rollback_latched") == "true");
   Browser &b = *c.browser;
   BOOST_REQUIRE(b.wait_until("document.getElementById('kill').className == 'banner latched'"));
   BOOST_TEST(text_of(b, "kill-state") == "OFF");
   BOOST_TEST(text_of(b, "claude-state").find("auto-rollback latched (p95") != std::string::npos,
              text_of(b, "claude-state"));
   BOOST_TEST(text_of(b, "latch").find("LATCHED: p95") == 0u, text_of(b, "latch"));
   BOOST_TEST(text_of(b, "strategy") == "full rollout: every caller");
   const std::string p95 = text_of(b, "p95"); // the 1 ms threshold, whatever the last window
   BOOST_TEST(p95.substr(p95.size() - 5) == " 1 ms", p95);
   screenshot(b, "latched");
}

} // namespace

BOOST_AUTO_TEST_CASE(the_console_shows_each_state_and_its_control_flips_the_kill_switch) {
   const auto started = std::chrono::steady_clock::now();
   const auto step = [&](const char *name) {
      BOOST_TEST_MESSAGE(name << " at "
                              << std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count()
                              << " ms");
   };
   Console c;
   step("server and browser up");
   make_history(c);
   step("traffic and reload done");
   check_normal(c);
   step("normal checked");
   check_kill_switch_control(c);
   step("kill switch checked");
   check_latched(c);
   step("latched checked");
}

namespace {

// A host of the fleet serving the next build of the plugin (`plugins` holds it).
std::unique_ptr<ServerProcess> next_build_host(pmat::test::Fleet &fleet, const fs::path &plugins,
                                               const std::string &id) {
   const fs::path home = fleet.dir.path() / id;
   ::setenv("PMAT_FLEET_HOST_ID", id.c_str(), 1);
   ::setenv("PMAT_FLAGS_SOURCE", fleet.source_url().c_str(), 1);
   ::setenv("XDG_STATE_HOME", (home / "state").c_str(), 1);
   return std::make_unique<ServerProcess>(
       std::vector<std::string>{"--plugin-dir", plugins.string()}, home);
}

// Whether the fleet table's row of `host` contains `text`.
std::string fleet_row(const std::string &host) {
   return "[...document.querySelectorAll('#fleet-rows tr')].find(r => "
          "r.cells[0].textContent == '" +
          host + "')";
}

} // namespace

BOOST_AUTO_TEST_CASE(the_console_lists_the_fleet_and_kills_claude_on_every_host) {
   pmat::test::Fleet fleet([](pmat::flags::FlagsConfig &flags) {
      flags.strategy = pmat::flags::Strategy::Percentage;
      flags.percentage = 10;
   });
   ::setenv("PMAT_FLEET_HOST_ID", "runner-old", 1);
   fleet.start_host(); // the current build
   TempDir next, profile;
   install_plugin(PMAT_TEST_PLUGIN_NEXT, next.path(), k_plugin);
   auto a = next_build_host(fleet, next.path(), "runner-a");
   auto b = next_build_host(fleet, next.path(), "runner-b");
   ::unsetenv("PMAT_FLEET_HOST_ID");
   Browser browser(PMAT_CHROMIUM, profile.path());
   browser.navigate("http://127.0.0.1:" + std::to_string(a->port()) + "/");
   BOOST_REQUIRE(browser.wait_until("document.querySelectorAll('#fleet-rows tr').length == 3"));
   BOOST_TEST(
       text_of(browser, "fleet-note").find("3 hosts heartbeating on " + fleet.source_url()) == 0u,
       text_of(browser, "fleet-note"));
   BOOST_TEST(browser.evaluate(fleet_row("runner-old") + ".className").as_string() == "old");
   BOOST_TEST(browser.evaluate(fleet_row("runner-old") + ".cells[2].textContent").as_string() ==
              "0.1.0 (old: most run 0.1.0-next)");
   BOOST_TEST(browser.evaluate(fleet_row("runner-b") + ".className").as_string() == "");
   BOOST_TEST(text_of(browser, "flags-source").find(fleet.source_url()) == 0u);
   BOOST_TEST(text_of(browser, "strategy") == "percentage: 10 % of callers");

   flip_through_the_page(browser, slurp(fleet.dir.path() / "runner-a" / "pmat" / "admin-token"));
   BOOST_REQUIRE(wait_for_text(browser, "kill-state", "ENGAGED"));
   // Every host applies the shared document and says so in its next heartbeat.
   BOOST_REQUIRE(browser.wait_until("[...document.querySelectorAll('#fleet-rows tr')].every(r => "
                                    "r.cells[5].textContent == 'ENGAGED')"));
   BOOST_TEST(json_at(fleet.pmat_host_output("flags show"), "flags/kill_switch") == "true");
   screenshot(browser, "fleet");
}
