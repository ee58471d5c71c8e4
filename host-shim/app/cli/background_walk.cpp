// SPDX-License-Identifier: MIT
#include "background_walk.hpp"

#include <core/source_walker.hpp>

#include <iostream>

namespace pmat::cli {

BackgroundWalk::BackgroundWalk(const AnalyzeArgs &args)
    : progress_(Progress::k_total_unknown, !args.quiet), thread_([this, &args] { walk(args); }) {}

BackgroundWalk::~BackgroundWalk() {
   if (thread_.joinable())
      thread_.join();
}

void BackgroundWalk::walk(const AnalyzeArgs &args) noexcept {
   try {
      errors_ = app::walk_sources(args.paths, args.options.engine == "claude",
                                  [this](app::SourceFile file) { feed_.push(std::move(file)); });
   } catch (...) {
      failure_ = std::current_exception();
   }
   progress_.set_total(feed_.known());
   feed_.close(); // even after a failure: the analysis threads must not wait for more
}

bool BackgroundWalk::finish() {
   if (thread_.joinable())
      thread_.join();
   progress_.stop();
   if (!finished_) {
      finished_ = true;
      for (const auto &error : errors_)
         std::cerr << "pmat-host: " << error << "\n";
      if (failure_)
         std::rethrow_exception(failure_);
   }
   return errors_.empty() && !failure_;
}

} // namespace pmat::cli
