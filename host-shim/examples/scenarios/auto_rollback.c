// SPDX-License-Identifier: MIT
/* Scenario 5, "Auto-rollback" (upstream example (5): Percentage(10), max latency 1000 ms; a
 * 500 ms request keeps Claude on, a 2000 ms one rolls it back).
 *
 * Two rollbacks exist, and this program shows both through the C API:
 *
 * 1. A broken plugin build never replaces a working one. A truncated libpmat_claude.so is
 *    installed by rename into the plugins directory; the reload is refused with its reason and
 *    the old generation keeps answering. Reinstalling the good build is accepted.
 *
 * 2. The rollout's auto-rollback latch (docs/flags.md, "Auto-rollback"). When the plugin sees
 *    Claude requests breach the error-ratio or p95-latency threshold for `consecutive_windows`
 *    windows, it latches Claude off and writes "rollback": {"latched": true, "reason": ...} into
 *    the flags file. Tripping it needs live Claude traffic (the plugin's end-to-end tests use a
 *    fake Messages API; plugin/flags/tests drive the monitor with a simulated clock). Here the
 *    latch is written as the monitor writes it, and the program shows what every request then
 *    gets (ROLLBACK_LATCHED, even with engine "claude"), and that the operator's clear
 *    ("latched": false) restores routing. Every answer must report its rollout decision:
 *    a build that stops reporting it fails the scenario. */
#define _POSIX_C_SOURCE 200809L
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void copy_prefix(const char *from, const char *to, long limit) {
   FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
   expect(in && out, "open plugin copies");
   char buffer[65536];
   size_t n;
   long copied = 0;
   while ((limit < 0 || copied < limit) && (n = fread(buffer, 1, sizeof buffer, in)) > 0) {
      size_t take = (limit >= 0 && copied + (long)n > limit) ? (size_t)(limit - copied) : n;
      expect(fwrite(buffer, 1, take, out) == take, "write plugin copy");
      copied += (long)take;
   }
   fclose(in);
   expect(fclose(out) == 0, "close plugin copy");
}

/* Installs `limit` bytes (-1 = all) of the built plugin as <dir>/libpmat_claude.so, by rename. */
static void install_plugin(const char *dir, long limit) {
   char tmp[400], final_path[400];
   snprintf(tmp, sizeof tmp, "%s/.libpmat_claude.so.tmp", dir);
   snprintf(final_path, sizeof final_path, "%s/libpmat_claude.so", dir);
   copy_prefix(PMAT_SCENARIO_PLUGIN_FILE, tmp, limit);
   expect(rename(tmp, final_path) == 0, "rename the plugin into place");
}

static int serves(pmat_shim *shim, const char *options, char *reason, size_t cap) {
   pmat_status status;
   char *result = scenario_analyze(shim, "r.c", "int r(void) { return 0; }\n", options, &status);
   reason[0] = '\0';
   json_string(result, "\"rollout\"", "reason", reason, cap);
   pmat_shim_free(result);
   return status == PMAT_STATUS_OK;
}

static void broken_build_is_refused(pmat_shim *shim, const char *dir) {
   char reason[64];
   install_plugin(dir, 4096);
   pmat_status reload = pmat_shim_reload(shim);
   printf("reload of a truncated build: %s: %s\n", pmat_status_name(reload),
          pmat_shim_last_error());
   expect(reload != PMAT_STATUS_OK, "the truncated build is refused");
   expect(serves(shim, "{\"engine\":\"native\"}", reason, sizeof reason),
          "the old generation keeps serving");
   install_plugin(dir, -1);
   expect(pmat_shim_reload(shim) == PMAT_STATUS_OK, "the good build is accepted again");
   printf("after reinstalling the good build: serving\n");
}

static void latch(const char *flags_path, int latched) {
   char text[300];
   snprintf(text, sizeof text,
            "{\"version\": 1, \"claude\": {\"strategy\": \"percentage\", \"percentage\": 10},"
            " \"limits\": {\"max_latency_ms\": 1000}, \"rollback\": {\"latched\": %s,"
            " \"reason\": \"%s\"}}\n",
            latched ? "true" : "false",
            latched ? "p95 latency 2000 ms > 1000 ms in 3 consecutive windows of 30000 ms" : "");
   expect(write_file(flags_path, text) == 0, "write the flags file");
   nanosleep(&(struct timespec){0, 300000000L}, NULL); /* re-read within 250 ms */
}

static void latched_rollout(pmat_shim *shim, const char *flags_path) {
   char reason[64];
   latch(flags_path, 1);
   expect(serves(shim, "{\"engine\":\"claude\",\"caller_id\":\"user_1\"}", reason, sizeof reason),
          "requests are served while latched");
   printf("latched:  engine claude requested -> %s\n", reason);
   expect(strcmp(reason, "ROLLBACK_LATCHED") == 0, "the latch overrides the request");
   latch(flags_path, 0);
   expect(serves(shim, "{\"engine\":\"claude\",\"caller_id\":\"user_1\"}", reason, sizeof reason),
          "requests are served after the clear");
   printf("cleared:  engine claude requested -> %s\n", reason);
   expect(strcmp(reason, "EXPLICIT_CLAUDE") == 0, "the clear restores routing");
}

int main(void) {
   char dir[320], flags_path[320], config[400];
   snprintf(dir, sizeof dir, "%s/plugins", scenario_workdir());
   snprintf(flags_path, sizeof flags_path, "%s/flags.json", scenario_workdir());
   snprintf(config, sizeof config, "{\"flags\": {\"file\": \"%s\"}}", flags_path);
   expect(make_dir(dir) == 0, "create the plugins directory");
   install_plugin(dir, -1);
   pmat_shim *shim = scenario_open(dir, config);
   broken_build_is_refused(shim, dir);
   latched_rollout(shim, flags_path);
   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
