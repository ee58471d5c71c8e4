// SPDX-License-Identifier: MIT
// Reads the child process's own state from /proc: threads, fds, child processes, mappings and
// heap usage. The lifecycle, reload and leak tests compare these before and after plugin calls.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <sys/types.h>

namespace pmat::conformance {

std::size_t thread_count();
std::set<int> open_fds();
// Child processes of every thread of this process (PMAT-ABI-102 also covers spawned children).
std::size_t child_process_count();
// Number of /proc/self/maps lines that map the file with this device and inode.
std::size_t mappings_of(dev_t device, ino_t inode);
// Bytes currently allocated through malloc: the sanitizer allocator's count under ASan,
// glibc's mallinfo2 otherwise.
std::size_t allocated_bytes();

// Waits up to `timeout_ms` for thread_count() to drop to `expected`; returns the last count.
// A joined thread can linger in /proc for a moment after pthread_join returns.
std::size_t settle_thread_count(std::size_t expected, int timeout_ms);

} // namespace pmat::conformance
