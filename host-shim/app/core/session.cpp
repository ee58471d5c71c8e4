#include "session.hpp"

#include <iostream>
#include <stdexcept>

namespace pmat::cli {

ShimHandle open_shim(const std::string &plugin_dir, bool watch) {
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   options.plugin_dir = plugin_dir.empty() ? nullptr : plugin_dir.c_str();
   options.watch = watch ? 1 : 0;
   pmat_shim *shim = nullptr;
   if (pmat_shim_open(&options, &shim) != PMAT_STATUS_OK)
      throw std::runtime_error(pmat_shim_last_error());
   return ShimHandle(shim);
}

ShimHandle open_shim_or_report(const std::string &plugin_dir) {
   try {
      return open_shim(plugin_dir);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host: cannot load a plugin: " << e.what() << "\n";
      return {};
   }
}

std::string take_shim_buffer(char *buffer, std::size_t size) {
   std::string text = buffer ? std::string(buffer, size) : std::string();
   pmat_shim_free(buffer);
   return text;
}

} // namespace pmat::cli
