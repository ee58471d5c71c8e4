// SPDX-License-Identifier: MIT
#include "host_services.hpp"

#include "log.hpp"

#include <boost/json/serialize.hpp>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace pmat::shim {
namespace {

void flatten(const boost::json::object &object, const std::string &prefix,
             std::map<std::string, std::string, std::less<>> &out) {
   for (const auto &[key, value] : object) {
      const std::string name = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
      if (value.is_object())
         flatten(value.get_object(), name, out);
      else if (value.is_string())
         out[name] = std::string(value.get_string());
      else
         out[name] = boost::json::serialize(value);
   }
}

std::uint64_t monotonic_ns(void *) {
   timespec ts{};
   ::clock_gettime(CLOCK_MONOTONIC, &ts);
   return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
          static_cast<std::uint64_t>(ts.tv_nsec);
}

const HostServices &self(const pmat_host *host) {
   return *static_cast<const HostServices *>(host->host_data);
}

void log_thunk(const pmat_host *host, pmat_log_level level, const char *message) {
   if (host && message)
      self(host).log(level, message);
}

std::uint64_t now_thunk(const pmat_host *host) {
   return host ? self(host).now_ns() : 0;
}

pmat_status config_thunk(const pmat_host *host, const char *key, char *value_out,
                         std::size_t capacity, std::size_t *length_out) {
   if (!host || !key || !length_out || (!value_out && capacity > 0))
      return PMAT_STATUS_INVALID_ARGUMENT;
   try {
      const auto value = self(host).config(key);
      if (!value)
         return PMAT_STATUS_NOT_FOUND;
      *length_out = value->size();
      if (capacity > 0) {
         const std::size_t n = value->size() < capacity ? value->size() : capacity - 1;
         std::memcpy(value_out, value->data(), n);
         value_out[n] = '\0';
      }
      return PMAT_STATUS_OK;
   } catch (...) {
      return PMAT_STATUS_INTERNAL;
   }
}

} // namespace

std::string config_env_name(std::string_view key) {
   std::string name = "PMAT_";
   for (const char c : key)
      name.push_back(c == '.' || c == '-' ? '_' : static_cast<char>(std::toupper(c)));
   return name;
}

HostServices::HostServices(Settings settings) : settings_(std::move(settings)) {
   flatten(settings_.config, "", flat_config_);
   if (!settings_.now_ns)
      settings_.now_ns = monotonic_ns;
   host_.struct_size = sizeof(pmat_host);
   host_.abi_version = pmat_abi_version_compiled();
   host_.host_name = "pmat-host-shim " PMAT_PLUGIN_ABI_VERSION_STRING;
   host_.host_data = this;
   host_.log = log_thunk;
   host_.now_ns = now_thunk;
   host_.config_get = config_thunk;
}

void HostServices::log(pmat_log_level level, std::string_view message) const {
   if (settings_.log) {
      const std::string copy(message); // the sink wants a NUL-terminated string
      settings_.log(settings_.log_user, level, copy.c_str());
   } else {
      default_log(level, message);
   }
}

std::uint64_t HostServices::now_ns() const {
   return settings_.now_ns(settings_.clock_user);
}

void HostServices::note_initialising(std::uint64_t number) const noexcept {
   initialising_generation_.store(number, std::memory_order_release);
}

std::optional<std::string> HostServices::config(std::string_view key) const {
   if (key == "host.plugin_generation") {
      const std::uint64_t number = initialising_generation_.load(std::memory_order_acquire);
      return number == 0 ? std::nullopt : std::optional<std::string>(std::to_string(number));
   }
   if (const char *env = std::getenv(config_env_name(key).c_str()))
      return std::string(env);
   if (const auto it = flat_config_.find(key); it != flat_config_.end())
      return it->second;
   return std::nullopt;
}

} // namespace pmat::shim
