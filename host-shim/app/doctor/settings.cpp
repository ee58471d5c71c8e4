#include "settings.hpp"

#include <cctype>
#include <cstdlib>

namespace pmat::doctor {

std::string config_variable(std::string_view key) {
   std::string name = "PMAT_";
   for (const char c : key)
      name.push_back(c == '.' || c == '-'
                         ? '_'
                         : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
   return name;
}

std::optional<std::string> env_value(const char *name) {
   const char *value = std::getenv(name);
   if (!value || !*value)
      return std::nullopt;
   return std::string(value);
}

std::optional<std::string> config_value(std::string_view key) {
   return env_value(config_variable(key).c_str());
}

bool is_true(const std::optional<std::string> &value) {
   return value && (*value == "true" || *value == "1" || *value == "yes" || *value == "on");
}

bool is_false(const std::optional<std::string> &value) {
   return value && (*value == "false" || *value == "0" || *value == "off");
}

} // namespace pmat::doctor
