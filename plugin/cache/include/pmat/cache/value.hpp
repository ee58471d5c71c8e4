// What the cache stores and what a loader returns. A value carries its kind, and a kind may only
// be stored under a key of the matching engine: a Claude-path loader that fell back to the native
// analyzer returns Kind::Native, which is handed to the caller but never stored under the Claude
// key. Errors are a separate alternative of LoadResult and are never stored at all.
#pragma once

#include "key.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace pmat::cache {

enum class Kind : std::uint8_t {
   Claude = 1,   // an answer from the Claude engine
   Native = 2,   // an answer from the native analyzer
   Negative = 3, // a deterministic "no answer" (e.g. file rejected as binary): short TTL
   Host = 4,     // opaque bytes the host stored through pmat.cache/1 (in-process tier only)
};

struct Value {
   Kind kind = Kind::Native;
   std::string payload; // the result JSON (opaque to the cache)
};

using ValuePtr = std::shared_ptr<const Value>;

// Transient failures (timeouts, 429/529, crashes): delivered to every waiter, never cached.
struct LoadError {
   std::string code;
   std::string message;
   // The loader's own typed facts (a status code, a failure kind), opaque to the cache and
   // delivered unchanged to every waiter; 0 when the loader gave none (e.g. it threw).
   std::int32_t status = 0;
   std::uint32_t detail = 0;
};

class LoadResult {
 public:
   static LoadResult answer(Kind kind, std::string payload);
   static LoadResult negative(std::string payload) {
      return answer(Kind::Negative, std::move(payload));
   }
   static LoadResult error(std::string code, std::string message, std::int32_t status = 0,
                           std::uint32_t detail = 0);
   static LoadResult from(ValuePtr value);

   bool ok() const noexcept { return std::holds_alternative<ValuePtr>(v_); }
   // Non-null when ok().
   const ValuePtr &value() const noexcept;
   // Valid when !ok().
   const LoadError &error() const noexcept;

 private:
   explicit LoadResult(std::variant<ValuePtr, LoadError> v) : v_(std::move(v)) {}
   std::variant<ValuePtr, LoadError> v_;
};

constexpr std::string_view to_string(Kind kind) noexcept {
   switch (kind) {
   case Kind::Claude: return "claude";
   case Kind::Native: return "native";
   case Kind::Negative: return "negative";
   case Kind::Host: return "host";
   }
   return "unknown";
}

// True when a value of `kind` may be stored under a key for `engine`.
constexpr bool storable(Engine engine, Kind kind) noexcept {
   if (engine == Engine::Host || kind == Kind::Host)
      return engine == Engine::Host && kind == Kind::Host;
   if (kind == Kind::Negative)
      return true;
   return (engine == Engine::Claude) == (kind == Kind::Claude);
}

} // namespace pmat::cache
