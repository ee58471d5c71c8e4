/* SPDX-License-Identifier: MIT */
/*
 * pmat plugin ABI, version 1.
 *
 * This header is the whole contract between a pmat host and an analyzer plugin. It compiles as
 * C11 and as C++ (11 or later), needs only <stddef.h> and <stdint.h>, and is append-only: within
 * major version 1 nothing is removed, reordered or re-typed; new members are added at the end of
 * a struct, new capabilities as new interface ids.
 *
 * Conventions (apply to every declaration below):
 *  - Requirement ids look like PMAT-ABI-012. Each one is a testable sentence; the conformance suite
 *    (pmat-plugin-conformance) cites them. Ids are never reused; a withdrawn one stays listed.
 *  - Ownership words (after Envoy): "host-owned" memory is allocated and freed by the host,
 *    "plugin-owned" memory by the plugin. Neither side ever frees the other's memory
 *    (PMAT-ABI-001). A `pmat_plugin_buffer` is plugin-owned and released through the `release`
 *    function of the interface that produced it.
 *  - Thread tags (after CLAP) on every function:
 *      [init-only]   called only by the host's loader thread, never concurrently with anything else
 *                    in the same plugin instance.
 *      [any-thread]  may be called from any thread, concurrently with any [any-thread] function.
 *  - Strings are NUL-terminated UTF-8 unless a length is given next to them.
 *  - Nothing unwinds across this boundary: no C++ exception, no Rust panic, no longjmp
 *    (PMAT-ABI-002). Every exported function reports failure through its return value.
 *  - Every struct starts with `struct_size` = sizeof the struct as the producer compiled it. A
 *    consumer reads a member only if offsetof(member) + sizeof(member) <= struct_size
 *    (PMAT_ABI_HAS_MEMBER), and treats a missing or NULL optional member as "not provided"
 *    (PMAT-ABI-003).
 */
#ifndef PMAT_PLUGIN_API_H
#define PMAT_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ------------------------------------------------------------------------------ */

/* The ABI this header describes. A plugin records the version it was compiled against in
 * `pmat_plugin_entry.abi_version`; a host records its own in `pmat_host.abi_version`.
 *
 * PMAT-ABI-010: a host loads a plugin only if the majors are equal.
 * PMAT-ABI-011: a host refuses a plugin whose minor is greater than the host's minor (the plugin
 *               may call or expect members the host does not have). The refusal message names the
 *               side that is too old and the fix.
 * PMAT-ABI-012: a plugin whose minor is lower than the host's is accepted: the host only uses
 *               members inside the plugin's `struct_size`s.
 * PMAT-ABI-013: the patch number never affects compatibility.
 * The same rules apply in the other direction: a plugin's `init` may refuse a host whose major
 * differs or whose minor is lower than the plugin's (PMAT-ABI-014), returning
 * PMAT_STATUS_UNSUPPORTED with a message. */
#define PMAT_PLUGIN_ABI_MAJOR 1
#define PMAT_PLUGIN_ABI_MINOR 0
#define PMAT_PLUGIN_ABI_PATCH 0
#define PMAT_PLUGIN_ABI_VERSION_STRING "1.0.0"

typedef struct pmat_abi_version {
   uint32_t major;
   uint32_t minor;
   uint32_t patch;
} pmat_abi_version;

#define PMAT_ABI_VERSION_INIT                                                                      \
   { PMAT_PLUGIN_ABI_MAJOR, PMAT_PLUGIN_ABI_MINOR, PMAT_PLUGIN_ABI_PATCH }

/* Runtime twin of the macros: the version this translation unit was compiled against. */
static inline pmat_abi_version pmat_abi_version_compiled(void) {
   pmat_abi_version v = PMAT_ABI_VERSION_INIT;
   return v;
}

/* True when an object of a struct whose first member is `struct_size` contains `member`. */
#define PMAT_ABI_HAS_MEMBER(ptr, type, member)                                                     \
   ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

/* ---- Status codes -----------------------------------------------------------------------------
 */

/* Return value of every fallible function. Values are stable forever (PMAT-ABI-020): the generic
 * codes 0-99 are this ABI's own; 1001-4003 are pmat's upstream `ErrorCode` values, kept so that an
 * error means the same thing in pmat's Rust code, in this plugin and in the TypeScript bridge.
 * PMAT-ABI-021: a function returns only codes listed here; a host maps any other value to
 * PMAT_STATUS_INTERNAL and reports the plugin as misbehaving. */
typedef int32_t pmat_status;

