// analyze_path: a file or a directory (recursively, honouring .gitignore, like `pmat-host
// analyze`) under the allowed roots, analysed in parallel, reported in pmat's report shape.
#include "mcp_tools.hpp"
#include <core/analysis.hpp>
#include <core/api_error.hpp>

#include <core/source_walker.hpp>
#include <report/report.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;

namespace pmat::serve {
namespace {

struct Job {
   const ToolContext &context;
   const std::vector<cli::SourceFile> &files;
   const std::string &engine;
   const std::string &profile;
   const ProgressFn &progress;
   const std::atomic<bool> &cancelled;
   std::vector<report::FileOutcome> outcomes;
   std::atomic<std::size_t> next{0};
   std::mutex progress_mutex;
   std::size_t done = 0;
};

// A walked file may be a symlink out of the roots: every file is checked on its own.
report::FileOutcome analyze_file(const Job &job, const cli::SourceFile &file) {
   report::FileOutcome outcome;
   outcome.path = file.display;
   try {
      std::error_code ec;
      const fs::path canonical = fs::canonical(file.path, ec);
      if (ec || !job.context.roots.contains(canonical))
         throw ApiError(403, "path_outside_roots", "outside the allowed roots");
      AnalyzeInput input;
      input.content = job.context.roots.read_file(canonical, job.context.max_file_bytes);
      input.has_content = true;
      input.path = file.display;
      input.engine = job.engine;
      input.profile = job.profile;
      outcome.result = analyze_content(job.context.shim, input);
   } catch (const ApiError &e) {
      outcome.error = e.code + ": " + e.what();
   }
   return outcome;
}

void work(Job &job) {
   for (std::size_t i = job.next++; i < job.files.size() && !job.cancelled; i = job.next++) {
      job.outcomes[i] = analyze_file(job, job.files[i]);
      std::lock_guard lock(job.progress_mutex); // progress values must reach the client in order
      job.progress(++job.done, job.files.size());
   }
}

} // namespace

boost::json::object analyze_path_report(const ToolContext &context, const std::string &path,
                                        const std::string &engine, const std::string &profile,
                                        const ProgressFn &progress,
                                        const std::atomic<bool> &cancelled) {
   const fs::path root = context.roots.resolve(path);
   const cli::WalkResult walk = cli::collect_sources({root.string()});
   Job job{context, walk.files, engine, profile, progress, cancelled, {}, {}, {}, 0};
   job.outcomes.resize(walk.files.size());
   const std::size_t workers =
       std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), walk.files.size());
   std::vector<std::thread> threads;
   for (std::size_t t = 0; t < workers; ++t)
      threads.emplace_back([&job] { work(job); });
   for (auto &thread : threads)
      thread.join();
   const auto rendered = report::render(job.outcomes, report::Format::Json, profile);
   boost::json::object out = boost::json::parse(rendered.output).as_object();
   boost::json::array walk_errors;
   for (const auto &error : walk.errors)
      walk_errors.push_back(boost::json::value(error));
   if (!walk_errors.empty())
      out["walk_errors"] = std::move(walk_errors);
   return out;
}

} // namespace pmat::serve
