// SPDX-License-Identifier: MIT
/* Scenario 6, "Complete workflow" (Example 4; upstream example (6), which was dead code there:
 * "flag gate -> timer -> analyze -> record -> auto-rollback per call, to be wired for real").
 *
 * The composition now lives inside the plugin, per request: the flags decide the engine for the
 * caller (percentage 25 here, limits max_latency_ms 3000 and pool_size 5 as upstream), the
 * native analysis is served through the cache, the Claude path (when chosen and configured)
 * records its outcome for the auto-rollback monitor, and every step is counted in the metrics.
 * The host program only sends requests and reads the results, the status and the metrics.
 * With no API key configured, chosen requests come back native with
 * "fallback_reason": "not-configured". */
#include "scenario.h"

#include <stdio.h>
#include <string.h>

static const char *k_files[] = {
    "int a(int x) { return x > 0 ? x : -x; }\n",
    "int b(int x) { while (x > 10) x /= 2; return x; }\n",
    "int c(int x) { switch (x) { case 1: return 2; default: return 0; } }\n",
};

struct tally {
   int served, claude_chosen, fallbacks, cache_hits;
};

static void one_request(pmat_shim *shim, int caller, int file, struct tally *t) {
   char options[128], source[16] = "";
   snprintf(options, sizeof options, "{\"engine\":\"auto\",\"caller_id\":\"team-%d\"}", caller);
   pmat_status status;
   char *result = scenario_analyze(shim, "w.c", k_files[file], options, &status);
   expect(status == PMAT_STATUS_OK, "every request is served");
   t->served++;
   t->claude_chosen += strstr(result, "\"rollout\":{\"claude\":true") != NULL;
   t->fallbacks += strstr(result, "\"fallback_reason\"") != NULL;
   json_string(result, "\"cache\"", "native", source, sizeof source);
   t->cache_hits += strcmp(source, "l1") == 0;
   pmat_shim_free(result);
}

static void print_status(pmat_shim *shim) {
   char *status = NULL;
   size_t size = 0;
   expect(pmat_shim_status(shim, &status, &size) == PMAT_STATUS_OK, "status");
   char version[64] = "", sha[80] = "";
   json_string(status, "\"generation\"", "version", version, sizeof version);
   json_string(status, "\"generation\"", "sha256", sha, sizeof sha);
   printf("serving: dev.pmat.claude %s, sha256 %.16s...\n", version, sha);
   pmat_shim_free(status);
}

int main(void) {
   char flags_path[320], config[512];
   snprintf(flags_path, sizeof flags_path, "%s/flags.json", scenario_workdir());
   expect(write_file(flags_path,
                     "{\"version\": 1, \"claude\": {\"strategy\": \"percentage\", \"percentage\": 25},"
                     " \"limits\": {\"max_latency_ms\": 3000, \"pool_size\": 5}}\n") == 0,
          "write the flags file");
   snprintf(config, sizeof config, "{\"flags\": {\"file\": \"%s\"}}", flags_path);
   pmat_shim *shim = scenario_open(NULL, config);
   print_status(shim);

   struct tally t = {0, 0, 0, 0};
   for (int round = 0; round < 2; ++round)
      for (int caller = 0; caller < 40; ++caller)
         one_request(shim, caller, caller % 3, &t);
   printf("requests: %d served, %d routed to Claude by the 25%% rollout, %d native fallbacks, "
          "%d native results from the L1 cache\n",
          t.served, t.claude_chosen, t.fallbacks, t.cache_hits);
   expect(t.served == 80, "80 requests served");
   expect(t.claude_chosen % 2 == 0, "a caller's decision is the same in both rounds");

   char *metrics = NULL;
   size_t size = 0;
   expect(pmat_shim_metrics(shim, PMAT_METRICS_JSON, &metrics, &size) == PMAT_STATUS_OK,
          "metrics render");
   printf("metrics snapshot: %zu bytes of JSON\n", size);
   pmat_shim_free(metrics);
   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
