// SPDX-License-Identifier: MIT
#pragma once
// Accumulates per-function metrics while an analyzer walks a file once.
//
// Rules shared by every language (docs/native-analyzer.md):
//  - every function, method, lambda and closure is its own entry;
//  - cyclomatic counts a function's own branch points only (a nested function's branches are its
//    own), as ESLint and pmccabe do;
//  - cognitive follows SonarSource: a nested function raises the nesting level, and increments
//    inside it also count for every enclosing function, with their nesting measured from each
//    enclosing function's body.

#include <pmat/native/result.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::native::detail {

class FunctionTracker {
 public:
   explicit FunctionTracker(FileAnalysis &analysis) : analysis_(analysis) {}

   // Opens a function whose body starts at `nesting` (already including the +1 of a nested body).
   void open(std::string name, std::string_view short_name, std::uint32_t line, int nesting);
   void close(std::uint32_t line_end);
   void close_all(std::uint32_t line_end);

   bool any_open() const { return !open_.empty(); }
   std::size_t depth() const { return open_.size(); }
   std::string_view innermost_short_name() const;
   const std::string &innermost_name() const;

   void branch(std::uint32_t count = 1); // cyclomatic, innermost function only
   void structural(int nesting);         // cognitive +1 plus nesting, Sonar's nesting increment
   void fundamental();                   // cognitive +1, no nesting increment
   void nested_body(int nesting);        // a nesting body opened at `nesting`: updates nesting_max

 private:
   struct Open {
      std::size_t slot = 0; // index into analysis_.functions, npos past the per-file limit
      std::string name;
      std::string short_name;
      int base = 0;
      FunctionMetrics metrics;
      std::uint32_t line_start = 0;
   };
   FileAnalysis &analysis_;
   std::vector<Open> open_;
};

} // namespace pmat::native::detail
