// SPDX-License-Identifier: MIT
#include "plugin_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdlib.h>

#include <stdexcept>

namespace pmat::test {

namespace {

// Sets config[section][key] = value unless the caller already set it.
void default_setting(boost::json::object &config, const char *section, const char *key,
                     const std::string &value) {
   auto &part = config[section];
   if (!part.is_object())
      part = boost::json::object{};
   if (!part.as_object().contains(key))
      part.as_object()[key] = value;
}

// The caller's configuration with the private cache directory and flags file filled in.
std::string private_config(const char *config_json, const std::filesystem::path &root) {
   boost::json::object config =
       config_json ? boost::json::parse(config_json).as_object() : boost::json::object{};
   default_setting(config, "cache", "dir", (root / "cache").string());
   default_setting(config, "flags", "file", (root / "flags.json").string());
   return boost::json::serialize(config);
}

} // namespace

PluginFixture::PluginFixture(const char *config_json, std::filesystem::path root) {
   if (root.empty()) {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "pmat-plugin-test-XXXXXX").string();
      if (!::mkdtemp(pattern.data()))
         throw std::runtime_error("mkdtemp failed");
      root = pattern;
   }
   root_ = root;
   std::filesystem::create_directories(root_ / "plugins");
   install(PMAT_TEST_PLUGIN);
   const std::string config = private_config(config_json, root_);
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   const std::string dir = (root_ / "plugins").string();
   const std::string stage = (root_ / "stage").string();
   options.plugin_dir = dir.c_str();
   options.staging_dir = stage.c_str();
   options.config_json = config.c_str();
   if (pmat_shim_open(&options, &shim_) != PMAT_STATUS_OK) {
      std::filesystem::remove_all(root_);
      throw std::runtime_error(pmat_shim_last_error());
   }
}

PluginFixture::~PluginFixture() {
   pmat_shim_close(shim_);
   if (!keep_)
      std::filesystem::remove_all(root_);
}

void PluginFixture::install(const char *build) {
   const auto temporary = root_ / "plugins" / ".libpmat_claude.so.tmp";
   std::filesystem::copy_file(build, temporary, std::filesystem::copy_options::overwrite_existing);
   std::filesystem::rename(temporary, root_ / "plugins" / "libpmat_claude.so");
}

Outcome PluginFixture::analyze(const std::string &content, const char *path, const char *options,
                               const char *language) {
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = path;
   request.language = language;
   request.content = reinterpret_cast<const std::uint8_t *>(content.data());
   request.content_size = content.size();
   request.options_json = options;
   char *json = nullptr;
   std::size_t size = 0;
   Outcome outcome{pmat_shim_analyze(shim_, &request, &json, &size), nullptr, ""};
   if (json)
      outcome.result = boost::json::parse(std::string_view(json, size));
   else
      outcome.error = pmat_shim_last_error();
   pmat_shim_free(json);
   return outcome;
}

std::string PluginFixture::prometheus() {
   char *text = nullptr;
   std::size_t size = 0;
   if (pmat_shim_metrics(shim_, PMAT_METRICS_PROMETHEUS_TEXT, &text, &size) != PMAT_STATUS_OK)
      throw std::runtime_error(pmat_shim_last_error());
   std::string out(text, size);
   pmat_shim_free(text);
   return out;
}

} // namespace pmat::test
