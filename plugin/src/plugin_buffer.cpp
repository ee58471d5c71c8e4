// SPDX-License-Identifier: MIT
#include "plugin_buffer.hpp"

#include <memory>

namespace pmat::plugin {

void fill_buffer(std::string &&text, pmat_plugin_buffer *out) {
   auto owned = std::make_unique<std::string>(std::move(text));
   out->data = owned->c_str();
   out->size = owned->size();
   out->plugin_private = owned.release();
}

void release_buffer(pmat_plugin_buffer *buffer) noexcept {
   if (!buffer)
      return;
   delete static_cast<std::string *>(buffer->plugin_private);
   *buffer = pmat_plugin_buffer{};
}

} // namespace pmat::plugin
