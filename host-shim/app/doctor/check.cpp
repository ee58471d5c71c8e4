#include "check.hpp"

#include <utility>

namespace pmat::doctor {
namespace {

Check make(std::string id, Status status, std::string summary, std::string reason, std::string fix,
           Scope scope) {
   Check check;
   check.id = std::move(id);
   check.status = status;
   check.scope = scope;
   check.summary = std::move(summary);
   check.reason = std::move(reason);
   check.fix = std::move(fix);
   return check;
}

} // namespace

Check ok(std::string id, std::string summary, Scope scope) {
   return make(std::move(id), Status::Ok, std::move(summary), "", "", scope);
}

Check warn(std::string id, std::string summary, std::string reason, std::string fix, Scope scope) {
   return make(std::move(id), Status::Warn, std::move(summary), std::move(reason), std::move(fix),
               scope);
}

Check fail(std::string id, std::string summary, std::string reason, std::string fix, Scope scope) {
   return make(std::move(id), Status::Fail, std::move(summary), std::move(reason), std::move(fix),
               scope);
}

const char *status_name(Status status) {
   switch (status) {
   case Status::Ok: return "ok";
   case Status::Warn: return "warn";
   case Status::Fail: return "fail";
   }
   return "fail";
}

} // namespace pmat::doctor
