// SPDX-License-Identifier: MIT
#include "generation.hpp"

#include "plugin_directory.hpp"
#include "staging.hpp"

#include <boost/json/parse.hpp>

#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <utility>

namespace pmat::shim {
namespace {

constexpr std::size_t k_max_identity_length = 255; // PMAT-ABI-093
constexpr std::uint32_t k_max_struct_size = 64 * 1024;

constexpr const char k_smoke_source[] = "int main(void) { return 0; }\n";

// The size an ABI 1.0 producer must at least report for a struct ending in `member`.
#define PMAT_V1_SIZE(type, member) (offsetof(type, member) + sizeof(((type *)nullptr)->member))

std::string status_text(pmat_status status) {
   const char *name = pmat_status_name(status);
   return name ? name : "unknown status " + std::to_string(status);
}

std::string checked_string(const char *text, const char *what) {
   if (!text)
      throw LoadRefused(std::string("entry.") + what + " is NULL (PMAT-ABI-093)");
   const std::size_t length = ::strnlen(text, k_max_identity_length + 1);
   if (length > k_max_identity_length)
      throw LoadRefused(std::string("entry.") + what + " is longer than 255 bytes (PMAT-ABI-093)");
   return std::string(text, length);
}

// Copies a plugin's interface struct into `out`, zero-filling members an older plugin lacks.
template <typename T>
void copy_interface(const void *raw, std::size_t v1_size, T &out, const char *id) {
   const auto *source = static_cast<const T *>(raw);
   if (source->struct_size < v1_size || source->struct_size > k_max_struct_size)
      throw LoadRefused(std::string(id) + " struct_size " + std::to_string(source->struct_size) +
                        " is not a valid size (ABI 1.0 needs at least " + std::to_string(v1_size) +
                        ")");
   std::memset(&out, 0, sizeof out);
   std::memcpy(&out, source, source->struct_size < sizeof out ? source->struct_size : sizeof out);
}

boost::dll::shared_library open_library(const std::filesystem::path &path) {
   try {
      return boost::dll::shared_library(path, boost::dll::load_mode::rtld_now |
                                                  boost::dll::load_mode::rtld_local);
   } catch (const std::exception &e) {
      throw LoadRefused(std::string("cannot load: ") + e.what());
   }
}

const pmat_entry_point &find_entry(const boost::dll::shared_library &library) {
   if (!library.has(PMAT_PLUGIN_ENTRY_SYMBOL))
      throw LoadRefused("no pmat_plugin_entry symbol: not a pmat plugin (PMAT-ABI-090)");
   const auto &entry = library.get<const pmat_entry_point>(PMAT_PLUGIN_ENTRY_SYMBOL);
   constexpr std::size_t k_v1_size = PMAT_V1_SIZE(pmat_entry_point, last_error);
   if (entry.struct_size < k_v1_size || entry.struct_size > k_max_struct_size)
      throw LoadRefused("pmat_plugin_entry.struct_size " + std::to_string(entry.struct_size) +
                        " is not a valid size (ABI 1.0 needs at least " +
                        std::to_string(k_v1_size) + ")");
   return entry;
}

PluginIdentity read_identity(const pmat_entry_point &entry) {
   PluginIdentity identity;
   identity.abi = entry.abi_version;
   char why[256];
   if (!pmat_abi_compatible(pmat_abi_version_compiled(), entry.abi_version, why, sizeof why))
      throw LoadRefused("ABI " + std::to_string(entry.abi_version.major) + "." +
                        std::to_string(entry.abi_version.minor) + " refused by host ABI " +
                        PMAT_PLUGIN_ABI_VERSION_STRING + ": " + why);
   identity.plugin_id = checked_string(entry.plugin_id, "plugin_id");
   identity.name = checked_string(entry.name, "name");
   identity.version = checked_string(entry.version, "version");
   if (!entry.init || !entry.deinit || !entry.get_interface || !entry.last_error)
      throw LoadRefused("pmat_plugin_entry has a NULL function pointer (PMAT-ABI-090)");
   return identity;
}

} // namespace

std::unique_ptr<StagedPlugin> StagedPlugin::open(const std::filesystem::path &source,
                                                 const std::filesystem::path &staging_dir) {
   std::unique_ptr<StagedPlugin> plugin(new StagedPlugin());
   plugin->source_ = source;
   try {
      plugin->staged_ = stage_copy(source, staging_dir).path;
   } catch (const std::exception &e) {
      throw LoadRefused(e.what());
   }
   plugin->library_ = open_library(plugin->staged_);
   plugin->entry_ = &find_entry(plugin->library_);
   plugin->identity_ = read_identity(*plugin->entry_);
   return plugin;
}

StagedPlugin::~StagedPlugin() {
   entry_ = nullptr;
   if (library_.is_loaded())
      library_.unload();
   if (!staged_.empty())
      ::unlink(staged_.c_str());
}

std::shared_ptr<Generation> Generation::load(std::unique_ptr<StagedPlugin> staged,
                                             const HostServices &host, std::uint64_t number,
                                             const Generation *previous) {
   std::shared_ptr<Generation> generation(new Generation());
   generation->info_.source = staged->source_;
   generation->info_.staged = std::exchange(staged->staged_, {});
   generation->info_.number = number;
   generation->info_.identity = staged->identity_;
   generation->library_ = std::move(staged->library_);
   generation->entry_ = std::exchange(staged->entry_, nullptr);
   generation->bind_interfaces();
   generation->initialise(host);
   generation->smoke_test();
   if (previous)
      generation->import_state_from(*previous, host);
   return generation;
}

std::shared_ptr<Generation> Generation::load(const std::filesystem::path &source,
                                             const std::filesystem::path &staging_dir,
                                             const HostServices &host, std::uint64_t number,
                                             const Generation *previous) {
   return load(StagedPlugin::open(source, staging_dir), host, number, previous);
}

// Binds an optional interface: absent is fine; present but malformed refuses the plugin.
template <typename T>
bool bind_optional(const pmat_entry_point &entry, const char *id, std::size_t v1_size, T &out) {
   const void *raw = entry.get_interface(id);
   if (!raw)
      return false;
   copy_interface(raw, v1_size, out, id);
   return true;
}

// An optional interface is used only when every function it declares is present.
bool complete(const pmat_metrics &m) {
   return m.render && m.release;
}
bool complete(const pmat_state &s) {
   return s.export_state && s.import_state && s.release;
}
bool complete(const pmat_control &c) {
   return c.execute && c.release;
}
bool complete(const pmat_cache &c) {
   return c.get && c.put && c.stats && c.clear && c.release;
}

void Generation::bind_interfaces() {
   const void *analyzer = entry_->get_interface(PMAT_ANALYZER_INTERFACE_ID);
   if (!analyzer)
      throw LoadRefused("required interface " PMAT_ANALYZER_INTERFACE_ID
                        " is missing (PMAT-ABI-051)");
   copy_interface(analyzer, PMAT_V1_SIZE(pmat_analyzer, release), analyzer_, "pmat.analyzer/1");
   if (!analyzer_.analyze || !analyzer_.release)
      throw LoadRefused("pmat.analyzer/1 has a NULL function pointer");
   has_metrics_ = bind_optional(*entry_, PMAT_METRICS_INTERFACE_ID,
                                PMAT_V1_SIZE(pmat_metrics, release), metrics_) &&
                  complete(metrics_);
   has_state_ =
       bind_optional(*entry_, PMAT_STATE_INTERFACE_ID, PMAT_V1_SIZE(pmat_state, release), state_) &&
       complete(state_);
   has_control_ = bind_optional(*entry_, PMAT_CONTROL_INTERFACE_ID,
                                PMAT_V1_SIZE(pmat_control, release), control_) &&
                  complete(control_);
   has_cache_ =
       bind_optional(*entry_, PMAT_CACHE_INTERFACE_ID, PMAT_V1_SIZE(pmat_cache, release), cache_) &&
       complete(cache_);
}

void Generation::initialise(const HostServices &host) {
   host.note_initialising(info_.number);
   const pmat_status status = entry_->init(host.host());
   if (status != PMAT_STATUS_OK)
      throw LoadRefused("init failed with " + status_text(status) + ": " + last_error());
   initialised_ = true;
}

void Generation::smoke_test() const {
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = "pmat-smoke-test.c";
   request.language = "c";
   request.content = reinterpret_cast<const std::uint8_t *>(k_smoke_source);
   request.content_size = sizeof k_smoke_source - 1;
   request.options_json = "{\"engine\":\"native\"}";
   pmat_plugin_buffer result{};
   const pmat_status status = analyzer_.analyze(&request, &result);
   std::string problem;
   if (status != PMAT_STATUS_OK)
      problem = "returned " + status_text(status) + ": " + last_error();
   else if (!result.data)
      problem = "returned Ok without a result";
   else {
      boost::system::error_code ec;
      const auto parsed = boost::json::parse(std::string_view(result.data, result.size), ec);
      if (ec || !parsed.is_object())
         problem = "returned a result that is not a JSON object";
   }
   analyzer_.release(&result);
   if (!problem.empty())
      throw LoadRefused("smoke test analyze " + problem);
}

void Generation::import_state_from(const Generation &previous, const HostServices &host) const {
   if (!state() || !previous.state())
      return;
   pmat_plugin_buffer blob{};
   if (previous.state()->export_state(&blob) != PMAT_STATUS_OK) {
      host.log(PMAT_LOG_WARN, "previous generation could not export its state; starting cold: " +
                                  previous.last_error());
      previous.state()->release(&blob);
      return;
   }
   const pmat_status status =
       state()->import_state(reinterpret_cast<const std::uint8_t *>(blob.data), blob.size);
   previous.state()->release(&blob);
   if (status != PMAT_STATUS_OK)
      host.log(PMAT_LOG_INFO, "new generation did not take the previous state (" +
                                  status_text(status) + "): starting cold");
}

std::optional<std::string> Generation::control_command(const std::string &command_json,
                                                       pmat_status &status) const {
   if (!control()) {
      status = PMAT_STATUS_UNSUPPORTED;
      return std::nullopt;
   }
   pmat_plugin_buffer answer{};
   status = control_.execute(command_json.c_str(), &answer);
   std::optional<std::string> text;
   if (status == PMAT_STATUS_OK && answer.data)
      text = std::string(answer.data, answer.size);
   control_.release(&answer);
   return text;
}

const std::string &Generation::sha256() const {
   std::call_once(sha256_once_, [this] {
      try {
         sha256_ = staged_copy_sha256(info_.staged);
      } catch (const std::exception &) {
         sha256_.clear(); // unreadable: equal to no file's hash
      }
   });
   return sha256_;
}

std::string Generation::last_error() const {
   const char *text = entry_ && entry_->last_error ? entry_->last_error() : nullptr;
   return text ? std::string(text, ::strnlen(text, PMAT_LAST_ERROR_MAX)) : std::string();
}

Generation::~Generation() {
   if (initialised_)
      entry_->deinit();
   entry_ = nullptr;
   if (library_.is_loaded())
      library_.unload();
   if (!info_.staged.empty())
      ::unlink(info_.staged.c_str());
}

} // namespace pmat::shim

namespace pmat::shim {
namespace {

boost::json::object describe(const PluginIdentity &identity) {
   return {{"usable", true},
           {"plugin_id", identity.plugin_id},
           {"name", identity.name},
           {"version", identity.version},
           {"abi", std::to_string(identity.abi.major) + "." + std::to_string(identity.abi.minor) +
                       "." + std::to_string(identity.abi.patch)},
           {"reason", ""}};
}

} // namespace

boost::json::array inspect_plugin_dir(const std::filesystem::path &dir,
                                      const std::filesystem::path &staging_dir, bool full_check,
                                      const HostServices &host) {
   boost::json::array plugins;
   for (const auto &file : list_plugin_files(dir)) {
      boost::json::object entry;
      try {
         entry =
             full_check
                 ? describe(Generation::load(file, staging_dir, host, 0, nullptr)->info().identity)
                 : describe(StagedPlugin::open(file, staging_dir)->identity());
      } catch (const LoadRefused &e) {
         entry = {{"usable", false}, {"reason", e.what()}};
      }
      entry["file"] = file.string();
      plugins.push_back(std::move(entry));
   }
   return plugins;
}

} // namespace pmat::shim
