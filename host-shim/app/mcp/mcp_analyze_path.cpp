// analyze_path: a file or a directory (recursively, honouring .gitignore, like `pmat-host
// analyze`) under the allowed roots, analysed by the core's file loop, reported in pmat's report
// shape.
#include "mcp_tools.hpp"

#include <core/analyze_files.hpp>
#include <core/source_walker.hpp>

#include <report/report.hpp>

namespace pmat::mcp {

boost::json::object analyze_path_report(const ToolContext &context, const std::string &path,
                                        const app::AnalyzeOptions &options,
                                        const ProgressFn &progress,
                                        const std::atomic<bool> &cancelled) {
   const std::filesystem::path root = context.roots.resolve(path);
   const app::WalkResult walk = app::collect_sources({root.string()});
   const auto outcomes = app::analyze_files(
       context.session, walk.files, options,
       app::read_under_roots(context.roots, context.max_file_bytes),
       [&progress](const app::FileProgress &step) { progress(step.done, step.total); }, cancelled);
   boost::json::object out = report::json_report(outcomes, app::report_options(options));
   boost::json::array walk_errors;
   for (const auto &error : walk.errors)
      walk_errors.push_back(boost::json::value(error));
   if (!walk_errors.empty())
      out["walk_errors"] = std::move(walk_errors);
   return out;
}

} // namespace pmat::mcp
