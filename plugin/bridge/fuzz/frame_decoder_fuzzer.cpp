// SPDX-License-Identifier: MIT
// libFuzzer entry: the decoder invariants of tests/codec_check.hpp on arbitrary input.
#include <cstdio>
#include <cstdlib>

#include "codec_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
   if (const auto bad = pmat::bridge::test::check_codec_invariants(data, size)) {
      std::fprintf(stderr, "invariant violated: %s\n", bad->c_str());
      std::abort();
   }
   return 0;
}
