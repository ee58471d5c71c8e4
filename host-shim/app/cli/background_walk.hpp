// SPDX-License-Identifier: MIT
// `pmat-host analyze PATH...`'s walk on a thread of its own, so that reading directories, reading
// files and analysing them overlap: the analysis threads take each file from the feed as soon as
// the walk lists it.
#pragma once

#include "commands.hpp"
#include "progress.hpp"

#include <core/file_feed.hpp>

#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace pmat::cli {

class BackgroundWalk {
 public:
   // Starts walking args.paths (files of Claude's extra languages too for --engine claude).
   // `args` must outlive the walk. Progress lines follow args.quiet; their total is unknown
   // until the walk ends.
   explicit BackgroundWalk(const AnalyzeArgs &args);
   // Finishes the walk if nobody did; an error it met is then dropped (say it with finish()).
   ~BackgroundWalk();
   BackgroundWalk(const BackgroundWalk &) = delete;
   BackgroundWalk &operator=(const BackgroundWalk &) = delete;

   // The files as they are listed; closed when the walk ends, however it ends. Owned here.
   app::FileFeed &feed() { return feed_; }
   // The run's progress lines (advanced by whoever analyses the feed). Owned here.
   Progress &progress() { return progress_; }

   // Waits for the end of the walk, ends the progress lines (call it once the feed's files are
   // analysed) and says on stderr each input that could not be read.
   // Returns true when every input was read. The first call rethrows what stopped the walk
   // midway (an unreadable directory, std::bad_alloc); later calls return the same answer.
   // Thread: the owner's.
   bool finish();

 private:
   void walk(const AnalyzeArgs &args) noexcept;

   app::FileFeed feed_{app::FileFeed::k_walk_reserve};
   Progress progress_;
   std::vector<std::string> errors_;
   std::exception_ptr failure_;
   bool finished_ = false;
   std::thread thread_; // last: it starts once everything above exists
};

} // namespace pmat::cli
