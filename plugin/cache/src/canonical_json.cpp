// SPDX-License-Identifier: MIT
// Canonical JSON for the options part of the key: objects with keys sorted (byte order),
// arrays in order, scalars as Boost.JSON serialises them, no whitespace.
#include <pmat/cache/key.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <vector>

namespace pmat::cache {
namespace {

void write_canonical(const boost::json::value &v, std::string &out);

void write_object(const boost::json::object &o, std::string &out) {
   std::vector<const boost::json::key_value_pair *> members;
   members.reserve(o.size());
   for (const auto &kv : o)
      members.push_back(&kv);
   std::sort(members.begin(), members.end(),
             [](const auto *a, const auto *b) { return a->key() < b->key(); });
   out += '{';
   for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0)
         out += ',';
      out += boost::json::serialize(boost::json::value(members[i]->key()));
      out += ':';
      write_canonical(members[i]->value(), out);
   }
   out += '}';
}

void write_canonical(const boost::json::value &v, std::string &out) {
   if (v.is_object())
      return write_object(v.get_object(), out);
   if (!v.is_array()) {
      out += boost::json::serialize(v);
      return;
   }
   out += '[';
   bool first = true;
   for (const auto &item : v.get_array()) {
      if (!first)
         out += ',';
      first = false;
      write_canonical(item, out);
   }
   out += ']';
}

} // namespace

std::string canonical_options(std::string_view options_json) {
   if (options_json.empty())
      return "{}"; // absent options mean the defaults, the same as an empty object
   boost::system::error_code ec;
   const boost::json::value v = boost::json::parse(options_json, ec);
   if (ec)
      return "\x01raw:" + std::string(options_json);
   std::string out;
   write_canonical(v, out);
   return out;
}

} // namespace pmat::cache
