// SPDX-License-Identifier: MIT
#include "languages.hpp"

namespace pmat::plugin::claude {

std::string extra_language(std::string_view path, const std::optional<std::string> &table) {
   const std::size_t slash = path.find_last_of('/');
   const std::size_t dot = path.find_last_of('.');
   if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
      return {};
   const std::string wanted = std::string(path.substr(dot + 1)) + "=";
   std::string_view entries = table ? std::string_view(*table) : k_default_extra_languages;
   while (!entries.empty()) {
      const std::size_t comma = entries.find(',');
      const std::string_view entry = entries.substr(0, comma);
      if (entry.size() > wanted.size() && entry.substr(0, wanted.size()) == wanted)
         return std::string(entry.substr(wanted.size()));
      entries = comma == std::string_view::npos ? std::string_view() : entries.substr(comma + 1);
   }
   return {};
}

} // namespace pmat::plugin::claude
