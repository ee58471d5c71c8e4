// SPDX-License-Identifier: MIT
/* Compiled as strict C11 with warnings as errors: the ABI header must not need C++ or GNU C. */
#include <pmat/plugin_api.h>

#include <stdio.h>
#include <string.h>

int main(void) {
   pmat_abi_version v = pmat_abi_version_compiled();
   char why[128];
   if (v.major != PMAT_PLUGIN_ABI_MAJOR || !pmat_abi_compatible(v, v, why, sizeof why)) {
      fputs("a version must be compatible with itself\n", stderr);
      return 1;
   }
   if (strcmp(pmat_status_name(PMAT_STATUS_RATE_LIMITED), "RateLimited") != 0) {
      fputs("status names differ from upstream's ErrorCode names\n", stderr);
      return 1;
   }
   if (offsetof(pmat_analyzer, struct_size) != 0 || offsetof(pmat_entry_point, struct_size) != 0) {
      fputs("struct_size must be the first member\n", stderr);
      return 1;
   }
   puts("plugin_api.h compiles as C11");
   return 0;
}
