#include "commands.hpp"
#include "progress.hpp"

#include <core/analyze_files.hpp>
#include <core/session.hpp>
#include <core/source_walker.hpp>

#include <report/report.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <iostream>
#include <optional>

namespace pmat::cli {
namespace {

report::Format parse_format(const std::string &name) {
   if (name == "json")
      return report::Format::Json;
   if (name == "text")
      return report::Format::Text;
   if (name == "sarif")
      return report::Format::Sarif;
   throw std::invalid_argument("--format must be json, text or sarif");
}

std::vector<report::FileOutcome> analyze_all(const app::Session &session,
                                             const std::vector<app::SourceFile> &files,
                                             const AnalyzeArgs &args) {
   Progress progress(files.size(), !args.quiet);
   const std::atomic<bool> never_cancelled{false};
   return app::analyze_files(
       session, files, args.options, app::read_source_file,
       [&progress](const app::FileProgress &step) { progress.advance(step.bytes); },
       never_cancelled);
}

// The opened session, or nothing after saying why (as app::open_session_or_report does).
std::optional<app::Session> opened_or_report(std::future<app::Session> &opening) {
   try {
      return opening.get();
   } catch (const std::exception &e) {
      std::cerr << "pmat-host: cannot load a plugin: " << e.what() << "\n";
      return std::nullopt;
   }
}

} // namespace

int run_analyze(const AnalyzeArgs &args) {
   const report::Format format = parse_format(args.format);
   // The plugin is staged and initialised while the paths are walked: neither waits for the
   // other. Messages keep their order: the walk's errors, then the plugin's.
   // One run analyses each file once: its native answers are not worth a cache key each
   // (docs/cache.md, "What goes where"); PMAT_CACHE_NATIVE=true overrides.
   auto opening = std::async(std::launch::async, [&args] {
      return app::Session::open(args.plugin_dir, false, R"({"cache":{"native":false}})");
   });
   const app::WalkResult walk = app::collect_sources(args.paths);
   for (const auto &error : walk.errors)
      std::cerr << "pmat-host: " << error << "\n";
   const auto session = opened_or_report(opening);
   if (!session)
      return k_exit_config;
   const auto outcomes = analyze_all(*session, walk.files, args);
   const report::Rendered rendered = report::render(outcomes, format, args.options.profile);
   std::cout << rendered.output;
   if (!rendered.output.ends_with('\n'))
      std::cout << "\n";
   const bool all_analysed = walk.errors.empty() &&
                             std::all_of(outcomes.begin(), outcomes.end(),
                                         [](const auto &outcome) { return outcome.error.empty(); });
   const bool gate_ok = rendered.gate.passed || !args.fail_on_violation;
   return all_analysed && gate_ok ? k_exit_ok : k_exit_failure;
}

} // namespace pmat::cli
