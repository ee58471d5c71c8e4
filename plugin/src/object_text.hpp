// SPDX-License-Identifier: MIT
// A JSON object's text that members are appended to without parsing it: what
// boost::json::serialize writes for the object with those members added at its end.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace pmat::plugin {

class ObjectText {
 public:
   // `text` must be a JSON object as boost::json::serialize writes it ("{...}", no whitespace
   // around it); the plugin's own serialisations are.
   explicit ObjectText(std::string text) : text_(std::move(text)) {}

   // Appends "key":value. `key` is written as given: a plain ASCII name, nothing to escape. The
   // caller does not add a key the object already has (the text would then hold it twice).
   void add(std::string_view key, const boost::json::value &value);
   // Appends "key":"text", the string escaped as Boost.JSON escapes it (no boost::json value is
   // built).
   void add_string(std::string_view key, std::string_view text);
   // Appends "key":json, `json` being one JSON value's text as Boost.JSON writes it.
   void add_json(std::string_view key, std::string_view json);

   // The text; the object is empty afterwards.
   std::string take() { return std::move(text_); }

 private:
   void open_member(std::string_view key); // the text up to the member's value
   std::string text_;
};

} // namespace pmat::plugin
