#include "batcher.hpp"

#include <algorithm>

namespace pmat::plugin::claude {

Batcher::Batcher(SendFn send, BatchLimits limits) : send_(std::move(send)), limits_(limits) {}

bool Batcher::fits(const Batch &batch, const BatchItem &item) const {
   // Answers are matched by path, so one batch never holds the same path twice.
   const bool path_taken =
       std::any_of(batch.items.begin(), batch.items.end(),
                   [&](const BatchItem &other) { return other.path == item.path; });
   const bool same_model = batch.items.empty() || batch.items.front().model == item.model;
   return !batch.closed && !path_taken && same_model && batch.items.size() < limits_.max_files &&
          batch.bytes + item.content.size() <= limits_.max_bytes;
}

std::future<ItemOutcome> Batcher::join(Batch &batch, BatchItem item, std::uint64_t deadline_ms) {
   batch.bytes += item.content.size();
   batch.deadline_ms = batch.items.empty() ? deadline_ms : std::min(batch.deadline_ms, deadline_ms);
   batch.items.push_back(std::move(item));
   batch.promises.emplace_back();
   return batch.promises.back().get_future();
}

void Batcher::lead(const std::shared_ptr<Batch> &batch, std::unique_lock<std::mutex> &lock) {
   filled_.wait_for(lock, limits_.linger, [&] {
      return batch->items.size() >= limits_.max_files || batch->bytes >= limits_.max_bytes;
   });
   batch->closed = true;
   if (open_ == batch)
      open_.reset();
   lock.unlock();
   std::vector<ItemOutcome> outcomes = send_(batch->items, batch->deadline_ms);
   outcomes.resize(
       batch->items.size(),
       ItemOutcome{pmat::bridge::make_error(PMAT_STATUS_WORKER_CRASHED,
                                            "the bridge returned no outcome for this file",
                                            pmat::bridge::Failure::bridge_error),
                   {},
                   {}});
   for (std::size_t i = 0; i < outcomes.size(); ++i)
      batch->promises[i].set_value(std::move(outcomes[i]));
}

ItemOutcome Batcher::submit(BatchItem item, std::uint64_t deadline_ms) {
   std::unique_lock lock(mutex_);
   if (open_ && fits(*open_, item)) {
      auto future = join(*open_, std::move(item), deadline_ms);
      filled_.notify_all();
      lock.unlock();
      return future.get();
   }
   auto batch = std::make_shared<Batch>();
   open_ = batch;
   auto future = join(*batch, std::move(item), deadline_ms);
   lead(batch, lock);
   return future.get();
}

} // namespace pmat::plugin::claude
