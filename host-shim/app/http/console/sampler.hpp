// SPDX-License-Identifier: MIT
// Takes a reading every interval on a thread of its own and adds it to a TimeSeries, so the
// console's charts cover the last hour whether or not anyone has the page open.
#pragma once

#include "time_series.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace pmat::serve::console {

class Sampler {
 public:
   // `read` is called on the sampler's thread, once at start and then every `interval`; it must
   // not throw (a failed read should return an empty Reading, which is skipped). The first
   // reading is taken before the constructor returns.
   Sampler(std::function<Reading()> read, TimeSeries &series, std::chrono::milliseconds interval);
   // Stops and joins the thread (waits at most for one reading in progress).
   ~Sampler();
   Sampler(const Sampler &) = delete;
   Sampler &operator=(const Sampler &) = delete;

 private:
   void run();
   void sample();

   std::function<Reading()> read_;
   TimeSeries &series_;
   std::chrono::milliseconds interval_;
   std::mutex mutex_;
   std::condition_variable wake_;
   bool stop_ = false;
   std::thread thread_;
};

} // namespace pmat::serve::console
