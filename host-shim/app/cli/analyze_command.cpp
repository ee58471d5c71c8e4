// SPDX-License-Identifier: MIT
#include "background_walk.hpp"
#include "claude_fallbacks.hpp"
#include "commands.hpp"
#include "keep_until_exit.hpp"
#include "progress.hpp"

#include <core/analyze_change.hpp>
#include <core/analyze_files.hpp>
#include <core/review_instructions.hpp>
#include <core/session.hpp>
#include <core/source_walker.hpp>

#include <report/report.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
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

// What one run analyses: the outcomes, how to report them, and whether every input was read.
struct Analysed {
   std::vector<report::FileOutcome> outcomes;
   report::ReportOptions report;
   bool inputs_ok = true;
};

app::ProgressFn progress_of(Progress &progress) {
   return [&progress](const app::FileProgress &step) { progress.advance(step.bytes); };
}

Analysed analyze_paths(const app::Session &session, BackgroundWalk &walk, const AnalyzeArgs &args) {
   const std::atomic<bool> never_cancelled{false};
   app::analyze_files(session, walk.feed(), args.options, app::read_source_file,
                      progress_of(walk.progress()), never_cancelled);
   const bool inputs_ok = walk.finish();
   return {walk.feed().take_outcomes(), app::report_options(args.options), inputs_ok};
}

Analysed analyze_diff(const app::Session &session, const app::ChangeSet &change,
                      const AnalyzeArgs &args) {
   Progress progress(change.files.size(), !args.quiet);
   const std::atomic<bool> never_cancelled{false};
   return {app::analyze_change(session, change, args.options, app::read_source_file,
                               progress_of(progress), never_cancelled),
           app::change_report_options(args.options, change), true};
}

// The report on stdout, written as it is rendered (a whole tree's JSON report is megabytes:
// never held as one string), ending with a newline. Returns its gate.
report::Gate write_report(const Analysed &analysed, report::Format format) {
   // stdout's own 4 KiB would be a write(2) per 4 KiB; 64 KiB is 16 pages to touch (1 MiB was
   // 256 page faults, 0.3 ms of a gnulib run) for a write(2) per 64 KiB.
   static char buffer[64 * 1024];
   std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
   char last = '\0'; // an empty report still ends with a newline
   const report::Gate gate = report::render_to(
       analysed.outcomes, format, analysed.report, [&last](std::string_view piece) {
          std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
          if (!piece.empty())
             last = piece.back();
       });
   if (last != '\n')
      std::cout << "\n";
   std::cout.flush();
   return gate;
}

// Writes the kept fixes as one patch (an empty file when there is none).
void emit_patch(const std::string &file, const Analysed &analysed) {
   std::ofstream out(file, std::ios::binary | std::ios::trunc);
   out << report::fixes_patch(analysed.outcomes, analysed.report);
   if (!out.flush())
      throw std::runtime_error("cannot write the patch to '" + file + "'");
}

bool all_analysed(const Analysed &analysed) {
   return analysed.inputs_ok &&
          std::all_of(analysed.outcomes.begin(), analysed.outcomes.end(),
                      [](const auto &outcome) { return outcome.error.empty(); });
}

// 5 when Claude was required and a file fell back (it wins over 1), 1 when a file could not be
// analysed or the gate tripped, else 0. Says on stderr which files fell back from Claude.
int exit_code(const AnalyzeArgs &args, report::Format format, const Analysed &analysed,
              const report::Gate &gate) {
   // --fail-on-claude asks for the exit code by itself; native violations need --fail-on-violation.
   const bool gate_ok = (gate.passed || !args.fail_on_violation) && gate.claude_findings == 0;
   const std::size_t fallbacks = report_claude_fallbacks(
       analysed.outcomes, args.options.require_claude, format == report::Format::Text, std::cerr);
   if (args.options.require_claude && fallbacks > 0)
      return k_exit_claude_required;
   return all_analysed(analysed) && gate_ok ? k_exit_ok : k_exit_failure;
}

// The opened session, or nothing after saying why (as app::open_session_or_report does). The
// walk's messages come first: on failure the walk is finished before the plugin's error.
std::optional<app::Session> opened_or_walked_and_report(std::future<app::Session> &opening,
                                                        BackgroundWalk *walk) {
   try {
      return opening.get();
   } catch (const std::exception &e) {
      if (walk)
         walk->finish();
      std::cerr << "pmat-host: cannot load a plugin: " << e.what() << "\n";
      return std::nullopt;
   }
}

} // namespace

int run_analyze(AnalyzeArgs args) {
   const report::Format format = parse_format(args.format);
   args.options.instructions =
       app::review_instructions(app::repository_root(std::filesystem::current_path()));
   // The change is read before the plugin starts: a bad BASE is a usage error, and costs nothing.
   std::optional<app::ChangeSet> change;
   if (!args.diff_base.empty())
      change = app::git_change_set(args.diff_base, args.paths, args.include_untracked,
                                   std::filesystem::current_path());
   // The plugin is staged and initialised while the paths are walked: neither waits for the
   // other. Messages keep their order: the walk's errors, then the plugin's.
   // One run analyses each file once: its native answers are not worth a cache key each
   // (docs/cache.md, "What goes where"); PMAT_CACHE_NATIVE=true overrides.
   auto opening = std::async(std::launch::async, [&args] {
      return app::Session::open(args.plugin_dir, false, R"({"cache":{"native":false}})");
   });
   // The walk feeds the analysis threads as it lists files (background_walk.hpp).
   auto walk = change ? nullptr : std::make_unique<BackgroundWalk>(args);
   const auto session = opened_or_walked_and_report(opening, walk.get());
   if (!session)
      return k_exit_config;
   auto analysed = std::make_unique<const Analysed>(change ? analyze_diff(*session, *change, args)
                                                           : analyze_paths(*session, *walk, args));
   const report::Gate gate = write_report(*analysed, format);
   if (!args.emit_patch.empty())
      emit_patch(args.emit_patch, *analysed);
   const int code = exit_code(args, format, *analysed, gate);
   keep_until_exit(std::move(analysed));
   keep_until_exit(std::move(walk));
   return code;
}

} // namespace pmat::cli
