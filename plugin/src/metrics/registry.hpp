// SPDX-License-Identifier: MIT
// The plugin's metric families. Every series is registered up front with fixed label values,
// so the label sets are bounded by the code, never by request data (no paths, ids or hashes).
#pragma once

#include "instruments.hpp"

#include <pmat/common/prometheus_text.hpp>
#include <pmat/plugin_api.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <deque>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace pmat::plugin::metrics {

using Labels = pmat::common::prometheus::Labels;

class Registry {
 public:
   // Registration: call before the registry is shared between threads. Names follow Prometheus
   // conventions (base units, counters end in _total).
   Counter &counter(const std::string &name, const std::string &help, Labels labels = {});
   Histogram &histogram(const std::string &name, const std::string &help,
                        std::vector<double> bounds, Labels labels = {});
   void gauge(const std::string &name, const std::string &help, Labels labels,
              std::function<double()> read);
   // A counter whose value another component keeps (e.g. the cache's hit counts); rendered and
   // handed across reloads like a counter (a restored value is added as an offset).
   void counter_fn(const std::string &name, const std::string &help, Labels labels,
                   std::function<std::uint64_t()> read);
   // A counter of a fractional quantity (e.g. USD), kept in integer sub-units (`per_unit` of
   // them make one unit, e.g. 1e9 nano-dollars) and rendered in the unit; handed across reloads
   // in sub-units like any counter.
   Counter &scaled_counter(const std::string &name, const std::string &help, Labels labels,
                           double per_unit);

   // Text exposition: PMAT_METRICS_PROMETHEUS_TEXT (0.0.4) or PMAT_METRICS_OPENMETRICS (1.0.0).
   std::string render_text(pmat_metrics_format format) const;
   boost::json::object render_json() const;

   // Counter and histogram values keyed by series, for the hot-reload state hand-off.
   boost::json::object snapshot() const;
   // Adds a snapshot's values to the matching series; unknown series are ignored.
   void restore(const boost::json::object &snapshot);

   std::size_t series_count() const;

 private:
   enum class Kind { Counter, Histogram, Gauge };
   struct Series {
      Labels labels;
      Counter *counter = nullptr;
      Histogram *histogram = nullptr;
      std::function<double()> gauge;
      std::function<std::uint64_t()> counter_fn;
      std::uint64_t offset = 0; // restored value of a counter_fn series
      double per_unit = 0;      // scaled counters only: sub-units per rendered unit
      std::uint64_t counter_value() const {
         return counter ? counter->value() : counter_fn() + offset;
      }
      bool is_counter() const { return counter != nullptr || static_cast<bool>(counter_fn); }
      // The value as exposed: the count, or for a scaled counter the count in units.
      boost::json::value exposed_value() const {
         if (per_unit > 0)
            return static_cast<double>(counter_value()) / per_unit;
         return counter_value();
      }
   };
   struct Family {
      std::string name;
      std::string help;
      Kind kind;
      std::vector<Series> series;
   };
   Family &family(const std::string &name, const std::string &help, Kind kind);
   static const char *type_name(Kind kind);
   static void render_family(std::ostringstream &out, const Family &family, bool openmetrics);

   std::deque<Family> families_;
   std::deque<Counter> counters_;
   std::deque<Histogram> histograms_;
};

} // namespace pmat::plugin::metrics
