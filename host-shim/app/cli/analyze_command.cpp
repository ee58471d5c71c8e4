#include "commands.hpp"
#include "progress.hpp"
#include <core/session.hpp>
#include <core/source_walker.hpp>

#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

namespace pmat::cli {
namespace {

std::string read_file(const std::filesystem::path &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in)
      throw std::runtime_error("cannot open file");
   std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
   if (in.bad())
      throw std::runtime_error("cannot read file");
   return content;
}

report::FileOutcome analyze_one(pmat_shim *shim, const SourceFile &file, const std::string &options,
                                Progress &progress) {
   report::FileOutcome outcome;
   outcome.path = file.display;
   std::string content;
   try {
      content = read_file(file.path);
   } catch (const std::exception &e) {
      outcome.error = e.what();
      progress.advance(0);
      return outcome;
   }
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = file.display.c_str();
   request.content = reinterpret_cast<const std::uint8_t *>(content.data());
   request.content_size = content.size();
   request.options_json = options.c_str();
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_analyze(shim, &request, &json, &size);
   const std::string text = take_shim_buffer(json, size);
   if (status == PMAT_STATUS_OK)
      outcome.result = boost::json::parse(text).as_object();
   else
      outcome.error = std::string(pmat_status_name(status) ? pmat_status_name(status) : "Error") +
                      ": " + pmat_shim_last_error();
   progress.advance(content.size());
   return outcome;
}

// One file per core for the native engine; when Claude may answer, enough files in flight for
// the plugin to batch them into shared requests (Claude calls wait on the network, not the CPU).
std::size_t default_jobs(const AnalyzeArgs &args) {
   constexpr std::size_t k_claude_files_in_flight = 16;
   const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
   if (args.jobs)
      return args.jobs;
   return args.engine == "native" ? cores : std::max(cores, k_claude_files_in_flight);
}

std::vector<report::FileOutcome> analyze_all(pmat_shim *shim, const std::vector<SourceFile> &files,
                                             const AnalyzeArgs &args) {
   const std::string options = boost::json::serialize(
       boost::json::object{{"engine", args.engine}, {"profile", args.profile}});
   std::vector<report::FileOutcome> outcomes(files.size());
   std::atomic<std::size_t> next{0};
   Progress progress(files.size(), !args.quiet);
   const std::size_t workers = std::min<std::size_t>(default_jobs(args), files.size());
   std::vector<std::thread> threads;
   for (std::size_t t = 0; t < workers; ++t)
      threads.emplace_back([&] {
         for (std::size_t i = next++; i < files.size(); i = next++)
            outcomes[i] = analyze_one(shim, files[i], options, progress);
      });
   for (auto &thread : threads)
      thread.join();
   return outcomes;
}

report::Format parse_format(const std::string &name) {
   if (name == "json")
      return report::Format::Json;
   if (name == "text")
      return report::Format::Text;
   if (name == "sarif")
      return report::Format::Sarif;
   throw std::invalid_argument("--format must be json, text or sarif");
}

} // namespace

int run_analyze(const AnalyzeArgs &args) {
   const report::Format format = parse_format(args.format);
   const WalkResult walk = collect_sources(args.paths);
   for (const auto &error : walk.errors)
      std::cerr << "pmat-host: " << error << "\n";
   const ShimHandle shim = open_shim_or_report(args.plugin_dir);
   if (!shim)
      return k_exit_config;
   const auto outcomes = analyze_all(shim.get(), walk.files, args);
   const report::Rendered rendered = report::render(outcomes, format, args.profile);
   std::cout << rendered.output;
   if (!rendered.output.ends_with('\n'))
      std::cout << "\n";
   const bool all_analysed = walk.errors.empty() &&
                             std::all_of(outcomes.begin(), outcomes.end(),
                                         [](const auto &outcome) { return outcome.error.empty(); });
   const bool gate_ok = rendered.gate_passed || !args.fail_on_violation;
   return all_analysed && gate_ok ? k_exit_ok : k_exit_failure;
}

} // namespace pmat::cli
