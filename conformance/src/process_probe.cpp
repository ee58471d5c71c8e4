// SPDX-License-Identifier: MIT
#include "process_probe.hpp"

#include <chrono>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <malloc.h>
#include <sstream>
#include <string_view>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

// Present only when a sanitizer runtime is linked in; weak so the normal build links without it.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes() __attribute__((weak));

namespace pmat::conformance {

namespace {

template <typename F> void for_each_entry(const char *dir, F &&f) {
   DIR *d = opendir(dir);
   if (d == nullptr)
      return;
   while (const dirent *e = readdir(d)) {
      if (e->d_name[0] != '.')
         f(std::string_view(e->d_name), dirfd(d));
   }
   closedir(d);
}

std::size_t count_words(const std::string &path) {
   std::ifstream in(path);
   std::size_t n = 0;
   std::string word;
   while (in >> word)
      ++n;
   return n;
}

} // namespace

std::size_t thread_count() {
   std::size_t n = 0;
   for_each_entry("/proc/self/task", [&](std::string_view, int) { ++n; });
   return n;
}

std::set<int> open_fds() {
   std::set<int> fds;
   for_each_entry("/proc/self/fd", [&](std::string_view name, int own) {
      const int fd = std::stoi(std::string(name));
      if (fd != own)
         fds.insert(fd);
   });
   return fds;
}

std::size_t child_process_count() {
   std::size_t n = 0;
   for_each_entry("/proc/self/task", [&](std::string_view tid, int) {
      n += count_words("/proc/self/task/" + std::string(tid) + "/children");
   });
   return n;
}

std::size_t mappings_of(dev_t device, ino_t inode) {
   std::ifstream maps("/proc/self/maps");
   std::string line;
   std::size_t n = 0;
   while (std::getline(maps, line)) {
      std::istringstream fields(line);
      std::string range, perms, offset, dev;
      unsigned long long ino = 0;
      fields >> range >> perms >> offset >> dev >> ino;
      unsigned int maj = 0, min = 0;
      if (std::sscanf(dev.c_str(), "%x:%x", &maj, &min) != 2)
         continue;
      if (ino == inode && maj == major(device) && min == minor(device))
         ++n;
   }
   return n;
}

std::size_t allocated_bytes() {
   if (__sanitizer_get_current_allocated_bytes != nullptr)
      return __sanitizer_get_current_allocated_bytes();
   const struct mallinfo2 info = mallinfo2();
   return info.uordblks + info.hblkhd;
}

std::size_t settle_thread_count(std::size_t expected, int timeout_ms) {
   std::size_t now = thread_count();
   for (int waited = 0; now > expected && waited < timeout_ms; waited += 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      now = thread_count();
   }
   return now;
}

} // namespace pmat::conformance
