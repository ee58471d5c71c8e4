// SPDX-License-Identifier: MIT
#include "redis_link.hpp"

#include <hiredis/hiredis.h>

namespace pmat::flags::detail {
namespace {

bool refused(const Reply &reply) {
   return !reply || reply->type == REDIS_REPLY_ERROR;
}

std::string reply_error(const Reply &reply, const RedisLink &link) {
   return reply ? std::string(reply->str, reply->len) : link.error();
}

} // namespace

std::unique_ptr<RedisLink> open_link(const RedisSourceSpec &spec,
                                     std::chrono::milliseconds connect_timeout,
                                     std::chrono::milliseconds command_timeout,
                                     std::string &error) {
   auto link = RedisLink::open(spec.host, spec.port, connect_timeout, command_timeout, error);
   if (!link)
      return nullptr;
   if (!spec.password.empty()) {
      const Reply auth = spec.user.empty() ? link->command({"AUTH", spec.password})
                                           : link->command({"AUTH", spec.user, spec.password});
      if (refused(auth)) {
         error = "AUTH refused: " + reply_error(auth, *link);
         return nullptr;
      }
   }
   const Reply select = link->command({"SELECT", std::to_string(spec.db)});
   if (refused(select)) {
      error = "SELECT " + std::to_string(spec.db) + " refused: " + reply_error(select, *link);
      return nullptr;
   }
   return link;
}

} // namespace pmat::flags::detail
