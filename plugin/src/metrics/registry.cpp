// SPDX-License-Identifier: MIT
#include "registry.hpp"

#include <pmat/common/prometheus_text.hpp>

#include <boost/json/array.hpp>

#include <cmath>
#include <sstream>

namespace pmat::plugin::metrics {
namespace {

namespace prometheus = pmat::common::prometheus;

std::string number(double value) {
   if (std::isinf(value))
      return value > 0 ? "+Inf" : "-Inf";
   std::ostringstream out;
   out.precision(17);
   out << value;
   return out.str();
}

// A non-negative integer JSON value; false for anything else (a foreign blob never throws).
bool as_count(const boost::json::value &value, std::uint64_t &out) {
   if (value.is_uint64())
      out = value.get_uint64();
   else if (value.is_int64() && value.get_int64() >= 0)
      out = static_cast<std::uint64_t>(value.get_int64());
   else
      return false;
   return true;
}

bool restore_histogram(const boost::json::value &value, Histogram &histogram) {
   if (!value.is_object())
      return false;
   const auto *array = value.get_object().if_contains("buckets");
   const auto *sum = value.get_object().if_contains("sum_ns");
   std::uint64_t sum_ns = 0;
   if (!array || !array->is_array() || !sum || !as_count(*sum, sum_ns))
      return false;
   std::vector<std::uint64_t> buckets;
   for (const auto &b : array->get_array()) {
      std::uint64_t count = 0;
      if (!as_count(b, count))
         return false;
      buckets.push_back(count);
   }
   histogram.restore(buckets, sum_ns);
   return true;
}

std::string series_key(const std::string &name, const Labels &labels) {
   return name + prometheus::label_set(labels);
}

void render_histogram(std::ostringstream &out, const std::string &name, const Labels &labels,
                      const Histogram &histogram) {
   std::vector<std::string> bounds;
   for (const double bound : histogram.upper_bounds())
      bounds.push_back(number(bound));
   prometheus::write_histogram(out, name, labels, bounds, histogram.bucket_counts(),
                               number(static_cast<double>(histogram.sum_ns()) / 1e9));
}

} // namespace

Registry::Family &Registry::family(const std::string &name, const std::string &help, Kind kind) {
   for (auto &f : families_)
      if (f.name == name)
         return f;
   families_.push_back({name, help, kind, {}});
   return families_.back();
}

Counter &Registry::counter(const std::string &name, const std::string &help, Labels labels) {
   Counter &c = counters_.emplace_back();
   Series series;
   series.labels = std::move(labels);
   series.counter = &c;
   family(name, help, Kind::Counter).series.push_back(std::move(series));
   return c;
}

Counter &Registry::scaled_counter(const std::string &name, const std::string &help, Labels labels,
                                  double per_unit) {
   Counter &c = counter(name, help, std::move(labels));
   family(name, help, Kind::Counter).series.back().per_unit = per_unit;
   return c;
}

Histogram &Registry::histogram(const std::string &name, const std::string &help,
                               std::vector<double> bounds, Labels labels) {
   Histogram &h = histograms_.emplace_back(std::move(bounds));
   Series series;
   series.labels = std::move(labels);
   series.histogram = &h;
   family(name, help, Kind::Histogram).series.push_back(std::move(series));
   return h;
}

void Registry::counter_fn(const std::string &name, const std::string &help, Labels labels,
                          std::function<std::uint64_t()> read) {
   Series series;
   series.labels = std::move(labels);
   series.counter_fn = std::move(read);
   family(name, help, Kind::Counter).series.push_back(std::move(series));
}

void Registry::gauge(const std::string &name, const std::string &help, Labels labels,
                     std::function<double()> read) {
   Series series;
   series.labels = std::move(labels);
   series.gauge = std::move(read);
   family(name, help, Kind::Gauge).series.push_back(std::move(series));
}

const char *Registry::type_name(Kind kind) {
   switch (kind) {
   case Kind::Counter: return "counter";
   case Kind::Histogram: return "histogram";
   case Kind::Gauge: return "gauge";
   }
   return "untyped";
}

void Registry::render_family(std::ostringstream &out, const Family &f, bool openmetrics) {
   prometheus::write_family(out, f.name, type_name(f.kind), f.help, openmetrics);
   for (const auto &s : f.series) {
      if (s.is_counter() && s.per_unit > 0)
         prometheus::write_sample(out, f.name, s.labels, number(s.exposed_value().as_double()));
      else if (s.is_counter())
         prometheus::write_sample(out, f.name, s.labels, s.counter_value());
      else if (s.histogram)
         render_histogram(out, f.name, s.labels, *s.histogram);
      else
         prometheus::write_sample(out, f.name, s.labels, number(s.gauge()));
   }
}

std::string Registry::render_text(pmat_metrics_format format) const {
   const bool openmetrics = format == PMAT_METRICS_OPENMETRICS;
   std::ostringstream out;
   for (const auto &f : families_)
      render_family(out, f, openmetrics);
   if (openmetrics)
      out << "# EOF\n";
   return out.str();
}

boost::json::object Registry::render_json() const {
   boost::json::object out;
   for (const auto &f : families_) {
      for (const auto &s : f.series) {
         const std::string key = series_key(f.name, s.labels);
         if (s.is_counter())
            out[key] = s.exposed_value();
         else if (s.histogram)
            out[key] = {{"count", s.histogram->count()},
                        {"sum_seconds", static_cast<double>(s.histogram->sum_ns()) / 1e9}};
         else
            out[key] = s.gauge();
      }
   }
   return out;
}

boost::json::object Registry::snapshot() const {
   boost::json::object out;
   for (const auto &f : families_) {
      for (const auto &s : f.series) {
         const std::string key = series_key(f.name, s.labels);
         if (s.is_counter())
            out[key] = s.counter_value();
         else if (s.histogram) {
            boost::json::array buckets;
            for (const auto count : s.histogram->bucket_counts())
               buckets.push_back(count);
            out[key] = {{"buckets", std::move(buckets)}, {"sum_ns", s.histogram->sum_ns()}};
         }
      }
   }
   return out;
}

void Registry::restore(const boost::json::object &snapshot) {
   for (auto &f : families_) {
      for (auto &s : f.series) {
         const auto *value = snapshot.if_contains(series_key(f.name, s.labels));
         if (!value)
            continue;
         std::uint64_t count = 0;
         if (s.counter && as_count(*value, count))
            s.counter->add(count);
         else if (s.counter_fn && as_count(*value, count))
            s.offset += count;
         else if (s.histogram)
            restore_histogram(*value, *s.histogram);
      }
   }
}

std::size_t Registry::series_count() const {
   std::size_t n = 0;
   for (const auto &f : families_)
      n += f.series.size();
   return n;
}

} // namespace pmat::plugin::metrics
