#include "shim_client.hpp"

#include <stdexcept>

namespace pmat::serve {
namespace {

std::string take(char *buffer, std::size_t size) {
   std::string text = buffer ? std::string(buffer, size) : std::string();
   pmat_shim_free(buffer);
   return text;
}

} // namespace

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

std::string shim_status(pmat_shim *shim) {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_status(shim, &json, &size);
   std::string text = take(json, size);
   if (status != PMAT_STATUS_OK)
      throw std::runtime_error(std::string("shim status failed: ") + pmat_shim_last_error());
   return text;
}

std::string shim_metrics(pmat_shim *shim, pmat_metrics_format format) {
   char *text = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_metrics(shim, format, &text, &size);
   std::string out = take(text, size);
   if (status != PMAT_STATUS_OK)
      throw std::runtime_error(std::string("shim metrics failed: ") + pmat_shim_last_error());
   return out;
}

std::string shim_reload(pmat_shim *shim) {
   if (pmat_shim_reload(shim) == PMAT_STATUS_OK)
      return {};
   const std::string message = pmat_shim_last_error();
   return message.empty() ? "the reload was refused" : message;
}

} // namespace pmat::serve
