#include <pmat/cache/value.hpp>

namespace pmat::cache {

LoadResult LoadResult::answer(Kind kind, std::string payload) {
   return LoadResult(std::make_shared<const Value>(Value{kind, std::move(payload)}));
}

LoadResult LoadResult::error(std::string code, std::string message, std::int32_t status,
                             std::uint32_t detail) {
   return LoadResult(LoadError{std::move(code), std::move(message), status, detail});
}

LoadResult LoadResult::from(ValuePtr value) {
   if (!value)
      return error("internal", "null value");
   return LoadResult(std::move(value));
}

const ValuePtr &LoadResult::value() const noexcept {
   static const ValuePtr k_none;
   const auto *p = std::get_if<ValuePtr>(&v_);
   return p ? *p : k_none;
}

const LoadError &LoadResult::error() const noexcept {
   static const LoadError k_none{"", ""};
   const auto *p = std::get_if<LoadError>(&v_);
   return p ? *p : k_none;
}

} // namespace pmat::cache
