// SPDX-License-Identifier: MIT
// One in-flight request: the caller waits on `cv` (under Worker::mutex_) until the reader thread
// sets `done` with the response or the worker's death.
#pragma once

#include <condition_variable>

#include <boost/json/value.hpp>

#include <pmat/bridge/worker.hpp>

namespace pmat::bridge {

struct Worker::Pending {
   std::condition_variable cv;
   bool done = false;
   Result<boost::json::value> result{Status{}};
};

} // namespace pmat::bridge
