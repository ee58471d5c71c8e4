// SPDX-License-Identifier: MIT
#include "mount_view.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PMAT_LIBRARY_ARCHITECTURE
#define PMAT_LIBRARY_ARCHITECTURE "x86_64-linux-gnu"
#endif

namespace pmat::sandbox::launcher {
namespace {

// Where the new root is assembled. Mounting over it hides the host's /tmp, so every bind
// source is opened (O_PATH) before and bound through /proc/self/fd.
constexpr const char *k_staging = "/tmp";

struct Bind {
   std::string source;
   std::string target;
   bool writable = false;
   bool device = false;
   bool optional = true;
   int fd = -1;
};

std::string failure(const std::string &what) {
   return what + ": " + std::strerror(errno);
}

bool at_or_below(const std::string &path, const std::string &dir) {
   return path.compare(0, dir.size(), dir) == 0 &&
          (path.size() == dir.size() || path[dir.size()] == '/');
}

// A path at or below one already bound at its own place is visible already (binding it again
// would need a mount point inside a read-only bind): the plugin passes the interpreter's files,
// most of them in /usr/lib/<arch>.
bool already_visible(const std::vector<Bind> &binds, const std::string &path) {
   for (const auto &bind : binds) {
      if (bind.source == bind.target && at_or_below(path, bind.target))
         return true;
   }
   return false;
}

std::vector<Bind> plan_binds(const ViewSpec &spec) {
   std::vector<Bind> binds;
   for (const char *path :
        {"/usr/lib/" PMAT_LIBRARY_ARCHITECTURE, "/usr/lib64", "/etc/ld.so.cache",
         "/etc/nsswitch.conf", "/etc/localtime", "/etc/ssl", "/usr/share/ca-certificates"})
      binds.push_back({path, path});
   for (const char *node : {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"})
      binds.push_back({node, node, true, true});
   for (const auto &path : spec.ro_binds) {
      if (!already_visible(binds, path))
         binds.push_back({path, path, false, false, false});
   }
   if (!spec.fresh_proc)
      binds.push_back({"/proc", "/proc", false, false, false});
   return binds;
}

// Top-level entries that are symlinks on merged-/usr systems are recreated as symlinks; when
// /lib or /lib64 are real directories they are bound instead.
void plan_top_level(std::vector<Bind> &binds,
                    std::vector<std::pair<std::string, std::string>> &links) {
   for (const char *path : {"/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"}) {
      char target[4096];
      ssize_t n = readlink(path, target, sizeof(target) - 1);
      if (n > 0) {
         links.emplace_back(std::string(target, static_cast<std::size_t>(n)), path);
      } else if (std::strncmp(path, "/lib", 4) == 0) {
         binds.push_back({path, path});
      }
   }
   links.emplace_back("/proc/self/fd", "/dev/fd");
   links.emplace_back("/proc/self/fd/0", "/dev/stdin");
   links.emplace_back("/proc/self/fd/1", "/dev/stdout");
   links.emplace_back("/proc/self/fd/2", "/dev/stderr");
}

std::string open_sources(std::vector<Bind> &binds) {
   for (auto &bind : binds) {
      bind.fd = open(bind.source.c_str(), O_PATH | O_CLOEXEC);
      if (bind.fd < 0 && !bind.optional)
         return failure("open " + bind.source);
   }
   return "";
}

void close_sources(std::vector<Bind> &binds) {
   for (auto &bind : binds) {
      if (bind.fd >= 0)
         close(bind.fd);
   }
}

std::string make_parents(const std::string &path) {
   for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
        slash = path.find('/', slash + 1)) {
      if (mkdir(path.substr(0, slash).c_str(), 0755) != 0 && errno != EEXIST)
         return failure("mkdir " + path.substr(0, slash));
   }
   return "";
}

std::string make_target(const std::string &path, int source_fd) {
   struct stat info {};
   if (fstat(source_fd, &info) != 0)
      return failure("fstat " + path);
   std::string error = make_parents(path);
   if (!error.empty())
      return error;
   if (S_ISDIR(info.st_mode)) {
      return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST ? "" : failure("mkdir " + path);
   }
   int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
   if (fd < 0)
      return failure("create " + path);
   close(fd);
   return "";
}

// A bind remount may not clear flags the source mount has locked (in a user namespace), so
// they are carried over; read-only, nosuid and (except for device nodes) nodev are added.
unsigned long locked_flags(const std::string &path) {
   struct statvfs info {};
   if (statvfs(path.c_str(), &info) != 0)
      return 0;
   unsigned long flags = 0;
   if (info.f_flag & ST_NOEXEC)
      flags |= MS_NOEXEC;
   if (info.f_flag & ST_NODEV)
      flags |= MS_NODEV;
   if (info.f_flag & ST_NOATIME)
      flags |= MS_NOATIME;
   if (info.f_flag & ST_NODIRATIME)
      flags |= MS_NODIRATIME;
   if (info.f_flag & ST_RELATIME)
      flags |= MS_RELATIME;
   if (info.f_flag & ST_RDONLY)
      flags |= MS_RDONLY;
   return flags;
}

std::string bind_one(const Bind &bind) {
   std::string target = std::string(k_staging) + bind.target;
   std::string error = make_target(target, bind.fd);
   if (!error.empty())
      return error;
   std::string source = "/proc/self/fd/" + std::to_string(bind.fd);
   unsigned long recursive = bind.target == "/proc" ? MS_REC : 0;
   if (mount(source.c_str(), target.c_str(), nullptr, MS_BIND | recursive, nullptr) != 0)
      return failure("bind " + bind.source);
   unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID | locked_flags(target);
   if (!bind.writable)
      flags |= MS_RDONLY;
   if (!bind.device)
      flags |= MS_NODEV;
   if (mount(nullptr, target.c_str(), nullptr, flags, nullptr) != 0)
      return failure("remount " + bind.target);
   return "";
}

std::string write_new_file(const std::string &path, const std::string &text) {
   std::string error = make_parents(path);
   if (!error.empty())
      return error;
   int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0)
      return failure("create " + path);
   ssize_t n = write(fd, text.data(), text.size());
   close(fd);
   return n == static_cast<ssize_t>(text.size()) ? "" : failure("write " + path);
}

std::string write_identity_files(const ViewSpec &spec) {
   std::string root(k_staging);
   std::string uid = std::to_string(spec.uid), gid = std::to_string(spec.gid);
   std::string hosts = "127.0.0.1 localhost\n::1 localhost\n";
   if (!spec.egress_host.empty())
      hosts += "127.0.0.1 " + spec.egress_host + "\n";
   std::string error = write_new_file(root + "/etc/passwd", "sandbox:x:" + uid + ":" + gid +
                                                                ":sandbox:/sandbox:/nonexistent\n");
   if (error.empty())
      error = write_new_file(root + "/etc/group", "sandbox:x:" + gid + ":\n");
   if (error.empty())
      error = write_new_file(root + "/etc/hosts", hosts);
   return error;
}

std::string mount_tmpfs(const std::string &path, mode_t mode, const std::string &options) {
   const std::string at = std::string(k_staging) + path;
   if (mkdir(at.c_str(), mode) != 0)
      return failure("mkdir " + path);
   if (mount("tmpfs", at.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options.c_str()) != 0)
      return failure("mount " + path);
   return "";
}

std::string mount_private(const ViewSpec &spec) {
   std::string root(k_staging);
   std::string error = mount_tmpfs("/tmp", 01777, "mode=1777,size=64m");
   if (error.empty())
      error = mount_tmpfs("/sandbox", 0700,
                          "mode=0700,size=" + std::to_string(spec.home_mib) + "m,uid=" +
                              std::to_string(spec.uid) + ",gid=" + std::to_string(spec.gid));
   if (!error.empty())
      return error;
   if (!spec.fresh_proc)
      return "";
   if (mkdir((root + "/proc").c_str(), 0555) != 0)
      return failure("mkdir /proc");
   if (mount("proc", (root + "/proc").c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) !=
       0)
      return failure("mount /proc");
   return "";
}

// The private /tmp comes first so that a --ro-bind below /tmp (a test's probe binary) lands
// on top of it instead of being hidden by it.
std::string populate(std::vector<Bind> &binds,
                     const std::vector<std::pair<std::string, std::string>> &links,
                     const ViewSpec &spec) {
   std::string error = mount_private(spec);
   if (!error.empty())
      return error;
   for (const auto &bind : binds) {
      error = bind.fd >= 0 ? bind_one(bind) : "";
      if (!error.empty())
         return error;
   }
   for (const auto &[target, path] : links) {
      std::string at = std::string(k_staging) + path;
      error = make_parents(at);
      if (!error.empty())
         return error;
      if (symlink(target.c_str(), at.c_str()) != 0)
         return failure("symlink " + path);
   }
   return write_identity_files(spec);
}

std::string switch_root() {
   if (chdir(k_staging) != 0)
      return failure("chdir new root");
   if (syscall(SYS_pivot_root, ".", ".") != 0)
      return failure("pivot_root");
   if (umount2(".", MNT_DETACH) != 0)
      return failure("detach old root");
   if (chdir("/") != 0)
      return failure("chdir /");
   if (mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
             nullptr) != 0)
      return failure("remount / read-only");
   // Verify: the root must refuse writes.
   int fd = open("/.pmat-write-check", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
   if (fd >= 0) {
      close(fd);
      return "the new root is writable";
   }
   return errno == EROFS ? "" : failure("write check");
}

} // namespace

std::string build_view(const ViewSpec &spec) {
   if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return failure("make / private");
   std::vector<Bind> binds = plan_binds(spec);
   std::vector<std::pair<std::string, std::string>> links;
   plan_top_level(binds, links);
   std::string error = open_sources(binds);
   if (error.empty() &&
       mount("tmpfs", k_staging, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m") != 0)
      error = failure("mount the new root");
   if (error.empty())
      error = populate(binds, links, spec);
   close_sources(binds);
   return error.empty() ? switch_root() : error;
}

} // namespace pmat::sandbox::launcher