enum {
   PMAT_STATUS_OK = 0,
   PMAT_STATUS_INVALID_ARGUMENT = 1, /* a NULL where a pointer is required, bad UTF-8, bad JSON */
   PMAT_STATUS_UNSUPPORTED = 2,      /* version, language, option or operation not supported */
   PMAT_STATUS_INTERNAL = 3,         /* an internal fault; the message says where */
   PMAT_STATUS_NOT_FOUND = 4,        /* lookup without a value (cache miss, unknown config key) */
   PMAT_STATUS_TOO_LARGE = 5,        /* input above a documented limit */
   PMAT_STATUS_NOT_INITIALIZED = 6,  /* called before init or after deinit */

   /* Transport 1000-1999 */
   PMAT_STATUS_PIPE_BROKEN = 1001,
   PMAT_STATUS_FRAMING_ERROR = 1002,
   PMAT_STATUS_MESSAGE_TOO_LARGE = 1003,
   /* Bridge 2000-2999 */
   PMAT_STATUS_INITIALIZATION_TIMEOUT = 2001, /* also: a request deadline expired */
   PMAT_STATUS_WORKER_CRASHED = 2002,
   PMAT_STATUS_POOL_EXHAUSTED = 2003, /* also: circuit open */
   /* Claude API 3000-3999 */
   PMAT_STATUS_RATE_LIMITED = 3001,
   PMAT_STATUS_QUOTA_EXCEEDED = 3002,
   PMAT_STATUS_INVALID_API_KEY = 3003,
   /* Application 4000-4999 */
   PMAT_STATUS_COMPLEXITY_EXCEEDED = 4001,
   PMAT_STATUS_SATD_DETECTED = 4002,
   PMAT_STATUS_QUALITY_GATE_FAILED = 4003
};

/* Stable name of a status ("Ok", "InvalidArgument", "RateLimited", ...), or NULL for a value
 * not listed above. The names of 1001-4003 are upstream's `ErrorCode` variant names. Static
 * storage; [any-thread]. */
static inline const char *pmat_status_name(pmat_status status) {
   static const struct {
      pmat_status status;
      const char *name;
   } k_names[] = {{PMAT_STATUS_OK, "Ok"},
                  {PMAT_STATUS_INVALID_ARGUMENT, "InvalidArgument"},
                  {PMAT_STATUS_UNSUPPORTED, "Unsupported"},
                  {PMAT_STATUS_INTERNAL, "Internal"},
                  {PMAT_STATUS_NOT_FOUND, "NotFound"},
                  {PMAT_STATUS_TOO_LARGE, "TooLarge"},
                  {PMAT_STATUS_NOT_INITIALIZED, "NotInitialized"},
                  {PMAT_STATUS_PIPE_BROKEN, "PipeBrokenPipe"},
                  {PMAT_STATUS_FRAMING_ERROR, "FramingError"},
                  {PMAT_STATUS_MESSAGE_TOO_LARGE, "MessageTooLarge"},
                  {PMAT_STATUS_INITIALIZATION_TIMEOUT, "InitializationTimeout"},
                  {PMAT_STATUS_WORKER_CRASHED, "WorkerCrashed"},
                  {PMAT_STATUS_POOL_EXHAUSTED, "PoolExhausted"},
                  {PMAT_STATUS_RATE_LIMITED, "RateLimited"},
                  {PMAT_STATUS_QUOTA_EXCEEDED, "QuotaExceeded"},
                  {PMAT_STATUS_INVALID_API_KEY, "InvalidApiKey"},
                  {PMAT_STATUS_COMPLEXITY_EXCEEDED, "ComplexityExceeded"},
                  {PMAT_STATUS_SATD_DETECTED, "SatdDetected"},
                  {PMAT_STATUS_QUALITY_GATE_FAILED, "QualityGateFailed"}};
   size_t i;
   for (i = 0; i < sizeof k_names / sizeof k_names[0]; ++i)
      if (k_names[i].status == status)
         return k_names[i].name;
   return NULL;
}

/* Longest last-error message, including the NUL (PMAT-ABI-022). Longer messages are truncated at
 * a UTF-8 character boundary. */
#define PMAT_LAST_ERROR_MAX 1024

/* ---- Buffers ----------------------------------------------------------------------------------
 */

/* A byte buffer handed from the plugin to the host.
 * OWNERSHIP: plugin-owned. `data` stays valid and unchanged until the host passes the buffer to the
 * `release` function of the interface that filled it; the host calls that exactly once
 * (PMAT-ABI-030). Releasing a zeroed buffer is a no-op (PMAT-ABI-031), so a host may release a
 * buffer after a failed call without checking. `data[size]` is a NUL byte, so text buffers can be
 * used as C strings (PMAT-ABI-032). */
