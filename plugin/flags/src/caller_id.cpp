// SPDX-License-Identifier: MIT
#include <pmat/flags/caller_id.hpp>

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace fs = std::filesystem;

namespace pmat::flags {

std::optional<fs::path> find_repository_root(const fs::path &path) noexcept {
   try {
      std::error_code ec;
      fs::path p = fs::absolute(path, ec);
      if (ec)
         return std::nullopt;
      p = p.lexically_normal();
      if (!fs::is_directory(p, ec))
         p = p.parent_path();
      for (;;) {
         if (fs::exists(p / ".git", ec))
            return p;
         if (p == p.root_path() || p.parent_path() == p)
            return std::nullopt;
         p = p.parent_path();
      }
   } catch (...) {
      return std::nullopt;
   }
}

namespace {

std::string user_id_of(uid_t uid) {
   std::vector<char> buf(16384);
   struct passwd pw {};
   struct passwd *found = nullptr;
   if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name &&
       *found->pw_name)
      return std::string("user:") + found->pw_name;
   return "uid:" + std::to_string(uid);
}

} // namespace

std::string current_user_id() {
   // Asked once per analysed file outside a repository; a passwd lookup reads /etc/passwd (or
   // asks NSS) each time, which was ~1.5 % of a whole-tree run. Remembered per effective uid, so
   // a process that changes its euid still gets the right name. A static under a mutex, not a
   // thread_local: a thread_local with a destructor would keep the plugin mapped after dlclose
   // until every thread that used it exits (conformance reload-cycles).
   static std::mutex mutex;
   static uid_t cached_uid = static_cast<uid_t>(-1);
   static std::string cached;
   const uid_t uid = ::geteuid();
   std::lock_guard lock(mutex);
   if (uid != cached_uid || cached.empty()) {
      cached = user_id_of(uid);
      cached_uid = uid;
   }
   return cached;
}

namespace {

// The repository root of an analysed file, with the answer for the last directory asked about
// remembered for a second: a whole-tree run asks for thousands of files in the same directories,
// and each walk up costs a stat per ancestor (six for a typical path, ~5 % of a run's CPU). The
// second bounds how long a `.git` created meanwhile goes unseen by a long-running host. A static
// under a mutex, not a thread_local (see current_user_id).
struct Remembered {
   fs::path directory;
   std::optional<fs::path> root;
   std::chrono::steady_clock::time_point until;
};

std::optional<fs::path> remembered_root(const fs::path &directory,
                                        std::chrono::steady_clock::time_point now) {
   static std::mutex mutex;
   static Remembered remembered;
   {
      std::lock_guard lock(mutex);
      if (now < remembered.until && directory == remembered.directory)
         return remembered.root;
   }
   auto root = find_repository_root(directory); // outside the lock: it stats the file system
   std::lock_guard lock(mutex);
   remembered = {directory, root, now + std::chrono::seconds(1)};
   return root;
}

std::optional<fs::path> repository_root_of(const fs::path &analysed_path) {
   std::error_code ec;
   const fs::path absolute = fs::absolute(analysed_path, ec).lexically_normal();
   if (ec || fs::is_directory(absolute, ec))
      return find_repository_root(analysed_path); // a directory is its own first candidate
   return remembered_root(absolute.parent_path(), std::chrono::steady_clock::now());
}

} // namespace

CallerId resolve_caller_id(std::string_view option, const fs::path &analysed_path,
                           const std::function<std::string()> &user) noexcept {
   try {
      if (!option.empty())
         return {std::string(option), CallerId::Source::Option};
      if (!analysed_path.empty())
         if (auto root = repository_root_of(analysed_path))
            return {"project:" + root->string(), CallerId::Source::Project};
      return {user(), CallerId::Source::User};
   } catch (...) {
      return {"uid:" + std::to_string(::geteuid()), CallerId::Source::User};
   }
}

} // namespace pmat::flags
