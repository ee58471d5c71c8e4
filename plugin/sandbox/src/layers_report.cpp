// SPDX-License-Identifier: MIT
// The launcher's start-up report as JSON, written by the launcher and read back by the pool.
#include <pmat/sandbox/layers_report.hpp>

#include <algorithm>

#include <boost/json.hpp>

namespace pmat::sandbox {
namespace json = boost::json;

namespace {

json::array names_of(const std::vector<Layer> &layers) {
   json::array out;
   for (Layer layer : layers)
      out.emplace_back(layer_name(layer));
   return out;
}

std::vector<Layer> layers_of(const json::value *value) {
   std::vector<Layer> out;
   if (value == nullptr || !value->is_array())
      return out;
   for (const auto &item : value->get_array()) {
      if (!item.is_string())
         continue;
      if (auto layer = layer_from_name(item.get_string()))
         out.push_back(*layer);
   }
   return out;
}

std::map<Layer, std::string> reasons_of(const json::value *value) {
   std::map<Layer, std::string> out;
   if (value == nullptr || !value->is_object())
      return out;
   for (const auto &[key, reason] : value->get_object()) {
      auto layer = layer_from_name(key);
      if (layer && reason.is_string())
         out[*layer] = std::string(reason.get_string());
   }
   return out;
}

bool flag(const json::object &object, std::string_view key) {
   const auto *value = object.if_contains(key);
   return value != nullptr && value->is_bool() && value->get_bool();
}

} // namespace

bool LayersReport::is_active(Layer layer) const {
   return std::find(active.begin(), active.end(), layer) != active.end();
}

std::string format_layers_report(const LayersReport &report) {
   json::object unavailable;
   for (const auto &[layer, reason] : report.unavailable)
      unavailable[layer_name(layer)] = reason;
   // Key order is fixed so the line starts with report_prefix.
   json::object object;
   object["pmat_sandbox"] = 1;
   object["ok"] = report.ok;
   object["degraded"] = report.degraded;
   object["active"] = names_of(report.active);
   object["unavailable"] = std::move(unavailable);
   object["skipped"] = names_of(report.skipped);
   object["launcher_pid"] = report.launcher_pid;
   if (!report.cgroup_memory.empty())
      object["cgroup_memory"] = report.cgroup_memory;
   return json::serialize(object);
}

std::optional<LayersReport> parse_layers_report(std::string_view line) {
   if (!line.starts_with(k_report_prefix))
      return std::nullopt;
   boost::system::error_code error;
   json::value value = json::parse(line, error);
   if (error || !value.is_object())
      return std::nullopt;
   const auto &object = value.get_object();
   const auto *pid = object.if_contains("launcher_pid");
   LayersReport report;
   report.ok = flag(object, "ok");
   report.degraded = flag(object, "degraded");
   report.active = layers_of(object.if_contains("active"));
   report.unavailable = reasons_of(object.if_contains("unavailable"));
   report.skipped = layers_of(object.if_contains("skipped"));
   report.launcher_pid =
       pid != nullptr && pid->is_int64() ? static_cast<long>(pid->get_int64()) : 0;
   const auto *memory = object.if_contains("cgroup_memory");
   if (memory != nullptr && memory->is_string())
      report.cgroup_memory = std::string(memory->get_string());
   return report;
}

} // namespace pmat::sandbox
