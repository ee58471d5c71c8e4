// SPDX-License-Identifier: MIT
#include "progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace pmat::cli {

Progress::Progress(std::size_t total, bool enabled) : total_(total) {
   terminal_ = ::isatty(STDERR_FILENO) != 0;
   // $PMAT_PROGRESS_AFTER_MS: how long a run may be silent (default 1000 ms; 0 = always report).
   const char *after = std::getenv("PMAT_PROGRESS_AFTER_MS");
   quiet_period_ = std::chrono::milliseconds(after ? std::atol(after) : 1000);
   printed_ = enabled && quiet_period_.count() == 0; // guarantees the final line
   if (enabled)
      reporter_ = std::thread([this] { report_loop(); });
}

Progress::~Progress() {
   stop();
}

void Progress::stop() {
   {
      std::lock_guard lock(mutex_);
      if (stop_)
         return;
      stop_ = true;
   }
   stop_signal_.notify_all();
   if (reporter_.joinable())
      reporter_.join();
   if (printed_)
      print(true);
}

void Progress::advance(std::size_t bytes) {
   bytes_.fetch_add(bytes, std::memory_order_relaxed);
   done_.fetch_add(1, std::memory_order_relaxed);
}

void Progress::set_total(std::size_t total) {
   total_.store(total, std::memory_order_relaxed);
}

void Progress::report_loop() {
   using namespace std::chrono_literals;
   std::unique_lock lock(mutex_);
   if (stop_signal_.wait_for(lock, quiet_period_, [this] { return stop_; }))
      return;
   const auto period = terminal_ ? 500ms : 2000ms;
   do {
      print(false);
      printed_ = true;
   } while (!stop_signal_.wait_for(lock, period, [this] { return stop_; }));
}

void Progress::print(bool final_line) const {
   const double megabytes = static_cast<double>(bytes_.load()) / 1e6;
   const std::size_t total = total_.load(std::memory_order_relaxed);
   const char *start = terminal_ ? "\r\033[K" : ""; // erase the longer "still listing" line
   const char *end = terminal_ && !final_line ? "" : "\n";
   if (total == k_total_unknown)
      std::fprintf(stderr, "%spmat-host: analyzed %zu files so far (%.1f MB), still listing%s",
                   start, done_.load(), megabytes, end);
   else
      std::fprintf(stderr, "%spmat-host: analyzed %zu/%zu files (%.1f MB)%s", start, done_.load(),
                   total, megabytes, end);
   std::fflush(stderr);
}

} // namespace pmat::cli
