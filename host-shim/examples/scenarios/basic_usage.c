// SPDX-License-Identifier: MIT
/* Scenario 1, "Basic usage" (the original report's Example 1 and upstream example (1)): analyze
 * one piece of code and check the integration is healthy.
 *
 * Upstream: ClaudeBridge::new(config) then bridge.analyze_code(code) and health(). Here: the
 * host shim loads libpmat_claude.so, analyzes with the default engine (native; no network, no
 * API key), and pmat_shim_status reports the serving generation. */
#include "scenario.h"

#include <stdio.h>
#include <string.h>

int main(void) {
   scenario_workdir();
   pmat_shim *shim = scenario_open(NULL, NULL);

   /* The report's snippet is Rust-like; this is the same shape in real Rust. */
   const char *code = "fn test(x: bool, y: &[u8]) { if x { for _ in y {} } }\n";
   pmat_status status;
   char *result = scenario_analyze(shim, "example.rs", code, NULL, &status);
   expect(status == PMAT_STATUS_OK && result != NULL, "analyze succeeds");
   char engine[32] = "";
   json_string(result, NULL, "engine", engine, sizeof engine);
   long complexity = json_long(result, NULL, "total_complexity", -1);
   printf("engine: %s\ncomplexity: %ld\n", engine, complexity);
   expect(strcmp(engine, "native") == 0, "the default engine is native");
   expect(complexity == 3, "fn test has cyclomatic complexity 3 (1 + if + for)");
   pmat_shim_free(result);

   /* Health: the serving generation and its plugin. */
   char *health = NULL;
   size_t size = 0;
   expect(pmat_shim_status(shim, &health, &size) == PMAT_STATUS_OK, "status succeeds");
   char id[64] = "", version[64] = "";
   json_string(health, "\"generation\"", "plugin_id", id, sizeof id);
   json_string(health, "\"generation\"", "version", version, sizeof version);
   printf("healthy: %s %s serving\n", id, version);
   expect(strcmp(id, "dev.pmat.claude") == 0, "dev.pmat.claude serves");
   pmat_shim_free(health);

   pmat_shim_close(shim);
   scenario_cleanup();
   return 0;
}
