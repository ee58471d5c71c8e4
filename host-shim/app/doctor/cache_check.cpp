#include "cache_check.hpp"

#include "paths.hpp"
#include "settings.hpp"

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <memory>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_walk = 200000; // entries counted before the size is a lower bound
constexpr timeval k_redis_timeout{0, 500000};

struct DirSize {
   std::uintmax_t bytes = 0;
   std::size_t files = 0;
   std::size_t walked = 0; // directory entries seen, files and folders
   bool partial = false;
};

DirSize size_of(const fs::path &dir) {
   DirSize size;
   std::error_code ec;
   for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (++size.walked > k_max_walk) {
         size.partial = true;
         break;
      }
      if (!it->is_regular_file(ec))
         continue;
      size.bytes += it->file_size(ec);
      ++size.files;
   }
   return size;
}

std::string mib(std::uintmax_t bytes) {
   return std::to_string(bytes / (1024 * 1024)) + "." +
          std::to_string((bytes % (1024 * 1024)) * 10 / (1024 * 1024)) + " MiB";
}

// The nearest directory that exists at or above `path`.
fs::path existing_ancestor(fs::path path) {
   std::error_code ec;
   while (!path.empty() && !fs::exists(path, ec) && path != path.root_path())
      path = path.parent_path();
   return path;
}

Check dir_check(const fs::path &dir) {
   const std::string fix = "make " + dir.string() +
                           " writable by the user pmat-host runs as, or "
                           "set PMAT_CACHE_DIR (cache.dir) to a directory that is";
   std::error_code ec;
   if (!fs::exists(dir, ec)) {
      const fs::path parent = existing_ancestor(dir);
      if (::access(parent.c_str(), W_OK) != 0)
         return warn("cache.dir", dir.string() + " cannot be created",
                     parent.string() + " is not writable; the cache keeps results in memory only",
                     fix);
      return ok("cache.dir", dir.string() + ": not created yet (created on first use)");
   }
   if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0)
      return warn("cache.dir", dir.string() + " is not a writable directory",
                  "the cache keeps results in memory only", fix);
   const DirSize size = size_of(dir / "l2-v1");
   Check check =
       ok("cache.dir", dir.string() + ": writable, " + (size.partial ? "at least " : "") +
                           mib(size.bytes) + " in " + std::to_string(size.files) + " files");
   check.data = {{"dir", dir.string()}, {"bytes", size.bytes}, {"files", size.files}};
   return check;
}

Check disk_check() {
   if (is_false(config_value("cache.enabled")))
      return ok("cache.dir", "the cache is off (cache.enabled=false)");
   if (is_false(config_value("cache.disk")))
      return ok("cache.dir", "the disk tier is off (cache.disk=false)");
   if (const auto dir = config_value("cache.dir"))
      return dir_check(fs::path(*dir));
   const auto dir = user_path("XDG_CACHE_HOME", ".cache", "pmat", true);
   if (!dir)
      return warn("cache.dir", "no cache directory", "no XDG_CACHE_HOME, HOME or passwd home",
                  "set PMAT_CACHE_DIR (cache.dir)");
   return dir_check(*dir);
}

struct RedisFree {
   void operator()(redisContext *context) const { redisFree(context); }
};
struct ReplyFree {
   void operator()(redisReply *reply) const { freeReplyObject(reply); }
};

// "host:port" split as the plugin splits it; false when malformed.
bool split_address(const std::string &address, std::string &host, int &port) {
   const auto colon = address.rfind(':');
   if (colon == std::string::npos)
      return false;
   const char *last = address.data() + address.size();
   const auto [end, ec] = std::from_chars(address.data() + colon + 1, last, port);
   host = address.substr(0, colon);
   return ec == std::errc() && end == last && port > 0 && port <= 65535 && !host.empty();
}

std::string redis_error(redisContext *context) {
   return context ? context->errstr : "out of memory";
}

Check ping(const std::string &address, const std::string &host, int port) {
   const std::string fix = "start Redis at " + address +
                           " (systemctl start redis-server), or unset PMAT_CACHE_REDIS "
                           "(cache.redis); meanwhile the cache runs on L1 and disk";
   const std::unique_ptr<redisContext, RedisFree> context(
       redisConnectWithTimeout(host.c_str(), port, k_redis_timeout));
   if (!context || context->err)
      return fail("cache.redis", "cannot connect to " + address, redis_error(context.get()), fix);
   redisSetTimeout(context.get(), k_redis_timeout);
   const std::unique_ptr<redisReply, ReplyFree> reply(
       static_cast<redisReply *>(redisCommand(context.get(), "PING")));
   if (!reply || reply->type == REDIS_REPLY_ERROR)
      return fail("cache.redis", address + " does not answer PING",
                  reply ? std::string(reply->str, reply->len) : redis_error(context.get()), fix);
   return ok("cache.redis", address + " answers PING");
}

Check redis_check(const std::string &address) {
   std::string host;
   int port = 0;
   if (!split_address(address, host, port))
      return fail("cache.redis", "cache.redis must be host:port, got " + address,
                  "the plugin ignores it and runs without Redis",
                  "set PMAT_CACHE_REDIS (cache.redis) to host:port, e.g. 127.0.0.1:6379");
   Check check = ping(address, host, port);
   check.data = {{"address", address}};
   return check;
}

} // namespace

void check_cache(Checks &out) {
   out.push_back(disk_check());
   const auto redis = config_value("cache.redis");
   if (redis && !is_false(config_value("cache.enabled")))
      out.push_back(redis_check(*redis));
}

} // namespace pmat::doctor
