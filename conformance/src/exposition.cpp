// SPDX-License-Identifier: MIT
#include "exposition.hpp"

#include "exposition_syntax.hpp"
#include "utf8.hpp"

#include <cmath>
#include <map>
#include <regex>
#include <set>

namespace pmat::conformance {

namespace {

using exposition::Sample;

struct Family {
   std::string type = "untyped";
   bool help = false;
   bool typed = false;
   bool has_samples = false;
};

// One histogram series (family plus labels other than `le`) in order of appearance.
struct Buckets {
   std::vector<std::pair<double, double>> le_counts;
   std::optional<double> count;
};

const std::set<std::string> &known_types(ExpositionFormat f) {
   static const std::set<std::string> k_prom{"counter", "gauge", "histogram", "summary", "untyped"};
   static const std::set<std::string> k_om{"counter",  "gauge", "histogram", "gaugehistogram",
                                           "stateset", "info",  "summary",   "unknown"};
   return f == ExpositionFormat::Prometheus004 ? k_prom : k_om;
}

// Sample-name suffixes each family type owns.
std::vector<std::string> suffixes(const std::string &type, ExpositionFormat f) {
   const bool om = f == ExpositionFormat::OpenMetrics100;
   if (type == "counter")
      return om ? std::vector<std::string>{"_total", "_created"} : std::vector<std::string>{""};
   if (type == "histogram")
      return {"_bucket", "_sum", "_count", om ? "_created" : "_bucket"};
   if (type == "summary")
      return {"", "_sum", "_count", om ? "_created" : ""};
   if (type == "gaugehistogram")
      return {"_bucket", "_gsum", "_gcount"};
   if (type == "info")
      return {"_info"};
   return {""};
}

std::string series_key(const std::string &name, const std::map<std::string, std::string> &labels,
                       const char *skip = nullptr) {
   std::string key = name + "{";
   for (const auto &[k, v] : labels)
      if (skip == nullptr || k != skip)
         key += k + "=" + v + ",";
   return key + "}";
}

class Checker {
 public:
   explicit Checker(ExpositionFormat f) : format_(f) {}

   void line(std::string_view text, std::size_t number) {
      number_ = number;
      if (eof_seen_)
         problem("content after # EOF");
      else if (text.empty())
         blank_line();
      else if (text[0] == '#')
         comment(text);
      else
         sample(text);
   }

   std::vector<ExpositionProblem> finish(std::string_view text) {
      number_ = 0;
      check_ending(text);
      for (const auto &[key, b] : buckets_)
         check_histogram(key, b);
      lint();
      return std::move(problems_);
   }

 private:
   void problem(std::string message) { problems_.push_back({number_, std::move(message)}); }

   void blank_line() {
      if (format_ == ExpositionFormat::OpenMetrics100)
         problem("OpenMetrics does not allow empty lines");
   }

   void comment(std::string_view text) {
      const std::string s(text);
      static const std::regex k_meta(R"(# (HELP|TYPE|UNIT) (\S+)(?: (.*))?)");
      std::smatch m;
      if (s == "# EOF" && format_ == ExpositionFormat::OpenMetrics100) {
         eof_seen_ = true;
         return;
      }
      if (!std::regex_match(s, m, k_meta)) {
         if (format_ == ExpositionFormat::OpenMetrics100)
            problem("OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF comments");
         return;
      }
      metadata(m[1].str(), m[2].str(), m[3].str());
   }

   void metadata(const std::string &kind, const std::string &name, const std::string &rest) {
      if (!exposition::is_metric_name(name))
         return problem("invalid metric name in # " + kind + ": " + name);
      Family &fam = families_[name];
      if (kind == "HELP") {
         if (fam.help)
            problem("second HELP line for " + name);
         fam.help = true;
      } else if (kind == "TYPE") {
         type_line(fam, name, rest);
      }
   }

   void type_line(Family &fam, const std::string &name, const std::string &type) {
      if (fam.typed || fam.has_samples)
         problem("second TYPE line for " + name + ", or TYPE after its samples");
      if (known_types(format_).count(type) == 0)
         problem("unknown metric type '" + type + "' for " + name);
      fam.typed = true;
      fam.type = type;
   }

   std::string family_of(const std::string &sample) const {
      for (const auto &[name, fam] : families_)
         for (const auto &suffix : suffixes(fam.type, format_))
            if (fam.typed && sample == name + suffix)
               return name;
      return sample;
   }

