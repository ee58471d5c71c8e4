// SPDX-License-Identifier: MIT
/* Scenario 4, "Observability" (Example 3; upstream example (4): 10 requests, 8 ok and 2
 * application errors, then the success rate). Upstream kept its own MetricsCollector beside
 * the bridge; here the plugin counts its requests itself and the host renders them with the
 * shim's own metrics (pmat_shim_metrics), exactly what `pmat-host metrics` and GET /metrics
 * serve. The two failing requests carry malformed options, which the plugin refuses with
 * PMAT_STATUS_INVALID_ARGUMENT. */
#include "scenario.h"

#include <stdio.h>
#include <string.h>

/* Sends 10 requests, two of them invalid; returns the number that succeeded. */
static int send_requests(pmat_shim *shim) {
   int ok = 0;
   for (int i = 0; i < 10; ++i) {
      const char *options = (i == 3 || i == 7) ? "{\"engine\": 42}" : "{\"engine\":\"native\"}";
      pmat_status status;
      char *result = scenario_analyze(shim, "m.c", "int m(int x) { return x ? 1 : 0; }\n",
                                      options, &status);
      ok += status == PMAT_STATUS_OK;
      if (status != PMAT_STATUS_OK)
         printf("request %d refused: %s (%s)\n", i, pmat_status_name(status),
                pmat_shim_last_error());
      pmat_shim_free(result);
   }
   return ok;
}

/* Prints the metric lines whose name starts with one of the families below. */
static int print_families(char *text) {
   static const char *families[] = {"pmat_claude_requests_total", "pmat_claude_plugin_info",
                                     "pmat_host_plugin_generation",
                                     "pmat_host_plugin_reloads_total"};
   int found = 0;
   for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
      for (size_t f = 0; f < sizeof families / sizeof families[0]; ++f) {
         if (strncmp(line, families[f], strlen(families[f])) == 0) {
            printf("  %s\n", line);
            found += f == 0;
         }
      }
   }
   return found;
}

int main(void) {
   scenario_workdir();
   pmat_shim *shim = scenario_open(NULL, NULL);
   int ok = send_requests(shim);
   printf("success rate: %.1f%% (%d of 10)\n", ok * 10.0, ok);
   expect(ok == 8, "8 of 10 requests succeed");

   char *text = NULL;
   size_t size = 0;
   expect(pmat_shim_metrics(shim, PMAT_METRICS_PROMETHEUS_TEXT, &text, &size) == PMAT_STATUS_OK,
          "metrics render");
   printf("metrics (Prometheus text, selected families):\n");
   expect(print_families(text) > 0, "pmat_claude_requests_total is exported");
   pmat_shim_free(text);

   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
