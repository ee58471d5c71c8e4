// One line of `pmat-host doctor`: what was checked, how it went, why, and what to do about it.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace pmat::doctor {

enum class Status { Ok, Warn, Fail };

// Which configuration needs a check to pass. A failed Claude check is only a warning while the
// configuration never asks for Claude (native engine, kill switch, strategy disabled).
enum class Scope { Always, Claude };

struct Check {
   std::string id; // dotted and stable, e.g. "node.version", "sandbox.userns"
   Status status = Status::Ok;
   Scope scope = Scope::Always;
   std::string summary;      // what was found, one short clause
   std::string reason;       // why it is a problem (empty when ok)
   std::string fix;          // what to do (empty when ok)
   boost::json::object data; // facts for machines (versions, paths, layers); never a secret
   bool needed = true;       // set by the report: does the configuration need this check to pass?
};

using Checks = std::vector<Check>;

// The constructors the check families use; `data` is added afterwards when there is any.
Check ok(std::string id, std::string summary, Scope scope = Scope::Always);
Check warn(std::string id, std::string summary, std::string reason, std::string fix,
           Scope scope = Scope::Always);
Check fail(std::string id, std::string summary, std::string reason, std::string fix,
           Scope scope = Scope::Always);

// "ok", "warn" or "fail": the JSON spelling.
const char *status_name(Status status);

} // namespace pmat::doctor
