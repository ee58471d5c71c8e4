// SPDX-License-Identifier: MIT
// The console's sections rendered from states an operator meets: normal, killed, latched, a
// fleet with an old plugin and a lagging host, and a plugin that reports nothing. What reaches
// the page from the plugin or the fleet is escaped.
#include <boost/test/unit_test.hpp>

#include <http/console/html.hpp>
#include <http/console/page.hpp>
#include <http/console/sections.hpp>

#include <boost/json/parse.hpp>

using namespace pmat::serve::console;

namespace {

boost::json::object object(const char *text) {
   return boost::json::parse(text).as_object();
}

ConsoleState normal_state() {
   ConsoleState state;
   state.status = object(R"({
      "flags": {"kill_switch": false, "strategy": "percentage", "percentage": 25,
                "allowlist": ["user:alice"], "rollback_latched": false, "rollbacks": 0,
                "source": {"location": "file:/etc/pmat/flags.json", "serving": "source",
                           "up": true, "revision": 0, "last_error": ""},
                "rollback": {"enabled": true, "window_ms": 30000, "max_error_ratio": 0.05,
                             "p95_latency_ms": 5000, "consecutive_windows": 3,
                             "min_requests": 20, "reason": ""}},
      "pool": {"workers": 2, "in_flight": 1, "crashes": 0, "exhausted": 0, "breaker": "closed"},
      "cache": {"enabled": true},
      "generation": {"number": 2, "name": "pmat-claude", "version": "0.9.0",
                     "plugin_id": "dev.pmat.claude", "sha256": "0123456789abcdef"},
      "reloads": [{"unix_ms": 0, "trigger": "inotify", "outcome": "swapped",
                   "from_version": "0.8.0", "to_version": "0.9.0", "duration_ms": 41.5,
                   "reason": ""}]})");
   state.now.unix_ms = 100'000;
   state.now.claude_ok = 19;
   state.now.claude_errors = 1;
   state.now.latency_buckets = {{0.5, 19}, {1.0, 20}, {INFINITY, 20}};
   state.now.cache_lookups = {{"l1/hit", 1}, {"l1/miss", 4}};
   state.now.decisions = {{"SPLIT_OUT", 3}, {"SPLIT_IN", 9}};
   state.fleet_error = "no shared flags source: the fleet view needs PMAT_FLAGS_SOURCE=redis://...";
   return state;
}

bool has(const std::string &html, const std::string &text) {
   return html.find(text) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(normal_shows_the_switch_off_and_the_rollout_in_words) {
   const std::string html = render_live(normal_state());
   BOOST_TEST(has(html, R"(<span id="kill-state">OFF</span>)"), html);
   BOOST_TEST(has(html, R"(class="banner normal")"));
   BOOST_TEST(has(html, R"(data-engage="true">Engage the kill switch)"));
   BOOST_TEST(has(html, "percentage: 25 % of callers (plus 1 allowlisted caller)"));
   BOOST_TEST(has(html, "not latched; 0 rollbacks since start"));
   BOOST_TEST(has(html, "hit ratio 20 % (1 hit, 4 misses)"));
   BOOST_TEST(has(html, "5 % (1 error in 20 calls since the server started)"));
   BOOST_TEST(has(html, "the rollback trips above 5 % in 3 windows in a row"));
   BOOST_TEST(has(html, "\xE2\x89\xA4 500 ms since the server started; the rollback trips "
                        "above 5.0 s"));
   BOOST_TEST(has(html, "closed: Claude calls go through"));
   BOOST_TEST(has(html, "3 requests: caller outside the rollout percentage"));
   BOOST_TEST(!has(html, "SPLIT_IN")); // went to Claude: not a fallback
   BOOST_TEST(has(html, "0.8.0 \xE2\x86\x92 0.9.0"));
   BOOST_TEST(has(html, "no shared flags source"));
   BOOST_TEST(!has(html, "pmat_claude_")); // no raw series names
}

BOOST_AUTO_TEST_CASE(killed_says_claude_is_off_and_offers_the_release) {
   ConsoleState state = normal_state();
   state.status["flags"].as_object()["kill_switch"] = true;
   const std::string html = kill_switch_banner(state);
   BOOST_TEST(has(html, R"(<span id="kill-state">ENGAGED</span>)"), html);
   BOOST_TEST(has(html, R"(class="banner killed")"));
   BOOST_TEST(has(html, "Claude is OFF for every request on this host"));
   BOOST_TEST(has(html, R"(data-engage="false">Release the kill switch)"));
}

BOOST_AUTO_TEST_CASE(latched_shows_the_reason_escaped) {
   ConsoleState state = normal_state();
   auto &flags = state.status["flags"].as_object();
   flags["rollback_latched"] = true;
   flags["rollback"].as_object()["reason"] = "p95 <script> > 1 ms";
   const std::string banner = kill_switch_banner(state);
   BOOST_TEST(has(banner, R"(class="banner latched")"));
   BOOST_TEST(has(banner, "auto-rollback latched (p95 &lt;script&gt; &gt; 1 ms)"), banner);
   BOOST_TEST(has(rollout_section(state), "LATCHED: p95 &lt;script&gt; &gt; 1 ms"));
}

BOOST_AUTO_TEST_CASE(the_fleet_marks_old_plugins_and_lagging_flags) {
   ConsoleState state = normal_state();
   state.fleet = object(R"({"source": "redis://127.0.0.1:6379/0", "document_revision": 7,
      "hosts": [
        {"host_id": "b", "pmat_host_version": "0.9.0", "plugin_version": "0.9.0",
         "flags_revision": 7, "kill_switch": false, "rollback_latched": false,
         "error_ratio": 0.0, "last_seen_unix_ms": 99000},
        {"host_id": "a", "pmat_host_version": "0.9.0", "plugin_version": "0.8.0",
         "flags_revision": 5, "kill_switch": true, "rollback_latched": false,
         "error_ratio": 0.25, "last_seen_unix_ms": 97000},
        {"host_id": "c<x>", "pmat_host_version": "0.9.0", "plugin_version": "0.9.0",
         "flags_revision": 7, "kill_switch": false, "rollback_latched": true,
         "error_ratio": 0.0, "last_seen_unix_ms": 100000}]})");
   const std::string html = fleet_section(state);
   BOOST_TEST(has(html, "3 hosts heartbeating on redis://127.0.0.1:6379/0, shared document "
                        "revision 7"),
              html);
   BOOST_TEST(has(html, R"(<tr class="old lagging"><td>a</td>)"));
   BOOST_TEST(has(html, "0.8.0 (old: most run 0.9.0)"));
   BOOST_TEST(has(html, "5 (lagging 2 revisions)"));
   BOOST_TEST(has(html, "<td>25 %</td><td>3 s ago</td>"));
   BOOST_TEST(has(html, "<td>c&lt;x&gt;</td>"));
   BOOST_TEST(html.find("<td>a</td>") < html.find("<td>b</td>")); // sorted by host
}

