// SPDX-License-Identifier: MIT
#include "suite_host.hpp"

#include "utf8.hpp"

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>

namespace pmat::conformance {

namespace {

constexpr std::size_t k_max_records = 200;
constexpr std::size_t k_max_log_chars = 300;
constexpr std::uint32_t k_max_extra_bytes = 64;

// Static storage: a thread the plugin failed to join may still call the host after the test
// ended, and that late call must be recorded, not crash the validator.
struct HostStorage {
   pmat_host base;
   unsigned char future_members[k_max_extra_bytes];
};
HostStorage g_storage;

struct State {
   std::mutex mutex;
   std::vector<std::string> violations;
   std::vector<std::string> logs;
   std::atomic<std::uint64_t> log_count{0};
   std::atomic<int> live{0}; // plugins between init and deinit (or in init)
   std::atomic<std::uint64_t> clock_offset{0};
   std::vector<std::pair<std::string, std::string>> config;
};
State g_state;

const char *level_name(pmat_log_level level) {
   static const char *const k_names[] = {"trace", "debug", "info",
                                         "warn",  "error", "host-misbehaving"};
   return k_names[level];
}

void host_log(const pmat_host *host, pmat_log_level level, const char *message) {
   auto &self = SuiteHost::instance();
   if (!self.valid_host(host, "log"))
      return;
   if (static_cast<int>(level) < PMAT_LOG_TRACE || level > PMAT_LOG_HOST_MISBEHAVING) {
      self.violation("log called with level " + std::to_string(static_cast<int>(level)));
      return;
   }
   if (message == nullptr) {
      self.violation("log called with a NULL message");
      return;
   }
   self.log(level, message);
}

std::uint64_t host_now_ns(const pmat_host *host) {
   auto &self = SuiteHost::instance();
   self.valid_host(host, "now_ns");
   return self.now_ns();
}

pmat_status check_config_args(const char *key, const char *value_out, std::size_t capacity,
                              const std::size_t *length_out) {
   auto &self = SuiteHost::instance();
   if (key == nullptr || length_out == nullptr) {
      self.violation("config_get called with a NULL key or length_out");
      return PMAT_STATUS_INVALID_ARGUMENT;
   }
   if (value_out == nullptr && capacity != 0) {
      self.violation("config_get called with value_out NULL and capacity " +
                     std::to_string(capacity));
      return PMAT_STATUS_INVALID_ARGUMENT;
   }
   return PMAT_STATUS_OK;
}

pmat_status host_config_get(const pmat_host *host, const char *key, char *value_out,
                            std::size_t capacity, std::size_t *length_out) {
   auto &self = SuiteHost::instance();
   self.valid_host(host, "config_get");
   if (const pmat_status s = check_config_args(key, value_out, capacity, length_out); s != 0)
      return s;
   const std::string *value = self.config_value(key);
   if (value == nullptr)
      return PMAT_STATUS_NOT_FOUND;
   *length_out = value->size();
   if (capacity > 0) {
      const std::size_t n = std::min(capacity - 1, value->size());
      std::memcpy(value_out, value->data(), n);
      value_out[n] = '\0';
   }
   return PMAT_STATUS_OK;
}

} // namespace

SuiteHost::SuiteHost() = default;

SuiteHost &SuiteHost::instance() {
   static SuiteHost host;
   return host;
}

const pmat_host *SuiteHost::prepare(pmat_abi_version version, std::uint32_t extra_bytes) {
   std::memset(&g_storage, 0, sizeof g_storage);
   pmat_host &h = g_storage.base;
   h.struct_size =
       static_cast<std::uint32_t>(sizeof(pmat_host)) + std::min(extra_bytes, k_max_extra_bytes);
   h.abi_version = version;
   h.host_name = "pmat-plugin-conformance " PMAT_PLUGIN_ABI_VERSION_STRING;
   h.host_data = &g_state;
   h.log = host_log;
   h.now_ns = host_now_ns;
   h.config_get = host_config_get;
   return &h;
}

void SuiteHost::begin_init() {
   ++g_state.live;
}

void SuiteHost::end_init(bool succeeded) {
   if (!succeeded)
      --g_state.live;
}

void SuiteHost::end_deinit() {
   --g_state.live;
}

void SuiteHost::advance_clock(std::uint64_t ns) {
   g_state.clock_offset += ns;
}

void SuiteHost::set_config(std::vector<std::pair<std::string, std::string>> config) {
   std::lock_guard lock(g_state.mutex);
   g_state.config = std::move(config);
   // Built-in keys: one short value and one longer than a typical first buffer, so a plugin's
   // truncation/retry path runs too.
   g_state.config.emplace_back("conformance.suite", "pmat-plugin-conformance");
   g_state.config.emplace_back("conformance.long_value", std::string(2000, 'x'));
}

std::vector<std::string> SuiteHost::take_violations() {
   std::lock_guard lock(g_state.mutex);
   return std::exchange(g_state.violations, {});
}

std::vector<std::string> SuiteHost::take_logs() {
   std::lock_guard lock(g_state.mutex);
   return std::exchange(g_state.logs, {});
}

std::uint64_t SuiteHost::log_count() const {
   return g_state.log_count;
}

void SuiteHost::violation(std::string what) {
   std::lock_guard lock(g_state.mutex);
   if (g_state.violations.size() < k_max_records)
      g_state.violations.push_back(std::move(what));
}

void SuiteHost::log(pmat_log_level level, const char *message) {
   ++g_state.log_count;
   const std::string_view text(message);
   if (!is_valid_utf8(text))
      violation("log message is not valid UTF-8");
   std::lock_guard lock(g_state.mutex);
   if (g_state.logs.size() < k_max_records)
      g_state.logs.push_back(std::string(level_name(level)) + ": " +
                             printable(text.substr(0, k_max_log_chars)));
}

std::uint64_t SuiteHost::now_ns() const {
   const auto real = std::chrono::steady_clock::now().time_since_epoch();
   return static_cast<std::uint64_t>(
              std::chrono::duration_cast<std::chrono::nanoseconds>(real).count()) +
          g_state.clock_offset;
}

const std::string *SuiteHost::config_value(const std::string &key) const {
   std::lock_guard lock(g_state.mutex);
   for (const auto &[k, v] : g_state.config)
      if (k == key)
         return &v;
   return nullptr;
}

bool SuiteHost::valid_host(const pmat_host *host, const char *function) {
   if (host != &g_storage.base) {
      violation(std::string(function) + " called with a host pointer that is not the one given "
                                        "to init");
      return false;
   }
   if (g_state.live <= 0) {
      violation(std::string(function) +
                " called outside init..deinit (PMAT-ABI-040: the host pointer is no longer valid)");
      return false;
   }
   return true;
}

} // namespace pmat::conformance
