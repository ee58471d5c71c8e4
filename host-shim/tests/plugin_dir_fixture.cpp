// SPDX-License-Identifier: MIT
#include "plugin_dir_fixture.hpp"

#include <pmat_test/eventually.hpp>

#include <boost/json/parse.hpp>

#include <stdlib.h>

#include <fstream>
#include <stdexcept>
#include <thread>

namespace pmat::test {

std::filesystem::path variant_path(const std::string &variant) {
   return std::filesystem::path(PMAT_TEST_VARIANT_DIR) / ("lib" + variant + ".so");
}

PluginDirFixture::PluginDirFixture() {
   std::string pattern =
       (std::filesystem::temp_directory_path() / "pmat-shim-test-XXXXXX").string();
   if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
   root_ = pattern;
   plugin_dir_ = root_ / "plugins";
   staging_dir_ = root_ / "stage";
   std::filesystem::create_directory(plugin_dir_);
}

PluginDirFixture::~PluginDirFixture() {
   std::error_code ec;
   std::filesystem::remove_all(root_, ec);
}

void PluginDirFixture::install(const std::string &variant, const std::string &file_name) {
   const auto temporary = plugin_dir_ / ("." + file_name + ".tmp");
   std::filesystem::copy_file(variant_path(variant), temporary,
                              std::filesystem::copy_options::overwrite_existing);
   std::filesystem::rename(temporary, plugin_dir_ / file_name);
}

void PluginDirFixture::install_truncated(const std::string &variant, std::size_t bytes,
                                         const std::string &file_name) {
   std::ifstream in(variant_path(variant), std::ios::binary);
   std::string content(bytes, '\0');
   in.read(content.data(), static_cast<std::streamsize>(bytes));
   const auto temporary = plugin_dir_ / ("." + file_name + ".tmp");
   std::ofstream(temporary, std::ios::binary).write(content.data(), in.gcount());
   std::filesystem::rename(temporary, plugin_dir_ / file_name);
}

void PluginDirFixture::collect_log(void *self, pmat_log_level, const char *message) {
   auto *fixture = static_cast<PluginDirFixture *>(self);
   std::lock_guard lock(fixture->log_mutex_);
   fixture->logs_.emplace_back(message);
}

std::vector<std::string> PluginDirFixture::logs() const {
   std::lock_guard lock(log_mutex_);
   return logs_;
}

ShimPtr PluginDirFixture::open(bool watch, std::string *error, std::uint32_t drain_timeout_ms) {
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   const std::string dir = plugin_dir_.string();
   const std::string stage = staging_dir_.string();
   options.plugin_dir = dir.c_str();
   options.staging_dir = stage.c_str();
   options.watch = watch ? 1 : 0;
   options.drain_timeout_ms = drain_timeout_ms;
   options.log = &PluginDirFixture::collect_log;
   options.log_user = this;
   pmat_shim *shim = nullptr;
   if (pmat_shim_open(&options, &shim) != PMAT_STATUS_OK && error)
      *error = pmat_shim_last_error();
   return ShimPtr(shim);
}

AnalyzeOutcome analyze_text(pmat_shim *shim, const std::string &content, const char *path) {
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = path;
   request.content = reinterpret_cast<const std::uint8_t *>(content.data());
   request.content_size = content.size();
   char *json = nullptr;
   std::size_t size = 0;
   AnalyzeOutcome outcome;
   outcome.status = pmat_shim_analyze(shim, &request, &json, &size);
   if (json)
      outcome.json.assign(json, size);
   else
      outcome.error = pmat_shim_last_error();
   pmat_shim_free(json);
   return outcome;
}

boost::json::value shim_status(pmat_shim *shim) {
   char *json = nullptr;
   std::size_t size = 0;
   if (pmat_shim_status(shim, &json, &size) != PMAT_STATUS_OK)
      throw std::runtime_error(pmat_shim_last_error());
   auto value = boost::json::parse(std::string_view(json, size));
   pmat_shim_free(json);
   return value;
}

std::uint64_t serving_generation(pmat_shim *shim) {
   return shim_status(shim).at("generation").at("number").to_number<std::uint64_t>();
}

std::string serving_version(pmat_shim *shim) {
   return std::string(shim_status(shim).at("generation").at("version").as_string());
}

bool wait_for_generation(pmat_shim *shim, std::uint64_t number, std::chrono::milliseconds timeout) {
   return pmat::test::eventually([&] { return serving_generation(shim) >= number; }, timeout);
}

std::vector<std::string> mappings_containing(const std::string &needle) {
   std::ifstream maps("/proc/self/maps");
   std::vector<std::string> lines;
   for (std::string line; std::getline(maps, line);)
      if (line.find(needle) != std::string::npos)
         lines.push_back(line);
   return lines;
}

std::size_t open_fd_count() {
   std::size_t count = 0;
   for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator("/proc/self/fd"))
      ++count;
   return count;
}

} // namespace pmat::test
