// SPDX-License-Identifier: MIT
// Typed, strict access to one JSON object of the flags file; errors name the full key path.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pmat::flags::detail {

struct ParseError : std::runtime_error {
   using std::runtime_error::runtime_error;
};

class Fields {
 public:
   // Throws ParseError when `o` has a key outside `allowed`.
   Fields(const boost::json::object &o, std::string prefix,
          std::initializer_list<std::string_view> allowed);

   void get(std::string_view key, bool &out) const;
   void get(std::string_view key, std::uint32_t &out) const;
   void get(std::string_view key, std::uint64_t &out) const;
   void get(std::string_view key, int &out) const; // clamped later, but must be an integer
   void get(std::string_view key, double &out) const;
   void get(std::string_view key, std::string &out) const;
   const boost::json::value *find(std::string_view key) const { return o_.if_contains(key); }
   [[noreturn]] void fail(std::string_view key, std::string_view what) const;

 private:
   const boost::json::object &o_;
   std::string prefix_;
};

} // namespace pmat::flags::detail
