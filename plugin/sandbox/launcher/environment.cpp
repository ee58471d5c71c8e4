// SPDX-License-Identifier: MIT
#include "environment.hpp"

#include <algorithm>
#include <map>

namespace pmat::sandbox::launcher {
namespace {

const std::vector<std::string> &allowed_names() {
   static const std::vector<std::string> k_names{"PATH",
                                                 "ANTHROPIC_API_KEY",
                                                 "ANTHROPIC_AUTH_TOKEN",
                                                 "ANTHROPIC_BASE_URL",
                                                 "HTTPS_PROXY",
                                                 "https_proxy",
                                                 "HTTP_PROXY",
                                                 "http_proxy",
                                                 "NO_PROXY",
                                                 "no_proxy",
                                                 "ALL_PROXY",
                                                 "all_proxy",
                                                 "LANG",
                                                 "LC_ALL",
                                                 "TZ"};
   return k_names;
}

bool kept(const std::string &name, const SandboxConfig &config) {
   const auto &names = allowed_names();
   return std::find(names.begin(), names.end(), name) != names.end() ||
          std::find(config.keep_env.begin(), config.keep_env.end(), name) != config.keep_env.end();
}

void add_assignment(std::map<std::string, std::string> &env, const std::string &entry) {
   auto equals = entry.find('=');
   if (equals == std::string::npos || equals == 0)
      return;
   env[entry.substr(0, equals)] = entry.substr(equals + 1);
}

} // namespace

std::vector<std::string> sandbox_environment(const SandboxConfig &config, char **host,
                                             const std::string &home) {
   std::map<std::string, std::string> env;
   for (char **entry = host; entry != nullptr && *entry != nullptr; ++entry) {
      std::string text(*entry);
      auto equals = text.find('=');
      if (equals != std::string::npos && kept(text.substr(0, equals), config))
         env[text.substr(0, equals)] = text.substr(equals + 1);
   }
   env.try_emplace("PATH", "/usr/bin:/bin");
   env["HOME"] = home;
   env["PWD"] = home;
   env["TMPDIR"] = "/tmp";
   env["NODE_ENV"] = "production";
   env["NODE_OPTIONS"] = "--max-old-space-size=" + std::to_string(config.max_old_space_mib);
   for (const auto &entry : config.set_env)
      add_assignment(env, entry);
   std::vector<std::string> out;
   for (const auto &[name, value] : env)
      out.push_back(name + "=" + value);
   return out;
}

} // namespace pmat::sandbox::launcher
