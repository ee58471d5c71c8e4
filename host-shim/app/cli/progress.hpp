// SPDX-License-Identifier: MIT
// Progress lines on stderr for long runs: nothing for a run that ends within a second, then a
// line every 0.5 s on a terminal (rewritten in place) or every 2 s in a log.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace pmat::cli {

class Progress {
 public:
   // A total of k_total_unknown prints "analyzed N files so far" until set_total() names it
   // (files that a walk is still listing).
   static constexpr std::size_t k_total_unknown = static_cast<std::size_t>(-1);

   Progress(std::size_t total, bool enabled);
   ~Progress(); // stop()
   void advance(std::size_t bytes);
   // Stops the reporter and ends the line (the final count, when a line was printed). Later
   // calls do nothing. Thread: the owner's.
   void stop();
   void set_total(std::size_t total); // any thread

 private:
   void report_loop();
   void print(bool final_line) const;

   std::atomic<std::size_t> total_;
   std::atomic<std::size_t> done_{0};
   std::atomic<std::size_t> bytes_{0};
   std::chrono::milliseconds quiet_period_{1000};
   bool printed_ = false;
   bool terminal_ = false;
   std::mutex mutex_;
   std::condition_variable stop_signal_;
   bool stop_ = false;
   std::thread reporter_;
};

} // namespace pmat::cli
