// The doctor's two outputs: text for people (one line per check) and JSON for programs.
#include "doctor.hpp"

#include <boost/json/serialize.hpp>

namespace pmat::doctor {
namespace {

namespace json = boost::json;

const char *mark(Status status) {
   switch (status) {
   case Status::Ok: return "\u2713";
   case Status::Warn: return "!";
   case Status::Fail: return "\u2717";
   }
   return "\u2717";
}

std::string line(const Check &check) {
   std::string text = std::string(mark(check.status)) + " " + check.id + ": " + check.summary;
   if (!check.reason.empty())
      text += " \u2014 " + check.reason;
   if (!check.fix.empty())
      text += " \u2014 fix: " + check.fix;
   return text;
}

const Check *first_failure(const Report &report) {
   for (const auto &check : report.checks)
      if (check.status == Status::Fail)
         return &check;
   return nullptr;
}

std::string plural(std::size_t n, const char *one, const char *many) {
   return std::to_string(n) + " " + (n == 1 ? one : many);
}

json::object check_json(const Check &check) {
   return {{"id", check.id},         {"status", status_name(check.status)},
           {"needed", check.needed}, {"summary", check.summary},
           {"reason", check.reason}, {"fix", check.fix},
           {"data", check.data}};
}

} // namespace

std::string render_text(const Report &report) {
   std::string out = "pmat-host doctor: engine " + report.options.engine + ", Claude " +
                     (report.claude_wanted ? "is" : "is not") + " asked (" + report.claude_why +
                     ")\n";
   std::size_t counts[3] = {0, 0, 0};
   for (const auto &check : report.checks) {
      ++counts[static_cast<int>(check.status)];
      out += line(check) + "\n";
   }
   out += plural(counts[0], "check ok", "checks ok") + ", " +
          plural(counts[1], "warning", "warnings") + ", " +
          plural(counts[2], "problem", "problems") + " in " + std::to_string(report.elapsed_ms) +
          " ms\n";
   if (const Check *failure = first_failure(report))
      out += "first problem: " + line(*failure) + "\n";
   return out;
}

std::string render_json(const Report &report) {
   json::array checks;
   for (const auto &check : report.checks)
      checks.push_back(check_json(check));
   const Check *failure = first_failure(report);
   const json::object document{
       {"doctor", 1},
       {"engine", report.options.engine},
       {"claude_wanted", report.claude_wanted},
       {"claude_why", report.claude_why},
       {"exit_code", report.exit_code},
       {"elapsed_ms", report.elapsed_ms},
       {"checks", std::move(checks)},
       {"first_failure", failure ? json::value(check_json(*failure)) : json::value(nullptr)}};
   return json::serialize(document) + "\n";
}

} // namespace pmat::doctor
