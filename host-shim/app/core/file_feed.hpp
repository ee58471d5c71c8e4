// SPDX-License-Identifier: MIT
// The files of a run, handed from the walk to the analysis threads as the walk finds them: the
// first file is analysed while the walk is still reading directories, and no analysis thread
// waits for the whole tree to be listed.
#pragma once

#include "source_walker.hpp"

#include <report/report.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace pmat::app {

// One walked file, handed to the thread that analyses it.
struct FeedItem {
   const SourceFile *file = nullptr; // owned by the feed; valid until the feed is destroyed
   std::size_t number = 0;           // 1 for the first file pushed, 2 for the next...
};

// A queue that keeps what passes through it: files in push order, and one outcome per file in
// the same order, returned by take_outcomes() once the run is over.
//
// The outcomes live in one vector from the start, grown by push() while the analysis runs, so
// that the report reads them where they are: handing a whole tree's outcomes over at the end was
// a copy of 600 bytes per file after the last file was analysed. Room for the files expected is
// reserved up front (address space only, until files fill it): below that many files the vector
// never reallocates, a move of every outcome so far under the lock the workers complete through.
//
// Thread: push() and close() from one producer (the walk); take() and complete() from any number
// of consumers; known() from anyone. A FeedItem's file stays valid while the feed lives (a
// std::deque never moves its elements when it grows at the end).
class FileFeed {
 public:
   // Room for a walk of an unknown tree: gnulib x10 is 14,810 files (10 MB of address space).
   static constexpr std::size_t k_walk_reserve = 16384;

   // `expected_files`: how many files to reserve room for (more may come).
   explicit FileFeed(std::size_t expected_files);
   // Adds a file to the end, and an empty outcome for it. Wakes one consumer.
   void push(SourceFile file);
   // No more files will come. Wakes every consumer. Calling it twice is harmless.
   void close();
   // The next file nobody has taken yet, waiting for the producer when there is none; nothing
   // once the feed is closed and every file was taken.
   std::optional<FeedItem> take();
   // The outcome of the file `number` (FeedItem::number) names, written into its slot. Once per
   // file, by the consumer that took it.
   void complete(std::size_t number, report::FileOutcome outcome);
   // Files pushed so far, and whether that is all of them.
   std::size_t known() const;
   bool closed() const;
   // The outcomes in push order (an empty outcome for a file taken but never completed). Call
   // after every consumer returned; leaves the feed without outcomes.
   std::vector<report::FileOutcome> take_outcomes();

 private:
   mutable std::mutex mutex_;
   std::condition_variable more_;
   std::deque<SourceFile> files_;
   std::vector<report::FileOutcome> outcomes_;
   std::size_t next_ = 0;
   bool closed_ = false;
};

} // namespace pmat::app
