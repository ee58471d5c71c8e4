#include "shim_client.hpp"

#include <stdexcept>

namespace pmat::serve {
std::string shim_status(pmat_shim *shim) {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_status(shim, &json, &size);
   std::string text = take_shim_buffer(json, size);
   if (status != PMAT_STATUS_OK)
      throw std::runtime_error(std::string("shim status failed: ") + pmat_shim_last_error());
   return text;
}

std::string shim_metrics(pmat_shim *shim, pmat_metrics_format format) {
   char *text = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_metrics(shim, format, &text, &size);
   std::string out = take_shim_buffer(text, size);
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
