// SPDX-License-Identifier: MIT
// pmat.state/1: what a generation hands to the next during a hot reload, so counters continue
// and the cache stays warm. Blob layout, every length little-endian u32:
//   "PMATSTATE" + version byte (2) | json length | JSON {"plugin_version", "metrics"} |
//   cache length | the L1 cache's own tagged blob
// Anything else, including a blob one byte short, is refused and changes nothing.
#include "interfaces.hpp"
#include "version.hpp"

#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "runtime.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <string_view>

namespace pmat::plugin {
namespace {

constexpr std::string_view k_tag{"PMATSTATE\x02", 10};

void append_section(std::string &blob, std::string_view section) {
   const auto n = static_cast<std::uint32_t>(section.size());
   for (int shift = 0; shift < 32; shift += 8)
      blob.push_back(static_cast<char>((n >> shift) & 0xFF));
   blob.append(section);
}

// Takes the next length-prefixed section off the front of `rest`; nullopt when it is cut short.
std::optional<std::string_view> take_section(std::string_view &rest) {
   if (rest.size() < 4)
      return std::nullopt;
   std::uint32_t n = 0;
   for (int i = 3; i >= 0; --i)
      n = (n << 8) | static_cast<unsigned char>(rest[static_cast<std::size_t>(i)]);
   if (rest.size() - 4 < n)
      return std::nullopt;
   const std::string_view section = rest.substr(4, n);
   rest.remove_prefix(4 + std::size_t{n});
   return section;
}

pmat_status export_state(pmat_plugin_buffer *blob_out) {
   return guarded([&]() -> pmat_status {
      if (blob_out)
         *blob_out = pmat_plugin_buffer{};
      if (!blob_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "blob_out is required");
      Runtime &rt = require_runtime("state used");
      const boost::json::object state = {{"plugin_version", k_plugin_version},
                                         {"metrics", rt.registry().snapshot()}};
      std::string blob(k_tag);
      append_section(blob, boost::json::serialize(state));
      append_section(blob, rt.cache() ? rt.cache()->l1().export_blob() : std::string());
      fill_buffer(std::move(blob), blob_out);
      return PMAT_STATUS_OK;
   });
}

struct StateParts {
   boost::json::object metrics;
   std::string_view cache;
};

boost::json::object metrics_of(std::string_view json) {
   boost::system::error_code ec;
   const auto parsed = boost::json::parse(json, ec);
   const auto *metrics =
       !ec && parsed.is_object() ? parsed.get_object().if_contains("metrics") : nullptr;
   if (!metrics || !metrics->is_object())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "state blob is corrupt");
   return metrics->get_object();
}

// The parts of a blob; throws StatusError for anything that is not a complete blob of ours.
StateParts parse_blob(std::string_view bytes) {
   if (!bytes.starts_with(k_tag.substr(0, 9)))
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "not a pmat.claude state blob");
   if (bytes.size() < k_tag.size() || bytes[9] != k_tag[9])
      throw StatusError(PMAT_STATUS_UNSUPPORTED, "state blob of an unknown version");
   std::string_view rest = bytes.substr(k_tag.size());
   const auto json = take_section(rest);
   const auto cache = take_section(rest);
   if (!json || !cache || !rest.empty())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "state blob is truncated or has trailing bytes");
   return {metrics_of(*json), *cache};
}

pmat_status import_state(const std::uint8_t *blob, std::size_t size) {
   return guarded([&]() -> pmat_status {
      if (!blob && size > 0)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "blob is NULL but blob_size is not 0");
      Runtime &rt = require_runtime("state used");
      const auto parts =
          parse_blob(std::string_view(reinterpret_cast<const char *>(blob), blob ? size : 0));
      if (rt.cache() && !parts.cache.empty()) {
         using Status = pmat::cache::L1ImportReport::Status;
         if (rt.cache()->l1().import_blob(parts.cache).status == Status::Corrupt)
            throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "state blob's cache part is corrupt");
      }
      rt.registry().restore(parts.metrics);
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
