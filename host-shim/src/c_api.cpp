// SPDX-License-Identifier: MIT
// The C API of host_shim.h. Every function is a barrier: no exception leaves it.
#include <pmat/host_shim.h>

#include "plugin_directory.hpp"
#include "shim.hpp"
#include "staging.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

struct pmat_shim {
   std::unique_ptr<pmat::shim::Shim> impl;
};

namespace {

thread_local char t_last_error[PMAT_LAST_ERROR_MAX];

// Signal number -> 1 + eventfd of the shim that reloads on it; 0 when none.
std::array<std::atomic<int>, 65> g_signal_fds{};

pmat_status fail(pmat_status status, std::string_view message) {
   const std::size_t n = std::min(message.size(), sizeof t_last_error - 1);
   std::memcpy(t_last_error, message.data(), n);
   t_last_error[n] = '\0';
   return status;
}

template <typename Body> pmat_status barrier(Body &&body) noexcept {
   try {
      t_last_error[0] = '\0';
      return body();
   } catch (const pmat::shim::LoadRefused &e) {
      return fail(PMAT_STATUS_NOT_FOUND, e.what());
   } catch (const std::bad_alloc &) {
      return fail(PMAT_STATUS_INTERNAL, "out of memory");
   } catch (const std::exception &e) {
      return fail(PMAT_STATUS_INTERNAL, e.what());
   } catch (...) {
      return fail(PMAT_STATUS_INTERNAL, "unknown exception in pmat host shim");
   }
}

pmat_status hand_out(std::string_view text, char **out, std::size_t *size_out) {
   char *copy = static_cast<char *>(std::malloc(text.size() + 1));
   if (!copy)
      return fail(PMAT_STATUS_INTERNAL, "out of memory");
   std::memcpy(copy, text.data(), text.size());
   copy[text.size()] = '\0';
   *out = copy;
   if (size_out)
      *size_out = text.size();
   return PMAT_STATUS_OK;
}

// True when an options struct from a caller built against any ABI 1.x header has `member`.
#define PMAT_HAS(options, member)                                                                  \
   ((options) &&                                                                                   \
    (options)->struct_size >= offsetof(pmat_shim_options, member) + sizeof((options)->member))

// A string option, or `fallback` when absent or NULL.
#define PMAT_STRING_OPTION(options, member, fallback)                                              \
   (PMAT_HAS(options, member) && (options)->member ? (options)->member : (fallback))

void apply_host_options(const pmat_shim_options *options, pmat::shim::ShimConfig &config) {
   if (const char *json = PMAT_STRING_OPTION(options, config_json, nullptr)) {
      const auto parsed = boost::json::parse(json);
      if (!parsed.is_object())
         throw std::invalid_argument("config_json must be a JSON object");
      config.host.config = parsed.get_object();
   }
   if (PMAT_HAS(options, log_user)) {
      config.host.log = options->log;
      config.host.log_user = options->log_user;
   }
   if (PMAT_HAS(options, clock_user)) {
      config.host.now_ns = options->now_ns;
      config.host.clock_user = options->clock_user;
   }
}

pmat::shim::ShimConfig make_config(const pmat_shim_options *options) {
   pmat::shim::ShimConfig config;
   config.plugin_dir = pmat::shim::resolve_plugin_dir(PMAT_STRING_OPTION(options, plugin_dir, ""));
   const char *staging = PMAT_STRING_OPTION(options, staging_dir, nullptr);
   config.staging_dir =
       staging ? std::filesystem::path(staging) : pmat::shim::default_staging_dir();
   config.plugin_id = PMAT_STRING_OPTION(options, plugin_id, "");
   config.watch = PMAT_HAS(options, watch) && options->watch != 0;
   if (PMAT_HAS(options, drain_timeout_ms) && options->drain_timeout_ms > 0)
      config.drain_timeout = std::chrono::milliseconds(options->drain_timeout_ms);
   apply_host_options(options, config);
   return config;
}

std::string plugin_metrics(const pmat::shim::Generation &generation, pmat_metrics_format format) {
   const pmat_metrics *metrics = generation.metrics();
   if (!metrics)
      return format == PMAT_METRICS_JSON ? "null" : "";
   pmat_plugin_buffer buffer{};
   const pmat_status status = metrics->render(format, &buffer);
   std::string text = status == PMAT_STATUS_OK && buffer.data
                          ? std::string(buffer.data, buffer.size)
                          : std::string();
   metrics->release(&buffer);
   if (status != PMAT_STATUS_OK)
      throw std::runtime_error("plugin metrics failed: " + generation.last_error());
   return text;
}

void on_reload_signal(int signo) {
   const int fd = g_signal_fds[static_cast<std::size_t>(signo)].load() - 1;
   if (fd >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
   }
}

} // namespace

