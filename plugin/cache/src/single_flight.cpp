// SPDX-License-Identifier: MIT
#include <pmat/cache/single_flight.hpp>

#include <cstring>
#include <exception>

namespace pmat::cache {
namespace {

LoadResult run_guarded(const std::function<LoadResult()> &fn) noexcept {
   try {
      return fn();
   } catch (const std::exception &e) {
      return LoadResult::error("exception", e.what());
   } catch (...) {
      return LoadResult::error("exception", "unknown exception");
   }
}

} // namespace

std::size_t SingleFlight::DigestHash::operator()(const Digest &d) const noexcept {
   std::uint64_t h;
   std::memcpy(&h, d.data(), sizeof h);
   return static_cast<std::size_t>(h);
}

SingleFlight::Outcome SingleFlight::wait_for(std::unique_lock<std::mutex> &lock,
                                             const std::shared_ptr<Call> &call) {
   ++call->waiters;
   ++waiting_;
   call->cv.wait(lock, [&] { return call->done; });
   --waiting_;
   return Outcome{call->result, false};
}

SingleFlight::Outcome SingleFlight::run(const Digest &digest,
                                        const std::function<LoadResult()> &fn) {
   std::unique_lock lock(mu_);
   if (const auto found = calls_.find(digest); found != calls_.end()) {
      const std::shared_ptr<Call> call = found->second; // keeps it alive after erase
      return wait_for(lock, call);
   }
   const auto call = std::make_shared<Call>();
   calls_.emplace(digest, call);
   lock.unlock();

   LoadResult result = run_guarded(fn);

   lock.lock();
   call->result = result;
   call->done = true;
   calls_.erase(digest);
   lock.unlock();
   call->cv.notify_all();
   return Outcome{std::move(result), true};
}

std::size_t SingleFlight::waiting() const {
   std::lock_guard lock(mu_);
   return waiting_;
}

std::size_t SingleFlight::in_flight() const {
   std::lock_guard lock(mu_);
   return calls_.size();
}

} // namespace pmat::cache
