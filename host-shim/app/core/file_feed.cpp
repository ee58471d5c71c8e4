// SPDX-License-Identifier: MIT
#include "file_feed.hpp"

#include <utility>

namespace pmat::app {

FileFeed::FileFeed(std::size_t expected_files) {
   outcomes_.reserve(expected_files);
}

void FileFeed::push(SourceFile file) {
   {
      std::lock_guard lock(mutex_);
      files_.push_back(std::move(file));
      outcomes_.emplace_back();
   }
   more_.notify_one();
}

void FileFeed::close() {
   {
      std::lock_guard lock(mutex_);
      closed_ = true;
   }
   more_.notify_all();
}

std::optional<FeedItem> FileFeed::take() {
   std::unique_lock lock(mutex_);
   more_.wait(lock, [this] { return next_ < files_.size() || closed_; });
   if (next_ == files_.size())
      return std::nullopt;
   const std::size_t index = next_++;
   return FeedItem{&files_[index], index + 1};
}

void FileFeed::complete(std::size_t number, report::FileOutcome outcome) {
   std::lock_guard lock(mutex_);
   outcomes_.at(number - 1) = std::move(outcome);
}

std::size_t FileFeed::known() const {
   std::lock_guard lock(mutex_);
   return files_.size();
}

bool FileFeed::closed() const {
   std::lock_guard lock(mutex_);
   return closed_;
}

std::vector<report::FileOutcome> FileFeed::take_outcomes() {
   std::lock_guard lock(mutex_);
   return std::exchange(outcomes_, {});
}

} // namespace pmat::app
