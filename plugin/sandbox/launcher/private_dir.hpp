// The worker's private directory on the host: <root>/w-<16 random hex digits>, made fresh for one
// launch and removed, with everything in it, when the launch ends. The root is a directory the
// caller owns and no one else may write (created 0711 if missing: workers may pass through it but
// not list it). Nothing is ever adopted: an existing name, a symlink, a root owned by someone else
// or writable by group or others is refused. Every step works on descriptors (openat with
// O_NOFOLLOW | O_DIRECTORY, fchown), so a path swapped under the launcher cannot redirect it.
#pragma once

#include <string>
#include <sys/types.h>

namespace pmat::sandbox::launcher {

class PrivateDir {
 public:
   PrivateDir() = default;
   PrivateDir(const PrivateDir &) = delete;
   PrivateDir &operator=(const PrivateDir &) = delete;
   // Closes the descriptors; does not remove anything (remove() does).
   ~PrivateDir();

   // Creates the directory, 0700, owned by uid:gid when `give_away` (the launcher runs as root
   // and the worker as another identity). "" on success, else why not (nothing was created).
   std::string create(const std::string &root, uid_t uid, gid_t gid, bool give_away);
   // Deletes the directory and everything in it without following a symlink. Returns how many
   // entries could not be removed (0 when the directory is gone). Idempotent.
   int remove();
   // In a forked stage that must not hold the host directory open: closes the descriptor and
   // leaves removal to the process that created it.
   void forget();
   // Absolute path of the directory; empty before create().
   [[nodiscard]] const std::string &path() const { return path_; }

 private:
   int root_fd_ = -1;
   std::string name_;
   std::string path_;
};

} // namespace pmat::sandbox::launcher
