// SPDX-License-Identifier: MIT
// Who is asking, for bucketing and allowlists: the request's caller-id option, else the project
// (the git repository root of the analysed path, found by walking up for `.git`, a directory or
// a worktree/submodule file), else the user. Ids carry their source as a prefix ("project:/src/x",
// "user:alice", "uid:1000"); an option is taken verbatim, so an allowlist entry matches exactly
// what the operator sees in `pmat-host flags show` output and logs.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::flags {

struct CallerId {
   enum class Source { Option, Project, User };
   std::string id;
   Source source = Source::User;
};

// nullopt when no ancestor of `path` (the path itself included, when a directory) has `.git`.
std::optional<std::filesystem::path>
find_repository_root(const std::filesystem::path &path) noexcept;

// "user:<login>" from the passwd entry of the effective uid, else "uid:<n>". Looked up once per
// effective uid: a login renamed while the process runs is not seen.
std::string current_user_id();

// Never throws; `user` is injectable for tests. The repository root found for the last file's
// directory is remembered for one second (a `.git` created meanwhile is seen after it).
CallerId resolve_caller_id(std::string_view option, const std::filesystem::path &analysed_path,
                           const std::function<std::string()> &user = current_user_id) noexcept;

} // namespace pmat::flags
