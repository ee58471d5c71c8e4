// SPDX-License-Identifier: MIT
// pmat_plugin_entry: the one symbol libpmat_claude.so exports.
#include "c_boundary.hpp"
#include "interfaces.hpp"
#include "runtime.hpp"
#include "version.hpp"

#include <pmat/plugin_api.h>

#include <cstring>
#include <mutex>

namespace pmat::plugin {
namespace {

std::mutex g_lifecycle; // init/deinit are [init-only]; this makes misuse safe, not supported

void check_host(const pmat_host *host) {
   if (!host)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "host is required");
   if (host->struct_size < offsetof(pmat_host, config_get) + sizeof(host->config_get))
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "host struct_size is smaller than ABI 1.0's");
   char why[256];
   // The host as host, this plugin as plugin: an older host minor or another major is refused,
   // a newer host minor is fine (PMAT-ABI-012, PMAT-ABI-014).
   if (!pmat_abi_compatible(host->abi_version, pmat_abi_version_compiled(), why, sizeof why))
      throw StatusError(PMAT_STATUS_UNSUPPORTED, std::string("host ABI refused: ") + why);
   if (!host->log || !host->now_ns || !host->config_get)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "host has a NULL service function (PMAT-ABI-041)");
}

pmat_status init(const pmat_host *host) {
   return guarded([&]() -> pmat_status {
      std::lock_guard lock(g_lifecycle);
      check_host(host);
      if (runtime())
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "init called twice without deinit");
      set_runtime(new Runtime(host));
      runtime()->log(PMAT_LOG_INFO,
                     std::string("pmat claude plugin ") + k_plugin_version + " initialised");
      return PMAT_STATUS_OK;
   });
}

void deinit() {
   std::lock_guard lock(g_lifecycle);
   Runtime *rt = runtime();
   set_runtime(nullptr);
   delete rt;
}

const void *get_interface(const char *id) {
   if (!id)
      return nullptr;
   if (std::strcmp(id, PMAT_ANALYZER_INTERFACE_ID) == 0)
      return analyzer_interface();
   if (std::strcmp(id, PMAT_CACHE_INTERFACE_ID) == 0)
      return cache_interface();
   if (std::strcmp(id, PMAT_METRICS_INTERFACE_ID) == 0)
      return metrics_interface();
   if (std::strcmp(id, PMAT_STATE_INTERFACE_ID) == 0)
      return state_interface();
   if (std::strcmp(id, PMAT_CONTROL_INTERFACE_ID) == 0)
      return control_interface();
   return nullptr;
}

const char *last_error() {
   return last_error_text();
}

} // namespace
} // namespace pmat::plugin

extern "C" __attribute__((visibility("default"))) const pmat_entry_point pmat_plugin_entry = {
    sizeof(pmat_entry_point),  PMAT_ABI_VERSION_INIT,          "dev.pmat.claude",
    "pmat Claude integration", pmat::plugin::k_plugin_version, pmat::plugin::init,
    pmat::plugin::deinit,      pmat::plugin::get_interface,    pmat::plugin::last_error,
};
