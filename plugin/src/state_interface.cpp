// pmat.state/1: what a generation hands to the next during a hot reload, so counters continue
// and the cache stays warm. Blob layout: the 10-byte tag "PMATSTATE" + version byte, a JSON
// object (metrics), a NUL (never inside JSON text), then the L1 cache's own tagged blob.
#include "interfaces.hpp"

#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "runtime.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string_view>

namespace pmat::plugin {
namespace {

constexpr std::string_view k_tag{"PMATSTATE\x01", 10};

Runtime &require_runtime() {
   Runtime *rt = runtime();
   if (!rt)
      throw StatusError(PMAT_STATUS_NOT_INITIALIZED, "state used before init or after deinit");
   return *rt;
}

pmat_status export_state(pmat_plugin_buffer *blob_out) {
   return guarded([&]() -> pmat_status {
      if (blob_out)
         *blob_out = pmat_plugin_buffer{};
      if (!blob_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "blob_out is required");
      Runtime &rt = require_runtime();
      const boost::json::object state = {{"plugin_version", PMAT_PLUGIN_VERSION},
                                         {"metrics", rt.registry().snapshot()}};
      std::string blob = std::string(k_tag) + boost::json::serialize(state);
      blob.push_back('\0');
      if (rt.cache())
         blob += rt.cache()->l1().export_blob();
      fill_buffer(std::move(blob), blob_out);
      return PMAT_STATUS_OK;
   });
}

// The metrics snapshot inside a blob; throws StatusError for anything that is not ours.
boost::json::object metrics_in_blob(std::string_view bytes) {
   if (!bytes.starts_with(k_tag.substr(0, 9)))
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "not a pmat.claude state blob");
   if (bytes.size() < k_tag.size() || bytes[9] != k_tag[9])
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "state blob of an unknown version");
   const std::string_view json = bytes.substr(k_tag.size(), bytes.find('\0') - k_tag.size());
   boost::system::error_code ec;
   const auto parsed = boost::json::parse(json, ec);
   const auto *metrics =
       !ec && parsed.is_object() ? parsed.get_object().if_contains("metrics") : nullptr;
   if (!metrics || !metrics->is_object())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "state blob is truncated or corrupt");
   return metrics->get_object();
}

pmat_status import_state(const std::uint8_t *blob, std::size_t size) {
   return guarded([&]() -> pmat_status {
      if (!blob && size > 0)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "blob is NULL but blob_size is not 0");
      Runtime &rt = require_runtime();
      const std::string_view bytes(reinterpret_cast<const char *>(blob), blob ? size : 0);
      rt.registry().restore(metrics_in_blob(bytes));
      const auto cache_part = bytes.find('\0');
      if (rt.cache() && cache_part != std::string_view::npos)
         rt.cache()->l1().import_blob(bytes.substr(cache_part + 1)); // foreign blob: cold L1
      return PMAT_STATUS_OK;
   });
}

void release(pmat_plugin_buffer *buffer) {
   release_buffer(buffer);
}

const pmat_state k_state = {sizeof(pmat_state), export_state, import_state, release};

} // namespace

const pmat_state *state_interface() {
   return &k_state;
}

} // namespace pmat::plugin
