// SPDX-License-Identifier: MIT
#include "object_text.hpp"

#include <boost/json/serialize.hpp>

namespace pmat::plugin {

void ObjectText::add(std::string_view key, const boost::json::value &value) {
   text_.pop_back(); // the closing brace
   if (text_.size() > 1)
      text_ += ',';
   text_ += '"';
   text_ += key;
   text_ += "\":";
   text_ += boost::json::serialize(value);
   text_ += '}';
}

} // namespace pmat::plugin
