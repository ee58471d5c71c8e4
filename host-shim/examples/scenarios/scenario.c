// SPDX-License-Identifier: MIT
/* Helpers shared by the scenario programs (see scenario.h). */
#define _XOPEN_SOURCE 700
#include "scenario.h"

#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char g_workdir[256];

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
   (void)sb, (void)flag, (void)ftw;
   return remove(path);
}

const char *scenario_workdir(void) {
   char path[300];
   if (g_workdir[0])
      return g_workdir;
   snprintf(g_workdir, sizeof g_workdir, "/tmp/pmat-scenario-XXXXXX");
   expect(mkdtemp(g_workdir) != NULL, "mkdtemp");
   snprintf(path, sizeof path, "%s/cache", g_workdir);
   setenv("XDG_CACHE_HOME", path, 1);
   snprintf(path, sizeof path, "%s/config", g_workdir);
   setenv("XDG_CONFIG_HOME", path, 1);
   return g_workdir;
}

void scenario_cleanup(void) {
   if (g_workdir[0])
      nftw(g_workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
   g_workdir[0] = '\0';
}

pmat_shim *scenario_open(const char *plugin_dir, const char *config_json) {
   char stage[300];
   snprintf(stage, sizeof stage, "%s/stage", scenario_workdir());
   pmat_shim_options options;
   memset(&options, 0, sizeof options);
   options.struct_size = sizeof options;
   options.plugin_dir = plugin_dir ? plugin_dir : PMAT_SCENARIO_PLUGIN_DIR;
   options.plugin_id = "dev.pmat.claude";
   options.staging_dir = stage;
   options.config_json = config_json;
   pmat_shim *shim = NULL;
   if (pmat_shim_open(&options, &shim) != PMAT_STATUS_OK) {
      fprintf(stderr, "pmat_shim_open: %s\n", pmat_shim_last_error());
      scenario_cleanup();
      exit(1);
   }
   return shim;
}

char *scenario_analyze(pmat_shim *shim, const char *path, const char *code,
                       const char *options_json, pmat_status *status) {
   pmat_analyze_request request;
   memset(&request, 0, sizeof request);
   request.struct_size = sizeof request;
   request.path = path;
   request.content = (const uint8_t *)code;
   request.content_size = strlen(code);
   request.options_json = options_json;
   char *json = NULL;
   size_t size = 0;
   *status = pmat_shim_analyze(shim, &request, &json, &size);
   return json;
}

/* Start of the value of `"key":` after `scope`, or NULL. */
static const char *value_of(const char *json, const char *scope, const char *key) {
   char needle[128];
   const char *from = json;
   if (!json)
      return NULL;
   if (scope) {
      from = strstr(json, scope);
      if (!from)
         return NULL;
   }
   snprintf(needle, sizeof needle, "\"%s\":", key);
   const char *at = strstr(from, needle);
   return at ? at + strlen(needle) : NULL;
}

int json_string(const char *json, const char *scope, const char *key, char *out, size_t cap) {
   const char *at = value_of(json, scope, key);
   if (!at || *at != '"' || cap == 0)
      return 0;
   size_t n = 0;
   for (++at; *at && *at != '"' && n + 1 < cap; ++at)
      out[n++] = *at;
   out[n] = '\0';
   return 1;
}

long json_long(const char *json, const char *scope, const char *key, long fallback) {
   const char *at = value_of(json, scope, key);
   char *end = NULL;
   if (!at)
      return fallback;
   long value = strtol(at, &end, 10);
   return end == at ? fallback : value;
}

int make_dir(const char *path) {
   return mkdir(path, 0700);
}

int write_file(const char *path, const char *text) {
   FILE *f = fopen(path, "w");
   if (!f)
      return -1;
   int ok = fputs(text, f) >= 0;
   return (fclose(f) == 0 && ok) ? 0 : -1;
}

unsigned long long now_ns(void) {
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

void expect(int ok, const char *what) {
   if (ok)
      return;
   fprintf(stderr, "FAILED: %s\n", what);
   scenario_cleanup();
   exit(1);
}