BOOST_AUTO_TEST_CASE(a_plugin_without_control_is_shown_as_not_reporting) {
   ConsoleState state;
   state.now.unix_ms = 1;
   state.status = object(R"({"reloads": []})");
   const std::string html = render_live(state);
   BOOST_TEST(has(html, R"(<span id="kill-state">not reported</span>)"), html);
   BOOST_TEST(!has(html, "kill-toggle"));
   BOOST_TEST(has(html, "no reload since the server started"));
   BOOST_TEST(has(html, "not reported by this plugin"));
}

BOOST_AUTO_TEST_CASE(charts_are_inline_svg_of_the_last_hour) {
   ConsoleState state = normal_state();
   for (int i = 0; i < 4; ++i) {
      Reading r;
      r.unix_ms = 60'000 + i * 10'000;
      r.analyses = i * 20;
      r.cost_usd = i * 0.001;
      state.history.push_back(r);
   }
   state.now.analyses = 60;
   state.now.cost_usd = 0.003;
   const std::string html = charts_section(state);
   BOOST_TEST(has(html, R"(<svg class="chart")"), html);
   BOOST_TEST(has(html, "<polyline"));
   BOOST_TEST(has(html, "now 0.00/s")); // 60 -> 60 over the last 10 s
   BOOST_TEST(has(html, "max 2.00/s"));
   BOOST_TEST(has(html, "$0.3600/h"));
   BOOST_TEST(!has(html, "http"));            // no external asset
   BOOST_TEST(has(html, ">40 s ago</text>")); // a young server: the axis starts at its first sample
}

BOOST_AUTO_TEST_CASE(a_window_with_too_few_calls_is_not_called_above) {
   ConsoleState state = normal_state();
   state.now.claude_ok = 3; // 1 error in 4 calls: 25 %, but the rollback needs 20 calls
   const std::string html = health_section(state);
   BOOST_TEST(has(html, "25 % (1 error in 4 calls since the server started); the rollback trips "
                        "above 5 % in 3 windows in a row of at least 20 calls"),
              html);
   BOOST_TEST(!has(html, "ABOVE"));
}

BOOST_AUTO_TEST_CASE(a_p95_past_the_last_bucket_says_so) {
   ConsoleState state = normal_state();
   state.now.latency_buckets = {{1.0, 0}, {30.0, 0}, {INFINITY, 20}};
   BOOST_TEST(has(health_section(state), "slower than every latency bucket since the server "
                                         "started: ABOVE the rollback threshold of 5.0 s"));
}

BOOST_AUTO_TEST_CASE(a_window_over_the_thresholds_says_above) {
   ConsoleState state = normal_state();
   state.now.claude_errors = 5;                                        // 5 of 24: 21 %
   state.now.latency_buckets = {{1.0, 0}, {10.0, 24}, {INFINITY, 24}}; // p95 <= 10 s
   const std::string html = health_section(state);
   BOOST_TEST(
       has(html,
           "21 % (5 errors in 24 calls since the server started): ABOVE the "
           "rollback threshold of 5 % (it trips after 3 windows in a row of at least 20 calls)"),
       html);
   BOOST_TEST(
       has(html,
           "\xE2\x89\xA4 10.0 s since the server started: ABOVE the rollback threshold of 5.0 s"));
}

BOOST_AUTO_TEST_CASE(words_and_escapes) {
   BOOST_TEST(escape(R"(<a href="x">&'</a>)") ==
              "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
   BOOST_TEST(percent(0.2) == "20 %");
   BOOST_TEST(percent(0.015) == "1.5 %");
   BOOST_TEST(counted(1, "hit", "hits") == "1 hit");
   BOOST_TEST(dollars(0.5) == "$0.5000");
   BOOST_TEST(ago(0, 300'000) == "5 min ago");
   BOOST_TEST(clock_time(3'723'000) == "01:02:03 UTC");
}
