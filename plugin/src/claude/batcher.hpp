// Packs concurrent single-file requests into one Claude request, so the per-request start-up is
// paid once per batch. No thread of its own: the first caller to find no open batch leads one,
// waits up to `linger` for others to join (or for the batch to fill), sends it, and hands each
// caller its own file's outcome. A failed batch fails each of its files separately; a file's
// outcome is matched by its position in the batch, which the engine maps from the answer's path.
// Only files for the same model travel together.
#pragma once

#include <pmat/bridge/status.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pmat::plugin::claude {

struct BatchItem {
   std::string path;
   std::string language;
   std::string content;
   std::string model;                   // empty = the engine's default; a batch has one model
   std::uint32_t max_output_tokens = 0; // this file's share of the output budget; 0 = default
};

struct ItemOutcome {
   // ok() = analysed; else the status code (plugin_api.h), the exact failure (set where it
   // happened) and the message.
   pmat::bridge::Status status;
   boost::json::object answer;  // when ok: the bridge's per-file analysis
   boost::json::object context; // request-level facts shared by the batch (model, engine, ...)
};

struct BatchLimits {
   std::size_t max_files = 8;
   std::size_t max_bytes = 48 * 1024; // content bytes per batch; a bigger file goes alone
   std::chrono::microseconds linger{2000};
};

class Batcher {
 public:
   // Sends one batch; returns one outcome per item, in item order. Must not throw.
   using SendFn = std::function<std::vector<ItemOutcome>(const std::vector<BatchItem> &items,
                                                         std::uint64_t deadline_ms)>;

   Batcher(SendFn send, BatchLimits limits);

   // Blocks until this item's outcome is known. [any-thread]
   ItemOutcome submit(BatchItem item, std::uint64_t deadline_ms);

 private:
   struct Batch {
      std::vector<BatchItem> items;
      std::vector<std::promise<ItemOutcome>> promises;
      std::size_t bytes = 0;
      std::uint64_t deadline_ms = 0; // the tightest of its members
      bool closed = false;
   };

   bool fits(const Batch &batch, const BatchItem &item) const;
   std::future<ItemOutcome> join(Batch &batch, BatchItem item, std::uint64_t deadline_ms);
   void lead(const std::shared_ptr<Batch> &batch, std::unique_lock<std::mutex> &lock);

   SendFn send_;
   BatchLimits limits_;
   std::mutex mutex_;
   std::condition_variable filled_;
   std::shared_ptr<Batch> open_;
};

} // namespace pmat::plugin::claude
