// SPDX-License-Identifier: MIT
/* Scenario 2, "Progressive rollout" (Example 2; upstream example (2)): an allowlist, then a
 * percentage of callers, then the emergency kill switch, all driven by the flags file
 * (docs/flags.md) while the plugin keeps serving: no restart between the phases.
 *
 * Each request carries a caller id; the plugin's answer says whether the Claude engine was
 * chosen for it and why ("rollout": {"claude": true|false, "reason": "ALLOWLIST" ...}). No API
 * key is configured, so a chosen request falls back to the native result with
 * "fallback_reason": "not-configured": the decision is observed without calling Claude.
 *
 * Every answer must report its rollout decision: a build that stops reporting it fails the
 * scenario (it demonstrates that field). */
#define _POSIX_C_SOURCE 200809L
#include "scenario.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static char g_flags_path[320];

static void write_flags(const char *claude_section, int kill_switch) {
   char text[512];
   snprintf(text, sizeof text, "{\"version\": 1, \"kill_switch\": %s, \"claude\": %s}\n",
            kill_switch ? "true" : "false", claude_section);
   expect(write_file(g_flags_path, text) == 0, "write the flags file");
   /* The plugin re-reads the file at most every 250 ms (docs/flags.md, "Watching"). */
   nanosleep(&(struct timespec){0, 300000000L}, NULL);
}

/* Sends one request per caller user_<first>..user_<last>; returns how many were routed to
 * Claude. Each answer must carry its rollout decision. */
static int count_claude(pmat_shim *shim, int first, int last) {
   int routed = 0;
   for (int i = first; i <= last; ++i) {
      char options[96], reason[32] = "";
      snprintf(options, sizeof options, "{\"engine\":\"auto\",\"caller_id\":\"user_%d\"}", i);
      pmat_status status;
      char *result = scenario_analyze(shim, "a.c", "int f(void) { return 1; }\n", options, &status);
      expect(status == PMAT_STATUS_OK, "every request is served during the rollout");
      expect(json_string(result, "\"rollout\"", "reason", reason, sizeof reason),
             "the answer reports its rollout decision");
      routed += strstr(result, "\"rollout\":{\"claude\":true") != NULL;
      pmat_shim_free(result);
   }
   return routed;
}

static void report(const char *phase, int routed, int total) {
   printf("%-28s %d of %d callers routed to Claude\n", phase, routed, total);
}

int main(void) {
   char config[400];
   snprintf(g_flags_path, sizeof g_flags_path, "%s/flags.json", scenario_workdir());
   snprintf(config, sizeof config, "{\"flags\": {\"file\": \"%s\"}}", g_flags_path);
   write_flags("{\"strategy\": \"disabled\"}", 0);
   pmat_shim *shim = scenario_open(NULL, config);

   report("disabled (default)", count_claude(shim, 0, 99), 100);

   write_flags("{\"strategy\": \"allowlist\", \"allowlist\": [\"user_123\", \"user_456\"]}", 0);
   int allow = count_claude(shim, 100, 499);
   report("allowlist user_123,user_456", allow, 400);
   expect(allow == 2, "exactly the two allowlisted callers are routed");

   write_flags("{\"strategy\": \"percentage\", \"percentage\": 50}", 0);
   int half = count_claude(shim, 0, 99);
   report("percentage 50", half, 100);
   /* Upstream's test: 50 % of 1000 ids within [450, 550]; for 100 ids, within [30, 70]. */
   expect(half >= 30 && half <= 70, "about half of the callers are routed");

   write_flags("{\"strategy\": \"full_rollout\"}", 1);
   int killed = count_claude(shim, 0, 99);
   report("full rollout + kill switch", killed, 100);
   expect(killed == 0, "the kill switch routes nobody to Claude");

   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
