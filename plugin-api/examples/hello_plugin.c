// SPDX-License-Identifier: MIT
/* A complete pmat plugin in plain C: counts lines, blank lines and bytes of a file.
 * It shows the whole contract (entry, init/deinit, interface lookup, plugin-owned buffers,
 * thread-local last error) in one small file. Build: see CMakeLists.txt beside it. */
#define _POSIX_C_SOURCE 200809L /* nanosleep, under strict C11 */
#include <pmat/plugin_api.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PMAT_EXAMPLE_VERSION
#define PMAT_EXAMPLE_VERSION "1.0.0"
#endif
#ifndef PMAT_EXAMPLE_ABI_MAJOR
#define PMAT_EXAMPLE_ABI_MAJOR PMAT_PLUGIN_ABI_MAJOR
#endif

static const pmat_host *g_host; /* set by init, cleared by deinit */
static volatile int g_ready;    /* analyze refuses to run outside init..deinit */
static _Thread_local char g_error[PMAT_LAST_ERROR_MAX];

static pmat_status fail(pmat_status status, const char *message) {
   snprintf(g_error, sizeof g_error, "%s", message);
   return status;
}

/* Length of the valid UTF-8 sequence at `p`, or 0 (a stray or truncated byte). */
static size_t utf8_length(const unsigned char *p) {
   size_t n = *p < 0x80                 ? 1
              : *p >= 0xC2 && *p < 0xE0 ? 2
              : *p >= 0xE0 && *p < 0xF0 ? 3
              : *p >= 0xF0 && *p < 0xF5 ? 4
                                        : 0;
   for (size_t i = 1; i < n; ++i)
      if ((p[i] & 0xC0) != 0x80)
         return 0;
   return n;
}

/* Writes `text` as a JSON string body (without quotes), replacing invalid UTF-8 with U+FFFD;
 * returns the bytes written, or needed when `cap` is too small. */
static size_t json_escape(char *out, size_t cap, const char *text) {
   size_t n = 0;
   for (const unsigned char *p = (const unsigned char *)text; *p;) {
      char tmp[8];
      size_t len = utf8_length(p), w = len;
      if (len == 0)
         w = (size_t)snprintf(tmp, sizeof tmp, "\\ufffd"), len = 1;
      else if (*p == '"' || *p == '\\')
         w = (size_t)snprintf(tmp, sizeof tmp, "\\%c", *p);
      else if (*p < 0x20)
         w = (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", *p);
      else
         memcpy(tmp, p, len);
      for (size_t i = 0; i < w; ++i, ++n)
         if (n < cap)
            out[n] = tmp[i];
      p += len;
   }
   return n;
}

struct line_counts {
   size_t lines, blank;
};

static int is_space(uint8_t c) {
   return c == ' ' || c == '\t' || c == '\r';
}

static struct line_counts count_lines(const uint8_t *content, size_t size) {
   struct line_counts counts = {0, 0};
   size_t width = 0;
   for (size_t i = 0; i < size; ++i) {
      if (content[i] == '\n') {
         counts.lines++;
         counts.blank += (width == 0);
         width = 0;
      } else {
         width += !is_space(content[i]);
      }
   }
   counts.lines += size && content[size - 1] != '\n';
   return counts;
}

/* The result object; NULL when out of memory. */
static char *render(const char *path, struct line_counts counts, size_t bytes, size_t *size) {
   size_t cap = 256 + 6 * strlen(path);
   char *json = malloc(cap);
   if (!json)
      return NULL;
   size_t n = (size_t)snprintf(json, cap, "{\"path\":\"");
   n += json_escape(json + n, cap - n, path);
   n += (size_t)snprintf(json + n, cap - n,
                         "\",\"engine\":\"example-line-counter\",\"plugin_version\":\"%s\","
                         "\"skipped\":false,\"lines\":%zu,\"blank_lines\":%zu,\"bytes\":%zu,"
                         "\"functions\":[],\"satd\":[],\"violations\":[]}",
                         PMAT_EXAMPLE_VERSION, counts.lines, counts.blank, bytes);
   *size = n;
   return json;
}

static pmat_status analyze(const pmat_analyze_request *req, pmat_plugin_buffer *out) {
   if (out)
      memset(out, 0, sizeof *out);
   if (!req || !out || (!req->content && req->content_size))
      return fail(PMAT_STATUS_INVALID_ARGUMENT, "request, content and result_out are required");
   if (!g_ready)
      return fail(PMAT_STATUS_NOT_INITIALIZED, "analyze called outside init/deinit");
#ifdef PMAT_EXAMPLE_ANALYZE_DELAY_MS /* test builds only: a long call, to observe draining */
   nanosleep(&(struct timespec){0, PMAT_EXAMPLE_ANALYZE_DELAY_MS * 1000000L}, NULL);
#endif
   struct line_counts counts = count_lines(req->content, req->content_size);
   out->data = render(req->path ? req->path : "", counts, req->content_size, &out->size);
   return out->data ? PMAT_STATUS_OK : fail(PMAT_STATUS_INTERNAL, "out of memory");
}

static void release(pmat_plugin_buffer *buffer) {
   if (!buffer)
      return;
   free((void *)buffer->data);
   memset(buffer, 0, sizeof *buffer);
}

static const pmat_analyzer k_analyzer = {sizeof(pmat_analyzer), analyze, release};

static const void *get_interface(const char *id) {
#ifdef PMAT_EXAMPLE_NO_ANALYZER /* test builds only: a plugin missing its required interface */
   (void)k_analyzer;
   id = NULL;
#endif
   if (id && strcmp(id, PMAT_ANALYZER_INTERFACE_ID) == 0)
      return &k_analyzer;
   return NULL;
}

static pmat_status init(const pmat_host *host) {
   char why[256];
   if (!host)
      return fail(PMAT_STATUS_INVALID_ARGUMENT, "host is required");
   if (!pmat_abi_compatible(host->abi_version, pmat_abi_version_compiled(), why, sizeof why))
      return fail(PMAT_STATUS_UNSUPPORTED, why);
#ifdef PMAT_EXAMPLE_FAIL_INIT
   return fail(PMAT_STATUS_INTERNAL, "example plugin built to fail init");
#endif
   g_host = host;
   g_ready = 1;
   host->log(host, PMAT_LOG_INFO, "example plugin " PMAT_EXAMPLE_VERSION " ready");
   return PMAT_STATUS_OK;
}

static void deinit(void) {
   g_ready = 0;
   g_host = NULL;
}

static const char *last_error(void) {
   return g_error;
}

__attribute__((visibility("default"))) const pmat_entry_point pmat_plugin_entry = {
    sizeof(pmat_plugin_entry),
    {PMAT_EXAMPLE_ABI_MAJOR, PMAT_PLUGIN_ABI_MINOR, PMAT_PLUGIN_ABI_PATCH},
    "dev.pmat.example",
    "pmat example line counter (C)",
    PMAT_EXAMPLE_VERSION,
    init,
    deinit,
    get_interface,
    last_error,
};
