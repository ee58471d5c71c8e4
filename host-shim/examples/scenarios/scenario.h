/* SPDX-License-Identifier: MIT */
/* Shared helpers of the scenario programs: a private working directory, opening the shim on the
 * build tree's plugins directory, one analyze call, and reading fields out of a result. */
#ifndef PMAT_SCENARIO_H
#define PMAT_SCENARIO_H

#include <pmat/host_shim.h>

#include <stddef.h>

/* A private directory under /tmp for flags, cache and staged plugin copies; removed by
 * scenario_cleanup. XDG_CACHE_HOME and XDG_CONFIG_HOME point into it, so a scenario never reads
 * or writes the user's own files. Returns its path (static storage) or exits on failure. */
const char *scenario_workdir(void);
void scenario_cleanup(void);

/* Opens the shim on `plugin_dir` (NULL = the build tree's plugins) serving dev.pmat.claude,
 * with `config_json` (NULL = none). Exits with a message on failure. */
pmat_shim *scenario_open(const char *plugin_dir, const char *config_json);

/* Analyzes `code` (labelled `path`) with `options_json`; returns the result JSON (release with
 * pmat_shim_free) or NULL, with the status in `*status`. */
char *scenario_analyze(pmat_shim *shim, const char *path, const char *code,
                       const char *options_json, pmat_status *status);

/* Copies the string value of the first `"key":"..."` found after `scope` (NULL = the start)
 * into `out`; returns 0 when absent. Enough for the compact JSON the plugin writes. */
int json_string(const char *json, const char *scope, const char *key, char *out, size_t cap);

/* The integer value of the first `"key":N` after `scope`, or `fallback`. */
long json_long(const char *json, const char *scope, const char *key, long fallback);

/* Creates directory `path` (its parent must exist); 0 on success. */
int make_dir(const char *path);

/* Writes `text` to `path` (0 on success). */
int write_file(const char *path, const char *text);

/* Monotonic time in nanoseconds. */
unsigned long long now_ns(void);

/* Prints a failed expectation and exits 1 when `ok` is false. */
void expect(int ok, const char *what);

#endif
