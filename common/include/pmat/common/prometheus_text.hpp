// SPDX-License-Identifier: MIT
// The one writer of the Prometheus text exposition format (0.0.4) and its OpenMetrics 1.0
// variant, for the plugin's registry, the host shim's families and pmat-host serve's own. It
// writes lines; what a value looks like is the caller's choice (it is streamed with `<<` as
// given), so each caller keeps its number format. Not thread-safe on `out`; otherwise stateless.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pmat::common::prometheus {

// A series' labels in the order they are written: (name, value).
using Labels = std::vector<std::pair<std::string, std::string>>;

// A label value with backslash, double quote and newline escaped (\\, \", \n).
inline std::string escape_label_value(std::string_view value) {
   std::string out;
   out.reserve(value.size());
   for (const char c : value) {
      if (c == '\n') {
         out += "\\n";
         continue;
      }
      if (c == '\\' || c == '"')
         out.push_back('\\');
      out.push_back(c);
   }
   return out;
}

// HELP text with backslash and newline escaped (\\, \n); a double quote stays as it is.
inline std::string escape_help(std::string_view help) {
   std::string out;
   out.reserve(help.size());
   for (const char c : help) {
      if (c == '\n')
         out += "\\n";
      else if (c == '\\')
         out += "\\\\";
      else
         out.push_back(c);
   }
   return out;
}

// `{a="x",b="y"}` with the values escaped, then `extra` (an already written pair such as
// le="0.5") last; "" when there are no labels and no extra.
inline std::string label_set(const Labels &labels, std::string_view extra = {}) {
   if (labels.empty() && extra.empty())
      return {};
   std::string out = "{";
   for (const auto &[name, value] : labels) {
      if (out.size() > 1)
         out += ",";
      out += name + "=\"" + escape_label_value(value) + "\"";
   }
   if (!extra.empty()) {
      if (out.size() > 1)
         out += ",";
      out += extra;
   }
   return out + "}";
}

// "# HELP name help" and "# TYPE name type". OpenMetrics names a counter family without the
// "_total" its samples carry; a counter whose name lacks it keeps its name.
inline void write_family(std::ostream &out, std::string_view name, std::string_view type,
                         std::string_view help, bool openmetrics) {
   const std::string_view total = "_total";
   if (openmetrics && type == "counter" && name.ends_with(total))
      name.remove_suffix(total.size());
   out << "# HELP " << name << " " << escape_help(help) << "\n# TYPE " << name << " " << type
       << "\n";
}

// "name{labels} value".
template <typename Value>
void write_sample(std::ostream &out, std::string_view name, const Labels &labels,
                  const Value &value) {
   out << name << label_set(labels) << " " << value << "\n";
}

// "name value", a series without labels.
template <typename Value>
void write_sample(std::ostream &out, std::string_view name, const Value &value) {
   out << name << " " << value << "\n";
}

// A family's header and its one unlabelled sample: the common shape of a gauge.
template <typename Value>
void write_gauge(std::ostream &out, std::string_view name, std::string_view help,
                 const Value &value, bool openmetrics) {
   write_family(out, name, "gauge", help, openmetrics);
   write_sample(out, name, value);
}

// A histogram series: name_bucket{labels,le="bound"} with cumulative counts, the +Inf bucket,
// name_sum and name_count. `counts` holds each bucket's own count, one per bound and then the
// +Inf bucket's (counts.size() == upper_bounds.size() + 1; a missing count is 0). Bounds and the
// sum are streamed as given. Bounds and Counts: anything with size() and operator[] (vector,
// array, span).
template <typename Bounds, typename Counts, typename Sum>
void write_histogram(std::ostream &out, std::string_view name, const Labels &labels,
                     const Bounds &upper_bounds, const Counts &counts, const Sum &sum) {
   // The labels of each bucket line: the series' own, then le.
   std::string bucket_labels = label_set(labels);
   bucket_labels = labels.empty() ? "{" : bucket_labels.substr(0, bucket_labels.size() - 1) + ",";
   std::uint64_t cumulative = 0;
   for (std::size_t i = 0; i <= upper_bounds.size(); ++i) {
      cumulative += i < counts.size() ? static_cast<std::uint64_t>(counts[i]) : 0;
      out << name << "_bucket" << bucket_labels << "le=\"";
      if (i < upper_bounds.size())
         out << upper_bounds[i];
      else
         out << "+Inf";
      out << "\"} " << cumulative << "\n";
   }
   out << name << "_sum" << label_set(labels) << " " << sum << "\n";
   out << name << "_count" << label_set(labels) << " " << cumulative << "\n";
}

} // namespace pmat::common::prometheus
