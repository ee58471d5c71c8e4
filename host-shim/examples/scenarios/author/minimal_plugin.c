// SPDX-License-Identifier: MIT
/* A complete pmat analyzer plugin in plain C: counts the lines of a file. */
#include <pmat/plugin_api.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char g_error[PMAT_LAST_ERROR_MAX];
static int g_ready; /* between init and deinit; the host orders these calls with analyze */

static pmat_status analyze(const pmat_analyze_request *req, pmat_plugin_buffer *out) {
   if (out)
      memset(out, 0, sizeof *out); /* on failure the buffer must be zeroed */
   if (!req || !out || (!req->content && req->content_size)) {
      snprintf(g_error, sizeof g_error, "request, content and result_out are required");
      return PMAT_STATUS_INVALID_ARGUMENT;
   }
   if (!g_ready) {
      snprintf(g_error, sizeof g_error, "analyze called outside init/deinit");
      return PMAT_STATUS_NOT_INITIALIZED;
   }
   size_t lines = 0, nul = 0;
   for (size_t i = 0; i < req->content_size; ++i) {
      lines += req->content[i] == '\n';
      nul += req->content[i] == 0;
   }
   char *json = malloc(128);
   if (!json) {
      snprintf(g_error, sizeof g_error, "out of memory");
      return PMAT_STATUS_INTERNAL;
   }
   if (nul) /* binary content is skipped, with the reason (PMAT-ABI-060) */
      out->size = (size_t)snprintf(json, 128, "{\"skipped\":true,\"skip_reason\":\"NUL byte\"}");
   else
      out->size = (size_t)snprintf(json, 128, "{\"skipped\":false,\"lines\":%zu,\"bytes\":%zu}",
                                   lines, req->content_size);
   out->data = json; /* snprintf wrote data[size] == NUL (PMAT-ABI-032) */
   return PMAT_STATUS_OK;
}

static void release(pmat_plugin_buffer *buffer) {
   if (buffer) {
      free((void *)buffer->data);
      memset(buffer, 0, sizeof *buffer);
   }
}

static const pmat_analyzer k_analyzer = {sizeof(pmat_analyzer), analyze, release};

static const void *get_interface(const char *id) {
   return id && strcmp(id, PMAT_ANALYZER_INTERFACE_ID) == 0 ? &k_analyzer : NULL;
}

static pmat_status init(const pmat_host *host) {
   if (!host) {
      snprintf(g_error, sizeof g_error, "host is required");
      return PMAT_STATUS_INVALID_ARGUMENT;
   }
   /* Refuse a host whose ABI this build cannot use (PMAT-ABI-014); the message says why. */
   if (!pmat_abi_compatible(host->abi_version, pmat_abi_version_compiled(), g_error, sizeof g_error))
      return PMAT_STATUS_UNSUPPORTED;
   g_ready = 1;
   return PMAT_STATUS_OK;
}

static void deinit(void) {
   g_ready = 0;
}

static const char *last_error(void) {
   return g_error;
}

__attribute__((visibility("default"))) const pmat_entry_point pmat_plugin_entry = {
    sizeof(pmat_entry_point), PMAT_ABI_VERSION_INIT, "dev.example.lines", "line counter (C)",
    "1.0.0", init, deinit, get_interface, last_error};