extern "C" {

pmat_status pmat_shim_open(const pmat_shim_options *options, pmat_shim **shim_out) {
   return barrier([&]() -> pmat_status {
      if (!shim_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim_out is required");
      *shim_out = nullptr;
      auto shim = std::make_unique<pmat_shim>();
      shim->impl = std::make_unique<pmat::shim::Shim>(make_config(options));
      *shim_out = shim.release();
      return PMAT_STATUS_OK;
   });
}

void pmat_shim_close(pmat_shim *shim) {
   (void)barrier([&]() -> pmat_status {
      if (!shim)
         return PMAT_STATUS_OK;
      for (auto &fd : g_signal_fds) {
         int expected = shim->impl->reload_request_fd() + 1;
         fd.compare_exchange_strong(expected, 0);
      }
      delete shim;
      return PMAT_STATUS_OK;
   });
}

pmat_status pmat_shim_analyze(pmat_shim *shim, const pmat_analyze_request *request, char **json_out,
                              size_t *size_out) {
   return barrier([&]() -> pmat_status {
      if (json_out)
         *json_out = nullptr;
      if (size_out)
         *size_out = 0;
      if (!shim || !request || !json_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim, request and json_out are required");
      const auto generation = shim->impl->current(); // pins it for the whole call
      const pmat_analyzer &analyzer = generation->analyzer();
      pmat_plugin_buffer buffer{};
      const pmat_status status = analyzer.analyze(request, &buffer);
      if (status != PMAT_STATUS_OK) {
         analyzer.release(&buffer);
         if (!pmat_status_name(status))
            return fail(PMAT_STATUS_INTERNAL, "plugin returned an unknown status " +
                                                  std::to_string(status) + " (PMAT-ABI-021)");
         return fail(status, generation->last_error());
      }
      if (!buffer.data)
         return fail(PMAT_STATUS_INTERNAL, "plugin returned Ok without a result");
      const pmat_status copied =
          hand_out(std::string_view(buffer.data, buffer.size), json_out, size_out);
      analyzer.release(&buffer);
      return copied;
   });
}

pmat_status pmat_shim_metrics(pmat_shim *shim, pmat_metrics_format format, char **text_out,
                              size_t *size_out) {
   return barrier([&]() -> pmat_status {
      if (!shim || !text_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim and text_out are required");
      *text_out = nullptr;
      if (format != PMAT_METRICS_JSON && format != PMAT_METRICS_PROMETHEUS_TEXT &&
          format != PMAT_METRICS_OPENMETRICS)
         return fail(PMAT_STATUS_UNSUPPORTED, "unknown metrics format");
      const auto generation = shim->impl->current();
      std::string plugin = plugin_metrics(*generation, format);
      if (format == PMAT_METRICS_JSON) {
         boost::json::object out;
         out["plugin"] = boost::json::parse(plugin);
         out["host"] = shim->impl->status();
         return hand_out(boost::json::serialize(out), text_out, size_out);
      }
      const bool openmetrics = format == PMAT_METRICS_OPENMETRICS;
      const std::string host = shim->impl->prometheus_metrics(openmetrics);
      if (!openmetrics)
         return hand_out(plugin + host, text_out, size_out);
      if (const auto eof = plugin.rfind("# EOF"); eof != std::string::npos)
         plugin.erase(eof);
      return hand_out(plugin + host + "# EOF\n", text_out, size_out);
   });
}

pmat_status pmat_shim_status(pmat_shim *shim, char **json_out, size_t *size_out) {
   return barrier([&]() -> pmat_status {
      if (!shim || !json_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim and json_out are required");
      return hand_out(boost::json::serialize(shim->impl->status()), json_out, size_out);
   });
}

pmat_status pmat_shim_control(pmat_shim *shim, const char *command_json, char **json_out,
                              size_t *size_out) {
   return barrier([&]() -> pmat_status {
      if (json_out)
         *json_out = nullptr;
      if (!shim || !command_json || !json_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim, command_json and json_out are required");
      const auto generation = shim->impl->current();
      pmat_status status = PMAT_STATUS_OK;
      const auto answer = generation->control_command(command_json, status);
      if (answer)
         return hand_out(*answer, json_out, size_out);
      if (!generation->control())
         return fail(status, "the served plugin has no pmat.control/1 interface");
      return fail(status == PMAT_STATUS_OK ? PMAT_STATUS_INTERNAL : status,
                  generation->last_error());
   });
}

pmat_status pmat_shim_reload(pmat_shim *shim) {
   return barrier([&]() -> pmat_status {
      if (!shim)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "shim is required");
      const auto record = shim->impl->reload("manual");
      if (record.outcome == "refused")
         return fail(PMAT_STATUS_UNSUPPORTED, record.reason);
      return PMAT_STATUS_OK;
   });
}

pmat_status pmat_shim_reload_on_signal(pmat_shim *shim, int signo) {
   return barrier([&]() -> pmat_status {
      if (!shim || signo <= 0 || signo >= static_cast<int>(g_signal_fds.size()) ||
          signo == SIGKILL || signo == SIGSTOP)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "a shim and a catchable signal are required");
      g_signal_fds[static_cast<std::size_t>(signo)].store(shim->impl->reload_request_fd() + 1);
      struct sigaction action {};
      action.sa_handler = on_reload_signal;
      sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESTART;
      if (::sigaction(signo, &action, nullptr) != 0)
         return fail(PMAT_STATUS_INTERNAL, "sigaction failed");
      return PMAT_STATUS_OK;
   });
}

pmat_status pmat_shim_inspect(const char *plugin_dir, int full_check, char **json_out,
                              size_t *size_out) {
   return barrier([&]() -> pmat_status {
      if (!json_out)
         return fail(PMAT_STATUS_INVALID_ARGUMENT, "json_out is required");
      *json_out = nullptr;
      const auto dir = pmat::shim::resolve_plugin_dir(plugin_dir ? plugin_dir : "");
      const auto staging = pmat::shim::default_staging_dir();
      pmat::shim::prepare_staging_dir(staging);
      const pmat::shim::HostServices host({});
      const boost::json::object report = {
          {"plugin_dir", dir.string()},
          {"plugins", pmat::shim::inspect_plugin_dir(dir, staging, full_check != 0, host)}};
      return hand_out(boost::json::serialize(report), json_out, size_out);
   });
}

void pmat_shim_free(char *buffer) {
   std::free(buffer);
}

const char *pmat_shim_last_error(void) {
   return t_last_error;
}

pmat_abi_version pmat_shim_abi_version(void) {
   return pmat_abi_version_compiled();
}

} // extern "C"
