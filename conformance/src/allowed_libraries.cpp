// SPDX-License-Identifier: MIT
#include "allowed_libraries.hpp"

#include <regex>

namespace pmat::conformance {

const std::vector<AllowedLibrary> &allowed_libraries() {
   static const std::vector<AllowedLibrary> k_list{
       {R"(libc\.so\.6)", "C library"},
       {R"(libm\.so\.6)", "C math library"},
       {R"(libstdc\+\+\.so\.6)", "C++ runtime (the host is C++ too)"},
       {R"(libgcc_s\.so\.1)", "unwinder and compiler runtime"},
       {R"(libpthread\.so\.0)", "threads (merged into libc since glibc 2.34)"},
       {R"(libdl\.so\.2)", "dlopen (merged into libc since glibc 2.34)"},
       {R"(librt\.so\.1)", "clocks and timers (merged into libc since glibc 2.34)"},
       {R"(libseccomp\.so\.2)", "sandbox of the Node bridge"},
       {R"(libnettle\.so\.8)", "Nettle hashing (libpmat_claude's cache keys)"},
       {R"(libcrypto\.so\.3)", "OpenSSL hashing (a plugin's own content hashes)"},
       {R"(libhiredis\.so\.0\.14)", "hiredis, the shared Redis cache tier (Debian 12's 0.14)"},
       {R"(libboost_[a-z0-9_]+\.so\.1\.81\.0)", "Boost 1.81, the project's Boost"},
       {R"(ld-linux[-a-z0-9_]*\.so\.[0-9]+)", "the dynamic loader"},
       {R"(lib(asan|ubsan|tsan|lsan)\.so\.[0-9]+)", "sanitizer runtimes of ASan/TSan CI builds"},
   };
   return k_list;
}

bool library_allowed(std::string_view file_name, const std::vector<std::string> &extra) {
   const std::string name(file_name);
   for (const auto &lib : allowed_libraries())
      if (std::regex_match(name, std::regex(std::string(lib.pattern))))
         return true;
   for (const auto &pattern : extra)
      if (std::regex_match(name, std::regex(pattern)))
         return true;
   return false;
}

} // namespace pmat::conformance
