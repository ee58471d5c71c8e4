// SPDX-License-Identifier: MIT
#include "object_text.hpp"

#include <pmat/common/json_text.hpp>

#include <boost/json/serialize.hpp>

namespace pmat::plugin {

void ObjectText::add(std::string_view key, const boost::json::value &value) {
   add_json(key, boost::json::serialize(value));
}

void ObjectText::add_string(std::string_view key, std::string_view text) {
   open_member(key);
   pmat::common::append_json_string(text_, text);
   text_ += '}';
}

void ObjectText::add_json(std::string_view key, std::string_view json) {
   open_member(key);
   text_ += json;
   text_ += '}';
}

void ObjectText::open_member(std::string_view key) {
   text_.pop_back(); // the closing brace
   if (text_.size() > 1)
      text_ += ',';
   text_ += '"';
   text_ += key;
   text_ += "\":";
}

} // namespace pmat::plugin
