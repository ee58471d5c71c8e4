// SPDX-License-Identifier: MIT
#include "private_dir.hpp"
#include "orphans.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {
namespace {

constexpr int k_open_dir_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
// A tree deeper than this is left for the operator rather than risking the launcher's stack.
constexpr int k_max_depth = 256;

std::string failure(const std::string &what) {
   return what + ": " + std::strerror(errno);
}

// Ours alone: owned by the caller, and no one else may add, rename or delete entries in it.
std::string check_root(int fd, const std::string &root) {
   struct stat info {};
   if (fstat(fd, &info) != 0)
      return failure("fstat " + root);
   if (info.st_uid != geteuid())
      return root + " is owned by uid " + std::to_string(info.st_uid) + ", not by us: refused";
   if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
      return root + " is writable by group or others: refused";
   if (fchmod(fd, 0711) != 0)
      return failure("fchmod " + root);
   return "";
}

int open_root(const std::string &root, std::string &error) {
   if (mkdir(root.c_str(), 0711) != 0 && errno != EEXIST) {
      error = failure("mkdir " + root);
      return -1;
   }
   int fd = open(root.c_str(), k_open_dir_flags);
   if (fd < 0) {
      error = failure("open " + root + " (a symlink or not a directory is refused)");
      return -1;
   }
   error = check_root(fd, root);
   if (!error.empty()) {
      close(fd);
      return -1;
   }
   return fd;
}

// w-<launcher pid>-<16 random hex digits>: unguessable, and it names the launcher that owns it.
std::string random_name() {
   unsigned char bytes[8]{};
   if (getrandom(bytes, sizeof(bytes), 0) != static_cast<ssize_t>(sizeof(bytes)))
      return "";
   std::string name = "w-" + std::to_string(getpid()) + "-";
   char hex[3];
   for (unsigned char byte : bytes) {
      std::snprintf(hex, sizeof(hex), "%02x", byte);
      name += hex;
   }
   return name;
}

int remove_tree(int parent, const char *name, int depth);

// Directories whose launcher is gone (killed before it could clean up) are removed by the next
// launch. Only when that pid names no process at all: its worker died with it (PR_SET_PDEATHSIG).
void remove_orphans(int root_fd) {
   DIR *dir = fdopendir(dup(root_fd));
   if (dir == nullptr)
      return;
   while (const dirent *entry = readdir(dir)) {
      if (launcher_gone(entry->d_name, "w-"))
         remove_tree(dirfd(dir), entry->d_name, 0);
   }
   closedir(dir);
}

int remove_tree(int parent, const char *name, int depth);

// Removes every entry of the open directory `fd` (which it closes); returns the failures.
int empty_directory(int fd, int depth) {
   DIR *dir = fdopendir(fd);
   if (dir == nullptr) {
      close(fd);
      return 1;
   }
   int left = 0;
   while (const dirent *entry = readdir(dir)) {
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0)
         continue;
      if (unlinkat(dirfd(dir), entry->d_name, 0) != 0)
         left += remove_tree(dirfd(dir), entry->d_name, depth + 1);
   }
   closedir(dir);
   return left;
}

// `name` in `parent` is (or was) a directory: empty it, then remove it.
int remove_tree(int parent, const char *name, int depth) {
   if (depth > k_max_depth)
      return 1;
   int fd = openat(parent, name, k_open_dir_flags);
   if (fd < 0)
      return errno == ENOENT ? 0 : 1;
   int left = empty_directory(fd, depth);
   if (unlinkat(parent, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
      ++left;
   return left;
}

} // namespace

PrivateDir::~PrivateDir() {
   if (root_fd_ >= 0)
      close(root_fd_);
}

std::string PrivateDir::create(const std::string &root, uid_t uid, gid_t gid, bool give_away) {
   std::string error;
   root_fd_ = open_root(root, error);
   if (root_fd_ < 0)
      return error;
   remove_orphans(root_fd_);
   std::string name = random_name();
   if (name.empty())
      return failure("getrandom");
   if (mkdirat(root_fd_, name.c_str(), 0700) != 0)
      return failure("mkdir " + root + "/" + name + " (an existing entry is never adopted)");
   name_ = name;
   int fd = openat(root_fd_, name.c_str(), k_open_dir_flags);
   if (fd < 0)
      error = failure("open " + root + "/" + name);
   else if (give_away && fchown(fd, uid, gid) != 0)
      error = failure("fchown " + root + "/" + name);
   if (fd >= 0)
      close(fd);
   if (!error.empty())
      remove();
   else
      path_ = root + "/" + name;
   return error;
}

void PrivateDir::forget() {
   if (root_fd_ >= 0)
      close(root_fd_);
   root_fd_ = -1;
   name_.clear();
}

int PrivateDir::remove() {
   if (root_fd_ < 0 || name_.empty())
      return 0;
   int left = remove_tree(root_fd_, name_.c_str(), 0);
   if (left == 0)
      name_.clear();
   return left;
}

} // namespace pmat::sandbox::launcher
