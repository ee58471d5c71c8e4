// SPDX-License-Identifier: MIT
#include "analyze_files.hpp"

#include "api_error.hpp"
#include "cost_budget.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace pmat::app {
namespace {

namespace fs = std::filesystem;

// The state the workers share for one run.
struct Run {
   const Session &session;
   FileFeed &files;
   const AnalyzeOptions &options;
   const ReadSource &read;
   const ProgressFn &progress;
   const std::atomic<bool> &cancel;
   CostBudget budget;
   // The options as the plugin reads them, for every file without changed lines of its own:
   // written once per run, not once per file.
   const std::string plugin_options;
   std::mutex progress_mutex;
   std::size_t done = 0;
};

struct FdCloser {
   int fd;
   ~FdCloser() { ::close(fd); }
};

// Reads until `size` bytes or end of file; the count read. A read that stops short at `expected`
// bytes is taken as the end without asking again (a regular file returns less than asked only at
// its end): one read(2) per file instead of two. Throws when a read fails.
std::size_t read_up_to(int fd, char *data, std::size_t size,
                       std::size_t expected = static_cast<std::size_t>(-1)) {
   std::size_t done = 0;
   while (done < size) {
      const ssize_t n = ::read(fd, data + done, size - done);
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         throw std::runtime_error("cannot read file");
      if (n == 0)
         break;
      done += static_cast<std::size_t>(n);
      if (done == expected)
         break;
   }
   return done;
}

void append_rest(int fd, std::string &content) {
   char chunk[65536];
   for (std::size_t n; (n = read_up_to(fd, chunk, sizeof chunk)) > 0;)
      content.append(chunk, n);
}

std::string error_text(const ApiError &e) {
   return e.code + ": " + e.what();
}

// Reads `file` into `content`; on failure sets the outcome's error and returns false.
bool read_into(const Run &run, const SourceFile &file, std::string &content,
               report::FileOutcome &outcome) {
   try {
      content = run.read(file);
      return true;
   } catch (const ApiError &e) {
      outcome.error = error_text(e);
   } catch (const std::exception &e) {
      outcome.error = e.what();
   }
   return false;
}

// Claude while the run's budget lasts; once it is spent, native and marked as the budget's
// fallback (unless native was asked for: then there was nothing to fall back from).
report::FileResult analyze_within_budget(Run &run, const SourceBuffer &source,
                                         const AnalyzeOptions &options,
                                         const std::string &plugin_options) {
   if (!run.budget.exhausted() || options.engine == "native") {
      report::FileResult result = analyze_buffer(run.session, source, options, plugin_options);
      run.budget.charge(result);
      return result;
   }
   AnalyzeOptions native = options;
   native.engine = "native";
   report::FileResult result = analyze_buffer(run.session, source, native);
   mark_budget_exhausted(result);
   return result;
}

// One file: its outcome, and the bytes read for the progress report.
report::FileOutcome analyze_one(Run &run, const SourceFile &file, std::size_t &bytes) {
   report::FileOutcome outcome;
   outcome.path = file.display;
   SourceBuffer source;
   source.path = file.display;
   if (!read_into(run, file, source.content, outcome))
      return outcome;
   bytes = source.content.size();
   try {
      if (file.changed) {
         AnalyzeOptions options = run.options;
         options.changed_lines = file.changed;
         outcome.result = analyze_within_budget(run, source, options, plugin_options_json(options));
      } else {
         outcome.result = analyze_within_budget(run, source, run.options, run.plugin_options);
      }
      if (outcome.result.has_fixes())
         outcome.content = std::move(source.content);
   } catch (const ApiError &e) {
      outcome.error = error_text(e);
   }
   return outcome;
}

void report_progress(Run &run, std::size_t bytes) {
   std::lock_guard lock(run.progress_mutex); // progress values must reach the front in order
   ++run.done;
   if (run.progress)
      run.progress(FileProgress{run.done, run.files.known(), bytes});
}

void work(Run &run) {
   while (!run.cancel) {
      const std::optional<FeedItem> item = run.files.take();
      if (!item)
         return;
      std::size_t bytes = 0;
      run.files.complete(item->number, analyze_one(run, *item->file, bytes));
      report_progress(run, bytes);
   }
}

} // namespace

std::string read_source_file(const SourceFile &file) {
   // One open, one fstat and reads of the whole size: through istreambuf_iterator a character
   // at a time this was 6 % of a whole-tree run's instructions.
   const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw std::runtime_error("cannot open file");
   const FdCloser closer{fd};
   struct stat st {};
   if (::fstat(fd, &st) != 0)
      throw std::runtime_error("cannot read file");
   const auto size = static_cast<std::size_t>(st.st_size);
   // One byte more than fstat said, so that a file that grew since is noticed.
   std::string content(size + 1, '\0');
   content.resize(read_up_to(fd, content.data(), content.size(), size));
   if (content.size() > size)
      append_rest(fd, content); // the file grew since fstat
   return content;
}

ReadSource read_under_roots(const AllowedRoots &roots, std::size_t max_bytes) {
   return [&roots, max_bytes](const SourceFile &file) {
      std::error_code ec;
      const fs::path canonical = fs::canonical(file.path, ec);
      if (ec || !roots.contains(canonical))
         throw ApiError(403, "path_outside_roots", "outside the allowed roots");
      return roots.read_file(canonical, max_bytes);
   };
}

std::size_t default_jobs(const AnalyzeOptions &options) {
   constexpr std::size_t k_claude_files_in_flight = 16;
   const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
   if (options.jobs)
      return options.jobs;
   return options.engine == "native" ? cores : std::max(cores, k_claude_files_in_flight);
}

void analyze_files(const Session &session, FileFeed &files, const AnalyzeOptions &options,
                   const ReadSource &read, const ProgressFn &progress,
                   const std::atomic<bool> &cancel) {
   Run run{session,
           files,
           options,
           read,
           progress,
           cancel,
           CostBudget(run_cost_cap(options.max_cost_usd)),
           plugin_options_json(options),
           {},
           0};
   std::size_t workers = default_jobs(options);
   if (files.closed()) // a known list: no more threads than files
      workers = std::min(workers, files.known());
   std::vector<std::thread> threads;
   for (std::size_t t = 0; t < workers; ++t)
      threads.emplace_back([&run] { work(run); });
   for (auto &thread : threads)
      thread.join();
}

std::vector<report::FileOutcome> analyze_files(const Session &session,
                                               const std::vector<SourceFile> &files,
                                               const AnalyzeOptions &options,
                                               const ReadSource &read, const ProgressFn &progress,
                                               const std::atomic<bool> &cancel) {
   FileFeed feed(files.size());
   for (const auto &file : files)
      feed.push(file);
   feed.close();
   analyze_files(session, feed, options, read, progress, cancel);
   return feed.take_outcomes();
}

} // namespace pmat::app
