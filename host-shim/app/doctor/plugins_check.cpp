// SPDX-License-Identifier: MIT
#include "plugins_check.hpp"

#include <pmat/host_shim.h>

#include <boost/json/parse.hpp>
#include <nettle/sha2.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const char *const k_install_fix =
    "install the pmat-claude-plugin package, or point --plugin-dir (or PMAT_PLUGIN_PATH) at a "
    "directory holding libpmat_claude.so";

std::string text_of(const json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::optional<json::object> inspect(const std::string &plugin_dir, std::string &error) {
   char *buffer = nullptr;
   std::size_t size = 0;
   const pmat_status status =
       pmat_shim_inspect(plugin_dir.empty() ? nullptr : plugin_dir.c_str(), 1, &buffer, &size);
   const std::string text = buffer ? std::string(buffer, size) : std::string();
   pmat_shim_free(buffer);
   if (status != PMAT_STATUS_OK) {
      error = pmat_shim_last_error();
      return std::nullopt;
   }
   boost::system::error_code ec;
   auto value = json::parse(text, ec);
   if (ec || !value.is_object()) {
      error = "the shim's inspection is not a JSON object";
      return std::nullopt;
   }
   return std::move(value.as_object());
}

std::string refusal_fix(const std::string &reason, const std::string &file) {
   if (reason.find("ABI") != std::string::npos || reason.find("abi") != std::string::npos)
      return "install a build of this plugin for plugin ABI " PMAT_PLUGIN_ABI_VERSION_STRING
             " (pmat-host version prints the host's), or remove " +
             file;
   return "pmat-plugin-conformance " + file +
          " says what is wrong; replace the file with a good "
          "build or remove it";
}

Check candidate(const json::object &entry, bool another_serves) {
   const std::string file = text_of(entry, "file");
   const std::string name = fs::path(file).filename().string();
   const std::string id = "plugins.candidate." + name;
   const auto *usable = entry.if_contains("usable");
   Check check;
   if (usable && usable->is_bool() && usable->as_bool()) {
      check = ok(id, name + ": " + text_of(entry, "plugin_id") + " " + text_of(entry, "version") +
                         ", ABI " + text_of(entry, "abi") + ", passes init and a smoke call");
   } else {
      const std::string reason = text_of(entry, "reason");
      const std::string summary = name + ": refused";
      check = another_serves ? warn(id, summary, reason, refusal_fix(reason, file))
                             : fail(id, summary, reason, refusal_fix(reason, file));
      check.needed = !another_serves;
   }
   check.data = entry;
   check.data["sha256"] = file_sha256(file);
   return check;
}

Check plugin_dir_check(const std::string &dir, std::size_t files) {
   std::error_code ec;
   if (!fs::is_directory(dir, ec))
      return fail("plugins.dir", dir + " is not a directory", "no plugin can be loaded from it",
                  k_install_fix);
   if (files == 0)
      return fail("plugins.dir", dir + " holds no *.so file", "no plugin can be loaded from it",
                  k_install_fix);
   return ok("plugins.dir",
             dir + ": " + std::to_string(files) + " plugin file" + (files == 1 ? "" : "s"));
}

Check serving_check(const PluginSession &session) {
   if (!session.opened)
      return fail("plugins.serving", "no plugin would serve", session.open_error, k_install_fix);
   const auto &served = session.served;
   Check check =
       ok("plugins.serving", text_of(served, "plugin_id") + " " + text_of(served, "version") +
                                 " from " + text_of(served, "file") + " would serve");
   check.data = served;
   check.data.erase("staged");
   return check;
}

} // namespace

std::string file_sha256(const std::string &path) {
   std::ifstream in(path, std::ios::binary);
   if (!in)
      return "";
   sha256_ctx context{};
   sha256_init(&context);
   char buffer[65536];
   while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
      sha256_update(&context, static_cast<std::size_t>(in.gcount()),
                    reinterpret_cast<const std::uint8_t *>(buffer));
   std::uint8_t digest[SHA256_DIGEST_SIZE];
   sha256_digest(&context, sizeof digest, digest);
   static constexpr char k_hex[] = "0123456789abcdef";
   std::string hex;
   for (const std::uint8_t byte : digest) {
      hex += k_hex[byte >> 4];
      hex += k_hex[byte & 0x0F];
   }
   return hex;
}

void check_plugins(const std::string &plugin_dir, const PluginSession &session, Checks &out) {
   std::string error;
   const auto report = inspect(plugin_dir, error);
   if (!report) {
      out.push_back(
          fail("plugins.dir", "cannot inspect the plugins directory", error, k_install_fix));
      out.push_back(serving_check(session));
      return;
   }
   const std::string dir = text_of(*report, "plugin_dir");
   const auto *plugins = report->if_contains("plugins");
   const json::array empty;
   const json::array &entries = plugins && plugins->is_array() ? plugins->as_array() : empty;
   out.push_back(plugin_dir_check(dir, entries.size()));
   for (const auto &entry : entries)
      if (entry.is_object())
         out.push_back(candidate(entry.as_object(), session.opened));
   out.push_back(serving_check(session));
}

} // namespace pmat::doctor