typedef struct pmat_plugin_buffer {
   const char *data;
   size_t size;
   void *plugin_private; /* for the plugin's release; the host never reads it */
} pmat_plugin_buffer;

/* ---- Host services, given to init -------------------------------------------------------------
 */

typedef enum pmat_log_level {
   PMAT_LOG_TRACE = 0,
   PMAT_LOG_DEBUG = 1,
   PMAT_LOG_INFO = 2,
   PMAT_LOG_WARN = 3,
   PMAT_LOG_ERROR = 4,
   /* The plugin saw the host break this contract (after CLAP's *_MISBEHAVING). */
   PMAT_LOG_HOST_MISBEHAVING = 5
} pmat_log_level;

/* What the host offers the plugin.
 * OWNERSHIP: host-owned. The pointer given to `init` and everything it points to stay valid until
 * `deinit` returns (PMAT-ABI-040). Every function pointer is non-NULL (PMAT-ABI-041). */
typedef struct pmat_host {
   uint32_t struct_size;
   pmat_abi_version abi_version; /* the host's ABI version */
   const char *host_name;        /* e.g. "pmat-host 0.1.0"; informational */

   /* Opaque host context. The plugin passes `host` back to each function below. */
   void *host_data;

   /* Writes one log record. `message` is host-borrowed for the call only.
    * [any-thread] Never blocks for long; safe to call while holding plugin locks. */
   void (*log)(const struct pmat_host *host, pmat_log_level level, const char *message);

   /* Monotonic clock in nanoseconds, arbitrary epoch. Tests give a simulated clock here, so a
    * plugin uses it (not its own clock) for every timeout, window and TTL decision.
    * [any-thread] */
   uint64_t (*now_ns)(const struct pmat_host *host);

   /* Looks up a configuration value by dotted key (e.g. "claude.pool_size"). On success writes up
    * to `capacity` bytes including a NUL into `value_out` and stores the full length (without the
    * NUL) in `*length_out`; if that length is >= capacity the value was truncated and the plugin
    * may retry with a larger buffer. Returns PMAT_STATUS_NOT_FOUND for an unknown key,
    * PMAT_STATUS_INVALID_ARGUMENT for a NULL `key` or `length_out`. `value_out` may be NULL when
    * `capacity` is 0 (a length query).
    * [any-thread] */
   pmat_status (*config_get)(const struct pmat_host *host, const char *key, char *value_out,
                             size_t capacity, size_t *length_out);
} pmat_host;

/* ---- Interfaces -------------------------------------------------------------------------------
 */

/* Interface ids: "pmat.<name>/<revision>". A revision is a new id with its own struct; an old
 * revision keeps working. PMAT-ABI-050: get_interface returns NULL for any id it does not know,
 * including a known id with trailing characters ("pmat.analyzer/1x") and NULL. */
#define PMAT_ANALYZER_INTERFACE_ID "pmat.analyzer/1"
#define PMAT_CACHE_INTERFACE_ID "pmat.cache/1"
#define PMAT_METRICS_INTERFACE_ID "pmat.metrics/1"
#define PMAT_STATE_INTERFACE_ID "pmat.state/1"
#define PMAT_CONTROL_INTERFACE_ID "pmat.control/1"

/* -- pmat.analyzer/1 (required, PMAT-ABI-051) -- */

/* One analysis request.
 * OWNERSHIP: host-owned; every pointer is borrowed for the duration of the `analyze` call only.
 * PMAT-ABI-060: `content` may contain any bytes, including NUL and invalid UTF-8; a plugin answers
 * such input with a result that says the file was skipped and why, never with a crash. */
typedef struct pmat_analyze_request {
   uint32_t struct_size;
   const char *path;     /* may be NULL; used for language detection and in the result */
   const char *language; /* may be NULL = detect; "c", "cpp", "rust", "python", "javascript",
                            "typescript", "go", "java" */
   const uint8_t *content;
   size_t content_size; /* 0 is valid (empty file); content may be NULL only when 0 */
   /* JSON object with options, or NULL for defaults. Documented in docs/result-schema.md:
    * "engine" ("auto" | "native" | "claude"), "profile" ("default" | "strict"), "caller_id",
    * "deadline_ms". Unknown keys are ignored (forward compatible). */
   const char *options_json;
} pmat_analyze_request;

