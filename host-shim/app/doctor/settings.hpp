// What the doctor is asked, and the host configuration it reads: exactly what the plugin reads
// under pmat-host, where the configuration key "a.b_c" is the environment variable PMAT_A_B_C
// (host-shim's config_get; pmat-host passes no configuration object).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pmat::doctor {

struct Options {
   std::string plugin_dir;      // empty = the shim's default search
   std::string engine = "auto"; // auto | native | claude: the engine the caller will ask for
   bool check_api = false;      // send one minimal request to the configured endpoint
};

// The value of configuration key `key` ("claude.node"), or nullopt when unset or empty.
std::optional<std::string> config_value(std::string_view key);

// The environment variable `key` names ("claude.node" -> "PMAT_CLAUDE_NODE").
std::string config_variable(std::string_view key);

// Environment variable `name`, or nullopt when unset or empty.
std::optional<std::string> env_value(const char *name);

// True for "true", "1", "yes" and "on"; the plugin's spelling of an enabled switch.
bool is_true(const std::optional<std::string> &value);

// True for "false", "0" and "off"; the plugin's spelling of a disabled switch.
bool is_false(const std::optional<std::string> &value);

} // namespace pmat::doctor
