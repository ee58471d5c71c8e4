// SPDX-License-Identifier: MIT
// analyze_path: a file or a directory (recursively, honouring .gitignore, like `pmat-host
// analyze`) under the allowed roots, analysed by the core's file loop, reported in pmat's report
// shape.
#include "mcp_tools.hpp"

#include <core/analyze_files.hpp>
#include <core/api_error.hpp>
#include <core/source_walker.hpp>

#include <report/report.hpp>

namespace pmat::mcp {
namespace {

// With require_claude, the first file where native answered for Claude fails the tool.
void check_claude_answered(const std::vector<report::FileOutcome> &outcomes,
                           const app::AnalyzeOptions &options) {
   for (const auto &outcome : outcomes) {
      try {
         app::check_claude_answered(outcome.result, options);
      } catch (const app::ApiError &e) {
         throw app::ApiError(e.http_status, e.code, outcome.path + ": " + e.what());
      }
   }
}

} // namespace

boost::json::object analyze_path_report(const ToolContext &context, const std::string &path,
                                        const app::AnalyzeOptions &options,
                                        const ProgressFn &progress,
                                        const std::atomic<bool> &cancelled) {
   const std::filesystem::path root = context.roots.resolve(path);
   const app::WalkResult walk = app::collect_sources({root.string()});
   app::AnalyzeOptions keeping = options;
   keeping.keep_result_json = true; // the report is structuredContent
   const auto outcomes = app::analyze_files(
       context.session, walk.files, keeping,
       app::read_under_roots(context.roots, context.max_file_bytes),
       [&progress](const app::FileProgress &step) { progress(step.done, step.total); }, cancelled);
   check_claude_answered(outcomes, options);
   boost::json::object out = report::json_report(outcomes, app::report_options(options));
   boost::json::array walk_errors;
   for (const auto &error : walk.errors)
      walk_errors.push_back(boost::json::value(error));
   if (!walk_errors.empty())
      out["walk_errors"] = std::move(walk_errors);
   return out;
}

} // namespace pmat::mcp