typedef struct pmat_analyzer {
   uint32_t struct_size;

   /* Analyzes one file. On PMAT_STATUS_OK, `*result_out` holds a JSON object (schema:
    * docs/result-schema.md) to be released with `release`. On any other status, `*result_out` is
    * zeroed and the plugin's last-error message says why.
    * PMAT-ABI-061: NULL `request` or `result_out` -> PMAT_STATUS_INVALID_ARGUMENT.
    * PMAT-ABI-062: content above the plugin's documented limit -> PMAT_STATUS_TOO_LARGE.
    * PMAT-ABI-063: a result is never a placeholder: if the analysis could not be done the call
    * fails, it does not return zeros.
    * [any-thread] */
   pmat_status (*analyze)(const pmat_analyze_request *request, pmat_plugin_buffer *result_out);

   /* Releases a buffer filled by this interface. NULL and a zeroed buffer are no-ops.
    * [any-thread] */
   void (*release)(pmat_plugin_buffer *buffer);
} pmat_analyzer;

/* -- pmat.cache/1 (optional) -- */

typedef struct pmat_cache {
   uint32_t struct_size;

   /* Looks up `key` (any bytes, `key_size` > 0). PMAT_STATUS_OK fills `value_out` (release it with
    * `release`); PMAT_STATUS_NOT_FOUND on a miss or an expired entry. [any-thread] */
   pmat_status (*get)(const uint8_t *key, size_t key_size, pmat_plugin_buffer *value_out);

   /* Stores a copy of `value` under `key` for `ttl_ms` milliseconds (0 = the plugin's default).
    * Both buffers are host-borrowed for the call. [any-thread] */
   pmat_status (*put)(const uint8_t *key, size_t key_size, const uint8_t *value, size_t value_size,
                      uint64_t ttl_ms);

   /* JSON object with the cache's counters and sizes (docs/result-schema.md). [any-thread] */
   pmat_status (*stats)(pmat_plugin_buffer *stats_out);

   /* Drops every entry; counters keep counting (upstream's rule). [any-thread] */
   pmat_status (*clear)(void);

   void (*release)(pmat_plugin_buffer *buffer); /* as pmat_analyzer.release. [any-thread] */
} pmat_cache;

/* -- pmat.metrics/1 (optional) -- */

typedef enum pmat_metrics_format {
   PMAT_METRICS_JSON = 0,            /* a JSON snapshot */
   PMAT_METRICS_PROMETHEUS_TEXT = 1, /* text/plain; version=0.0.4 */
   PMAT_METRICS_OPENMETRICS = 2      /* application/openmetrics-text; version=1.0.0 */
} pmat_metrics_format;

typedef struct pmat_metrics {
   uint32_t struct_size;

   /* Renders the plugin's metrics. An unknown `format` -> PMAT_STATUS_UNSUPPORTED.
    * PMAT-ABI-070: the text formats parse with `promtool check metrics`. [any-thread] */
   pmat_status (*render)(pmat_metrics_format format, pmat_plugin_buffer *out);

   void (*release)(pmat_plugin_buffer *buffer); /* as pmat_analyzer.release. [any-thread] */
} pmat_metrics;

/* -- pmat.state/1 (optional): hand-off between generations during a hot reload -- */

typedef struct pmat_state {
   uint32_t struct_size;

   /* Serialises what the next generation should inherit (warm cache, counters, flag state) into
    * a blob that starts with the plugin's own format tag and version. The host treats the blob as
    * opaque bytes. Called on the old generation while it still serves. [any-thread] */
   pmat_status (*export_state)(pmat_plugin_buffer *blob_out);

   /* Loads a blob from `export_state` of a previous generation (maybe an older or newer
    * version). `blob` is host-borrowed for the call.
    * PMAT-ABI-080: a blob the plugin does not recognise (other format, unknown version, truncated,
    * garbage) is refused with PMAT_STATUS_UNSUPPORTED or PMAT_STATUS_INVALID_ARGUMENT and leaves
    * the plugin in its clean cold-start state; it never crashes.
    * Called after init and before the generation takes traffic. [init-only] */
   pmat_status (*import_state)(const uint8_t *blob, size_t blob_size);

   void (*release)(pmat_plugin_buffer *buffer); /* as pmat_analyzer.release. [any-thread] */
} pmat_state;

/* -- pmat.control/1 (optional): the operator's levers during a rollout -- */