   void sample(std::string_view text) {
      std::string error;
      const auto s = exposition::parse_sample(text, error);
      if (!s)
         return problem(error);
      for (const auto &[k, v] : s->labels)
         if (k.rfind("__", 0) == 0 || !is_valid_utf8(v))
            problem("label " + k + ": names starting with __ are reserved; values must be UTF-8");
      const std::string family = family_of(s->name);
      group(family);
      Family &fam = families_[family];
      fam.has_samples = true;
      check_openmetrics_counter(fam, family, s->name);
      if (!series_.insert(series_key(s->name, s->labels)).second)
         problem("duplicate series " + series_key(s->name, s->labels));
      if (fam.type == "histogram")
         histogram_sample(family, *s);
   }

   void check_openmetrics_counter(const Family &fam, const std::string &family,
                                  const std::string &sample) {
      const bool om = format_ == ExpositionFormat::OpenMetrics100;
      if (om && fam.typed && fam.type == "counter" && sample == family)
         problem("OpenMetrics counter samples need the _total suffix: " + sample);
   }

   // All lines of one family form a single group.
   void group(const std::string &family) {
      if (family == current_)
         return;
      if (finished_.count(family) != 0)
         problem("samples of " + family + " are not grouped together");
      if (!current_.empty())
         finished_.insert(current_);
      current_ = family;
   }

   void histogram_sample(const std::string &family, const Sample &s) {
      Buckets &b = buckets_[series_key(family, s.labels, "le")];
      if (s.name == family + "_count")
         b.count = s.value;
      if (s.name != family + "_bucket")
         return;
      const auto le =
          s.labels.count("le") ? exposition::parse_value(s.labels.at("le")) : std::nullopt;
      if (!le)
         return problem("histogram bucket without a numeric le label: " + s.name);
      b.le_counts.emplace_back(*le, s.value);
   }

   void check_histogram(const std::string &key, const Buckets &b) {
      if (b.le_counts.empty())
         return problem("histogram " + key + " has no buckets");
      for (std::size_t i = 1; i < b.le_counts.size(); ++i) {
         if (b.le_counts[i].first <= b.le_counts[i - 1].first)
            problem("histogram " + key + ": buckets are not in increasing le order");
         if (b.le_counts[i].second < b.le_counts[i - 1].second)
            problem("histogram " + key + ": bucket counts decrease");
      }
      const auto &last = b.le_counts.back();
      if (!std::isinf(last.first) || last.first < 0)
         return problem("histogram " + key + " has no le=\"+Inf\" bucket");
      if (b.count && *b.count != last.second)
         problem("histogram " + key + ": _count differs from the +Inf bucket");
   }

   void check_ending(std::string_view text) {
      if (!is_valid_utf8(text))
         problem("the exposition is not valid UTF-8");
      if (format_ == ExpositionFormat::OpenMetrics100 && !eof_seen_)
         problem("OpenMetrics exposition must end with # EOF");
      if (format_ == ExpositionFormat::Prometheus004 && !text.empty() && text.back() != '\n')
         problem("the last line must end with a line feed");
   }

   // promtool check metrics lint rules.
   void lint() {
      for (const auto &[name, fam] : families_)
         lint_family(name, fam);
   }

   void lint_family(const std::string &name, const Family &fam) {
      static const std::regex k_camel("[a-z][A-Z]");
      if (!fam.help)
         problem(name + ": no HELP text (promtool lint)");
      const bool total = name.size() > 6 && name.compare(name.size() - 6, 6, "_total") == 0;
      const bool counter = fam.type == "counter";
      if (format_ == ExpositionFormat::Prometheus004 && counter && !total)
         problem(name + ": counter names should end in _total (promtool lint)");
      if (!counter && total)
         problem(name + ": non-counter names should not end in _total (promtool lint)");
      if (std::regex_search(name, k_camel))
         problem(name + ": metric names should be snake_case (promtool lint)");
   }

   ExpositionFormat format_;
   std::size_t number_ = 0;
   bool eof_seen_ = false;
   std::map<std::string, Family> families_;
   std::set<std::string> series_;
   std::set<std::string> finished_;
   std::string current_;
   std::map<std::string, Buckets> buckets_;
   std::vector<ExpositionProblem> problems_;
};

} // namespace

std::vector<ExpositionProblem> check_exposition(std::string_view text, ExpositionFormat format) {
   Checker checker(format);
   std::size_t number = 0;
   std::size_t start = 0;
   while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      checker.line(text.substr(start, end - start), ++number);
      start = end + 1;
   }
   return checker.finish(text);
}

} // namespace pmat::conformance
