// SPDX-License-Identifier: MIT
#include "sampler.hpp"

namespace pmat::serve::console {

Sampler::Sampler(std::function<Reading()> read, TimeSeries &series,
                 std::chrono::milliseconds interval)
    : read_(std::move(read)), series_(series), interval_(interval) {
   sample();
   thread_ = std::thread([this] { run(); });
}

Sampler::~Sampler() {
   {
      std::lock_guard lock(mutex_);
      stop_ = true;
   }
   wake_.notify_all();
   thread_.join();
}

void Sampler::sample() {
   Reading reading = read_();
   if (reading.unix_ms != 0)
      series_.add(std::move(reading));
}

void Sampler::run() {
   std::unique_lock lock(mutex_);
   while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      sample();
      lock.lock();
   }
}

} // namespace pmat::serve::console