typedef struct pmat_control {
   uint32_t struct_size;

   /* Runs one operator command, a JSON object {"command": NAME, ...}, and answers a JSON object
    * in `result_out` (release it with `release`). `command_json` is host-borrowed for the call.
    * Each plugin documents its commands (docs/operations.md lists pmat.claude's: "status",
    * "kill_switch" {"engaged": bool}, "clear_rollback", "clear_cache", "set_flags"
    * {"flags": {...}}).
    * PMAT-ABI-110: an unknown command -> PMAT_STATUS_UNSUPPORTED; a malformed command (not JSON,
    * not an object, a missing or wrong-typed argument) -> PMAT_STATUS_INVALID_ARGUMENT; a refused
    * command changes nothing.
    * PMAT-ABI-111: "status" never changes state, so a host may call it at any rate.
    * [any-thread] */
   pmat_status (*execute)(const char *command_json, pmat_plugin_buffer *result_out);

   void (*release)(pmat_plugin_buffer *buffer); /* as pmat_analyzer.release. [any-thread] */
} pmat_control;

/* ---- The entry point --------------------------------------------------------------------------
 */

/* The one symbol a plugin exports (PMAT-ABI-090): a data object named `pmat_plugin_entry` of type
 * `const pmat_entry_point`, with C linkage and default visibility. A plugin exports no other symbol
 * (PMAT-ABI-091) and defines no STB_GNU_UNIQUE symbol (PMAT-ABI-092), so that unloading really
 * unmaps it. OWNERSHIP: plugin-owned, static storage; valid while the library is loaded. */
typedef struct pmat_entry_point {
   uint32_t struct_size;
   pmat_abi_version abi_version; /* the ABI the plugin was compiled against */

   /* Reverse-DNS id (e.g. "dev.pmat.claude"), a human name and a version string. Static storage,
    * non-NULL, at most 255 bytes each (PMAT-ABI-093). Two libraries with the same id are two
    * generations of the same plugin. */
   const char *plugin_id;
   const char *name;
   const char *version;

   /* Prepares the plugin. `host` is host-owned and valid until deinit returns. Called once after
    * loading, before any other function except get_interface and last_error.
    * PMAT-ABI-100: a failed init leaves nothing running and nothing allocated; the host then
    * unloads the library without calling deinit.
    * PMAT-ABI-101: init after deinit works (the pair may repeat in one load).
    * [init-only] */
   pmat_status (*init)(const pmat_host *host);

   /* Stops the plugin: returns only after every thread the plugin started has been joined and
    * every child process it spawned has been reaped (PMAT-ABI-102), so the host may unload the
    * library right after. The host calls it only when no call into the plugin is in flight.
    * [init-only] */
   void (*deinit)(void);

   /* Returns a plugin-owned, static interface struct for `interface_id`, or NULL
    * (PMAT-ABI-050). Valid until the library is unloaded. May be called before init.
    * [any-thread] */
   const void *(*get_interface)(const char *interface_id);

   /* The calling thread's message for its most recent failed call, or "" if none. Never NULL.
    * OWNERSHIP: plugin-owned thread-local storage, valid until the same thread calls into the
    * plugin again. At most PMAT_LAST_ERROR_MAX bytes including the NUL (PMAT-ABI-022).
    * [any-thread] */
   const char *(*last_error)(void);
} pmat_entry_point;

#define PMAT_PLUGIN_ENTRY_SYMBOL "pmat_plugin_entry"

/* Checks a plugin's ABI version against a host's (PMAT-ABI-010..013). Returns 1 when compatible.
 * Otherwise returns 0 and, when `why` is non-NULL, writes a NUL-terminated explanation of at most
 * `why_capacity` bytes that names which side is too old and what to do. Usable by both sides: a
 * plugin's init calls it with the host's version to refuse an older host (PMAT-ABI-014).
 * [any-thread] */
static inline int pmat_abi_compatible(pmat_abi_version host, pmat_abi_version plugin, char *why,
                                      size_t why_capacity) {
   const char *msg = NULL;
   if (host.major != plugin.major)
      msg =
          host.major < plugin.major
              ? "plugin ABI major is newer than the host's: upgrade pmat-host, or install a plugin "
                "built for this host's ABI major"
              : "plugin ABI major is older than the host's: upgrade the plugin (rebuild it "
                "against this host's plugin_api.h)";
   else if (plugin.minor > host.minor)
      msg = "plugin needs a newer ABI minor than the host provides: upgrade pmat-host, or install "
            "a plugin built against an older plugin_api.h";
   if (msg == NULL)
      return 1;
   if (why != NULL && why_capacity > 0) {
      size_t i = 0;
      for (; msg[i] != '\0' && i + 1 < why_capacity; ++i)
         why[i] = msg[i];
      why[i] = '\0';
   }
   return 0;
}

#ifdef __cplusplus
}
#endif

#endif /* PMAT_PLUGIN_API_H */
