/* SPDX-License-Identifier: MIT */
/*
 * pmat host shim: the C API that pmat (Rust, over FFI) or any other program calls to use an
 * analyzer plugin. The shim finds the plugin in a directory, loads it, validates it, serves calls,
 * and replaces it while serving when a new build is installed (hot reload).
 *
 * Conventions are those of plugin_api.h: thread tags, "host-owned"/"shim-owned" memory, and no
 * unwinding across the boundary. Every function returns a pmat_status; the calling thread's
 * message for its most recent failure is pmat_shim_last_error().
 */
#ifndef PMAT_HOST_SHIM_H
#define PMAT_HOST_SHIM_H

#include <pmat/plugin_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the shim's exported functions (the library is built with hidden visibility). */
#if defined(__GNUC__)
#define PMAT_SHIM_API __attribute__((visibility("default")))
#else
#define PMAT_SHIM_API
#endif

/* One open plugins directory with its current plugin generation. Opaque. */
typedef struct pmat_shim pmat_shim;

/* Receives the shim's and the plugin's log records. `message` is borrowed for the call.
 * Called from any shim or plugin thread, possibly concurrently. */
typedef void (*pmat_shim_log_fn)(void *user, pmat_log_level level, const char *message);

typedef struct pmat_shim_options {
   uint32_t struct_size; /* sizeof(pmat_shim_options) */

   /* Directory holding plugin .so files. NULL = $PMAT_PLUGIN_PATH, then the install location
    * (<libdir>/pmat/plugins), then the build tree's plugin folder. Borrowed for the call. */
   const char *plugin_dir;

   /* Which plugin to serve when the directory holds several: its reverse-DNS id. NULL =
    * "dev.pmat.claude" if present, else the first valid plugin in file-name order. */
   const char *plugin_id;

   /* Non-zero: watch the directory (inotify) and hot-reload when a new build of the served
    * plugin is installed by rename or finishes being written. */
   int watch;

   /* How long a replaced generation may take to finish its in-flight calls before the shim
    * reports it as stuck (it stays mapped until the calls finish; it is never unmapped under a
    * running call). 0 = 30000 ms. */
   uint32_t drain_timeout_ms;

   /* Where staged copies of plugin files live. NULL = $XDG_RUNTIME_DIR/pmat-stage, else
    * /tmp/pmat-stage-<uid>. Created with mode 0700. */
   const char *staging_dir;

   /* Configuration the plugin reads through pmat_host.config_get: a JSON object (nested objects
    * give dotted keys) or NULL. Environment variables PMAT_<KEY> (dots as underscores, upper
    * case) override it. Copied during the call. */
   const char *config_json;

   /* Log sink; NULL = the shim's own logger on stderr (level from $PMAT_LOG or $RUST_LOG). */
   pmat_shim_log_fn log;
   void *log_user;

   /* Monotonic clock given to the plugin; NULL = CLOCK_MONOTONIC. Tests pass a simulated clock. */
   uint64_t (*now_ns)(void *user);
   void *clock_user;
} pmat_shim_options;

/* Opens the plugins directory and loads the plugin to serve. On success `*shim_out` is a
 * shim-owned handle to release with pmat_shim_close. Fails with PMAT_STATUS_NOT_FOUND when the
 * directory holds no valid plugin (the message lists each file and why it was refused).
 * [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_open(const pmat_shim_options *options, pmat_shim **shim_out);

/* Stops watching, waits for in-flight calls, deinitialises and unloads every generation.
 * NULL is a no-op. No call on `shim` may be running or start afterwards. [any-thread] */
PMAT_SHIM_API void pmat_shim_close(pmat_shim *shim);

/* Analyzes one buffer with the current generation (see pmat_analyzer.analyze). On success
 * `*json_out` is a shim-owned NUL-terminated JSON object of `*size_out` bytes, to release with
 * pmat_shim_free. A reload during the call never fails it: the call finishes on the generation it
 * started on. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_analyze(pmat_shim *shim, const pmat_analyze_request *request,
                                            char **json_out, size_t *size_out);

/* Renders the plugin's metrics followed by the shim's own (reloads, generation). Same ownership
 * as pmat_shim_analyze. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_metrics(pmat_shim *shim, pmat_metrics_format format,
                                            char **text_out, size_t *size_out);

/* JSON object describing the served generation (plugin id, name, version, file, sha256 of the
 * staged copy: the loaded image, see docs/hot-reload.md; generation number, calls in flight on
 * it), the draining generations (calls still in flight, stuck past the drain timeout), and the
 * reload history. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_status(pmat_shim *shim, char **json_out, size_t *size_out);

/* Sends an operator command to the served plugin's pmat.control/1 interface (see plugin_api.h)
 * and returns its JSON answer; PMAT_STATUS_UNSUPPORTED when the plugin has no such interface.
 * Same ownership as pmat_shim_analyze. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_control(pmat_shim *shim, const char *command_json,
                                            char **json_out, size_t *size_out);

/* Reloads now: re-reads the served plugin's file (or the directory's best candidate for the same
 * plugin id) and swaps if its content changed. Returns when the new generation serves, or with
 * the refusal; on refusal the old generation keeps serving. PMAT_STATUS_OK when the content is
 * unchanged too. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_reload(pmat_shim *shim);

/* Makes signal `signo` (typically SIGHUP) request a reload of `shim`, handled on the shim's own
 * thread. For programs that own their signal dispositions, such as pmat-host; a library embedding
 * the shim should call pmat_shim_reload instead. One shim per signal. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_reload_on_signal(pmat_shim *shim, int signo);

/* Describes every plugin file in `plugin_dir` (NULL = the default search of pmat_shim_open) as a
 * JSON object {"plugin_dir": ..., "plugins": [{"file", "usable", "plugin_id", "name", "version",
 * "abi", "reason"}]}. With `full_check` zero only the entry point and ABI are read; non-zero also
 * runs init, the smoke call and deinit, exactly as a reload would. Nothing stays loaded. Same
 * ownership as pmat_shim_analyze. [any-thread] */
PMAT_SHIM_API pmat_status pmat_shim_inspect(const char *plugin_dir, int full_check, char **json_out,
                                            size_t *size_out);

/* Releases a buffer returned by this API. NULL is a no-op. [any-thread] */
PMAT_SHIM_API void pmat_shim_free(char *buffer);

/* The calling thread's message for its last failed shim call, or "". Never NULL. Shim-owned
 * thread-local storage, valid until the thread's next shim call. [any-thread] */
PMAT_SHIM_API const char *pmat_shim_last_error(void);

/* The plugin ABI version this shim implements (runtime twin of PMAT_PLUGIN_ABI_*). */
PMAT_SHIM_API pmat_abi_version pmat_shim_abi_version(void);

#ifdef __cplusplus
}
#endif

#endif /* PMAT_HOST_SHIM_H */
