#include "layer_report.hpp"

#include <boost/json/parse.hpp>

namespace pmat::doctor {
namespace {

namespace json = boost::json;

constexpr std::string_view k_prefix = "{\"pmat_sandbox\":1,";

std::set<std::string> names(const json::object &object, const char *key) {
   std::set<std::string> out;
   const auto *value = object.if_contains(key);
   if (!value || !value->is_array())
      return out;
   for (const auto &item : value->as_array())
      if (item.is_string())
         out.emplace(item.as_string());
   return out;
}

std::map<std::string, std::string> reasons(const json::object &object) {
   std::map<std::string, std::string> out;
   const auto *value = object.if_contains("unavailable");
   if (!value || !value->is_object())
      return out;
   for (const auto &[layer, reason] : value->as_object())
      out[std::string(layer)] = reason.is_string() ? std::string(reason.as_string()) : "";
   return out;
}

bool flag(const json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_bool() && value->as_bool();
}

std::optional<LayerReport> parse_line(std::string_view line) {
   if (!line.starts_with(k_prefix))
      return std::nullopt;
   boost::system::error_code ec;
   auto value = json::parse(line, ec);
   if (ec || !value.is_object())
      return std::nullopt;
   const auto &object = value.as_object();
   LayerReport report;
   report.ok = flag(object, "ok");
   report.degraded = flag(object, "degraded");
   report.active = names(object, "active");
   report.skipped = names(object, "skipped");
   report.unavailable = reasons(object);
   report.raw = object;
   return report;
}

} // namespace

std::optional<LayerReport> find_layer_report(std::string_view text) {
   while (!text.empty()) {
      const std::size_t end = text.find('\n');
      if (auto report = parse_line(text.substr(0, end)))
         return report;
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
   }
   return std::nullopt;
}

} // namespace pmat::doctor
