#include "plugin_session.hpp"

#include <pmat/host_shim.h>

#include <boost/json/parse.hpp>

#include <memory>
#include <mutex>

namespace pmat::doctor {
namespace {

struct LogSink {
   std::mutex mutex;
   std::vector<std::string> lines;
};

void collect(void *user, pmat_log_level level, const char *message) {
   if (level < PMAT_LOG_WARN || !message)
      return;
   auto *sink = static_cast<LogSink *>(user);
   const std::lock_guard lock(sink->mutex);
   sink->lines.emplace_back(message);
}

struct ShimCloser {
   void operator()(pmat_shim *shim) const { pmat_shim_close(shim); }
};

std::string take(char *buffer, std::size_t size) {
   std::string text = buffer ? std::string(buffer, size) : std::string();
   pmat_shim_free(buffer);
   return text;
}

std::optional<boost::json::object> parse_object(const std::string &text) {
   boost::system::error_code ec;
   auto value = boost::json::parse(text, ec);
   if (ec || !value.is_object())
      return std::nullopt;
   return std::move(value.as_object());
}

void read_served(pmat_shim *shim, PluginSession &session) {
   char *json = nullptr;
   std::size_t size = 0;
   if (pmat_shim_status(shim, &json, &size) != PMAT_STATUS_OK)
      return;
   const auto status = parse_object(take(json, size));
   if (status && status->contains("generation") && status->at("generation").is_object())
      session.served = status->at("generation").as_object();
}

void read_control_status(pmat_shim *shim, PluginSession &session) {
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status code = pmat_shim_control(shim, R"({"command":"status"})", &json, &size);
   const std::string text = take(json, size);
   if (code != PMAT_STATUS_OK) {
      session.control_error = pmat_shim_last_error();
      return;
   }
   session.status = parse_object(text);
   if (!session.status)
      session.control_error = "the plugin's status is not a JSON object";
}

} // namespace

PluginSession load_plugin_session(const std::string &plugin_dir) {
   PluginSession session;
   LogSink sink;
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   options.plugin_dir = plugin_dir.empty() ? nullptr : plugin_dir.c_str();
   options.log = collect;
   options.log_user = &sink;
   pmat_shim *raw = nullptr;
   if (pmat_shim_open(&options, &raw) != PMAT_STATUS_OK) {
      session.open_error = pmat_shim_last_error();
      session.log = std::move(sink.lines);
      return session;
   }
   {
      const std::unique_ptr<pmat_shim, ShimCloser> shim(raw);
      session.opened = true;
      read_served(shim.get(), session);
      read_control_status(shim.get(), session);
   }
   session.log = std::move(sink.lines);
   return session;
}

} // namespace pmat::doctor
