// SPDX-License-Identifier: MIT
#include "alloc_probe.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> g_armed{false};
std::atomic<std::size_t> g_count{0};
std::atomic<std::size_t> g_largest{0};

void note(std::size_t size) noexcept {
   if (!g_armed.load(std::memory_order_relaxed))
      return;
   g_count.fetch_add(1, std::memory_order_relaxed);
   std::size_t seen = g_largest.load(std::memory_order_relaxed);
   while (size > seen && !g_largest.compare_exchange_weak(seen, size, std::memory_order_relaxed)) {
   }
}
} // namespace

namespace pmat::bridge::test {

void alloc_probe_arm() noexcept {
   g_count.store(0);
   g_largest.store(0);
   g_armed.store(true);
}

AllocStats alloc_probe_disarm() noexcept {
   g_armed.store(false);
   return AllocStats{g_count.load(), g_largest.load()};
}

} // namespace pmat::bridge::test

void *operator new(std::size_t size) {
   note(size);
   if (void *p = std::malloc(size == 0 ? 1 : size))
      return p;
   throw std::bad_alloc();
}
void *operator new[](std::size_t size) {
   return operator new(size);
}
void operator delete(void *p) noexcept {
   std::free(p);
}
void operator delete[](void *p) noexcept {
   std::free(p);
}
void operator delete(void *p, std::size_t) noexcept {
   std::free(p);
}
void operator delete[](void *p, std::size_t) noexcept {
   std::free(p);
}
