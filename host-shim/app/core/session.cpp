// SPDX-License-Identifier: MIT
#include "session.hpp"

#include <iostream>
#include <stdexcept>

namespace pmat::app {
namespace {

// Takes ownership of a shim-allocated buffer.
std::string take_shim_buffer(char *buffer, std::size_t size) {
   std::string text = buffer ? std::string(buffer, size) : std::string();
   pmat_shim_free(buffer);
   return text;
}

// The reply of `call`, which returned `status` and the buffer in `out`/`size`.
ShimReply reply(const char *call, pmat_status status, char *out, std::size_t size) {
   ShimReply answer;
   answer.call = call;
   answer.status = status;
   answer.text = take_shim_buffer(out, size);
   if (status != PMAT_STATUS_OK)
      answer.error = pmat_shim_last_error();
   return answer;
}

} // namespace

const std::string &ShimReply::text_or_throw() const {
   if (!ok())
      throw std::runtime_error(std::string(call) + " failed: " + error);
   return text;
}

Session Session::open(const std::string &plugin_dir, bool watch, const std::string &config_json) {
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   options.plugin_dir = plugin_dir.empty() ? nullptr : plugin_dir.c_str();
   options.watch = watch ? 1 : 0;
   options.config_json = config_json.empty() ? nullptr : config_json.c_str();
   pmat_shim *shim = nullptr;
   if (pmat_shim_open(&options, &shim) != PMAT_STATUS_OK)
      throw std::runtime_error(pmat_shim_last_error());
   return Session(shim);
}

ShimReply Session::analyze(const pmat_analyze_request &request) const {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_analyze(shim(), &request, &json, &size);
   return reply("shim analyze", status, json, size);
}

ShimReply Session::status() const {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_status(shim(), &json, &size);
   return reply("shim status", status, json, size);
}

ShimReply Session::metrics(pmat_metrics_format format) const {
   char *text = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_metrics(shim(), format, &text, &size);
   return reply("shim metrics", status, text, size);
}

std::string Session::reload() const {
   if (pmat_shim_reload(shim()) == PMAT_STATUS_OK)
      return {};
   const std::string message = pmat_shim_last_error();
   return message.empty() ? "the reload was refused" : message;
}

ShimReply Session::control(const std::string &command_json) const {
   char *answer = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_control(shim(), command_json.c_str(), &answer, &size);
   return reply("shim control", status, answer, size);
}

std::optional<std::string> Session::reload_on_signal(int signal) const {
   if (pmat_shim_reload_on_signal(shim(), signal) == PMAT_STATUS_OK)
      return std::nullopt;
   return std::string(pmat_shim_last_error());
}

std::optional<Session> open_session_or_report(const std::string &plugin_dir) {
   try {
      return Session::open(plugin_dir);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host: cannot load a plugin: " << e.what() << "\n";
      return std::nullopt;
   }
}

ShimReply inspect_plugins(const std::string &plugin_dir, bool full_check) {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_inspect(plugin_dir.empty() ? nullptr : plugin_dir.c_str(),
                                                full_check ? 1 : 0, &json, &size);
   return reply("shim inspect", status, json, size);
}

} // namespace pmat::app
