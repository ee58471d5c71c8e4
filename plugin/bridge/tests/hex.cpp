// SPDX-License-Identifier: MIT
#include "hex.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/json/parse.hpp>

namespace pmat::bridge::test {

namespace {
int nibble(char c) {
   if (c >= '0' && c <= '9')
      return c - '0';
   if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
   if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
   throw std::invalid_argument("bad hex digit");
}
} // namespace

std::string from_hex(std::string_view hex) {
   if (hex.size() % 2 != 0)
      throw std::invalid_argument("odd hex length");
   std::string out;
   out.reserve(hex.size() / 2);
   for (std::size_t i = 0; i < hex.size(); i += 2)
      out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
   return out;
}

boost::json::value load_json_file(const std::string &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in)
      throw std::runtime_error("cannot open " + path);
   std::stringstream buffer;
   buffer << in.rdbuf();
   return boost::json::parse(buffer.str());
}

} // namespace pmat::bridge::test
