// SPDX-License-Identifier: MIT
#include "console_state.hpp"

namespace pmat::serve::console {
namespace {

const boost::json::value *field(const boost::json::object *object, const char *key) {
   return object ? object->if_contains(key) : nullptr;
}

} // namespace

const boost::json::object *object_at(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value ? value->if_object() : nullptr;
}

std::string string_at(const boost::json::object *object, const char *key,
                      const std::string &fallback) {
   const auto *value = field(object, key);
   return value && value->is_string() ? std::string(value->get_string()) : fallback;
}

double number_at(const boost::json::object *object, const char *key, double fallback) {
   const auto *value = field(object, key);
   if (!value)
      return fallback;
   if (value->is_double())
      return value->get_double();
   if (value->is_int64())
      return static_cast<double>(value->get_int64());
   return value->is_uint64() ? static_cast<double>(value->get_uint64()) : fallback;
}

bool bool_at(const boost::json::object *object, const char *key, bool fallback) {
   const auto *value = field(object, key);
   return value && value->is_bool() ? value->get_bool() : fallback;
}

} // namespace pmat::serve::console
