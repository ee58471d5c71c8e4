// SPDX-License-Identifier: MIT
// Where the flags document comes from (PMAT_FLAGS_SOURCE, the flags.source configuration key,
// `pmat-host flags --source`): "file:PATH" (one host's flags.json, watched) or
// "redis://[user:password@]host:port/db" (one document shared by a fleet, pushed on change).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace pmat::flags {

struct FileSourceSpec {
   std::filesystem::path path;
};

struct RedisSourceSpec {
   std::string host;
   int port = 6379;
   int db = 0;
   std::string user;     // empty: AUTH with the password only (or no AUTH when both are empty)
   std::string password; // never printed: describe() redacts it
};

struct SourceSpec {
   std::variant<FileSourceSpec, RedisSourceSpec> where;
   bool is_redis() const noexcept { return where.index() == 1; }
};

struct SpecResult {
   bool ok = false;
   SourceSpec spec;
   std::string error; // names what is wrong, e.g. "redis source: port must be 1..65535"
};

// Never throws. `file:` needs a non-empty path; `redis://` needs a host, a port (default 6379)
// and a database (default 0).
SpecResult parse_source_spec(std::string_view text) noexcept;

// The spec with the password replaced by "***": safe for logs, status, metrics and the fleet view.
std::string describe(const SourceSpec &spec);

} // namespace pmat::flags
