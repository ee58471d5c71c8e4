// SPDX-License-Identifier: MIT
/* Scenario 3, "Caching" (upstream example (3)): the same file analyzed twice; the second answer
 * comes from the cache. Upstream printed miss vs hit timings and the hit rate.
 *
 * The plugin's answer names where each engine's result came from: "cache": {"native":
 * "computed" | "l1" | "l2" | "shared" | "uncached"} (docs/cache.md). The first request computes,
 * the repeat is served from the in-memory tier. The timings are printed, not checked: on a busy
 * machine a single call's time says little (docs/performance.md has the measured figures).
 *
 * The answer must name its cache source and the plugin must export its cache metrics: a build
 * that stops reporting either fails the scenario (it demonstrates both). */
#include "scenario.h"

#include <stdio.h>
#include <string.h>

static const char *k_code = "int busy(int a, int b) {\n"
                            "   if (a > b && b > 0)\n"
                            "      return a;\n"
                            "   for (int i = 0; i < b; ++i)\n"
                            "      a += i;\n"
                            "   return a;\n"
                            "}\n";

/* One request; prints and returns its cache source, which the answer must report. */
static void timed(pmat_shim *shim, const char *label, char *source, size_t cap, long *complexity) {
   pmat_status status;
   unsigned long long start = now_ns();
   char *result = scenario_analyze(shim, "busy.c", k_code, "{\"engine\":\"native\"}", &status);
   unsigned long long took = now_ns() - start;
   expect(status == PMAT_STATUS_OK, "analyze succeeds");
   source[0] = '\0';
   expect(json_string(result, "\"cache\"", "native", source, cap),
          "the answer names its cache source");
   *complexity = json_long(result, NULL, "total_complexity", -1);
   printf("%-7s %8.1f us  source: %s\n", label, (double)took / 1000.0, source);
   pmat_shim_free(result);
}

/* Prints the plugin's cache metric lines (pmat_claude_cache_*), if it has any. */
static void print_cache_metrics(pmat_shim *shim) {
   char *text = NULL;
   size_t size = 0;
   expect(pmat_shim_metrics(shim, PMAT_METRICS_PROMETHEUS_TEXT, &text, &size) == PMAT_STATUS_OK,
          "metrics render");
   int printed = 0;
   for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
      if (strncmp(line, "pmat_claude_cache_", 18) == 0) {
         printf("  %s\n", line);
         printed = 1;
      }
   }
   expect(printed, "the plugin exports its pmat_claude_cache_* metrics");
   pmat_shim_free(text);
}

int main(void) {
   scenario_workdir();
   pmat_shim *shim = scenario_open(NULL, NULL);
   char first[32], second[32];
   long c1, c2;
   timed(shim, "first", first, sizeof first, &c1);
   timed(shim, "repeat", second, sizeof second, &c2);
   expect(c1 == c2 && c1 > 0, "the repeat gives the same analysis");
   expect(strcmp(first, "computed") == 0, "the first request computes");
   expect(strcmp(second, "l1") == 0, "the repeat is an L1 hit");
   printf("cache metrics:\n");
   print_cache_metrics(shim);
   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
