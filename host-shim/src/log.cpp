// SPDX-License-Identifier: MIT
#include "log.hpp"

#include <boost/core/null_deleter.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/log/core.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/logger.hpp>
#include <boost/log/sources/record_ostream.hpp>

#include <array>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

namespace pmat::shim {
namespace {

constexpr std::array<std::string_view, 6> k_level_names = {"trace", "debug", "info",
                                                           "warn",  "error", "misbehaving"};

struct DefaultLogger {
   pmat_log_level threshold = PMAT_LOG_WARN;
   bool json = false;
   boost::log::sources::logger source;

   DefaultLogger() {
      const char *pmat = std::getenv("PMAT_LOG");
      const char *rust = std::getenv("RUST_LOG");
      threshold = parse_log_level(pmat ? pmat : (rust ? rust : ""), PMAT_LOG_WARN);
      const char *format = std::getenv("PMAT_LOG_FORMAT");
      json = format && std::string_view(format) == "json";
      using backend_t = boost::log::sinks::text_ostream_backend;
      auto backend = boost::make_shared<backend_t>();
      backend->add_stream(boost::shared_ptr<std::ostream>(&std::clog, boost::null_deleter()));
      backend->auto_flush(true);
      boost::log::core::get()->add_sink(
          boost::make_shared<boost::log::sinks::synchronous_sink<backend_t>>(backend));
   }
};

DefaultLogger &logger() {
   static DefaultLogger instance;
   return instance;
}

std::string_view level_name(pmat_log_level level) {
   const auto index = static_cast<std::size_t>(level);
   return index < k_level_names.size() ? k_level_names[index] : "unknown";
}

} // namespace

pmat_log_level parse_log_level(std::string_view text, pmat_log_level fallback) {
   for (std::size_t i = 0; i + 1 < k_level_names.size(); ++i) {
      if (text.find(k_level_names[i]) != std::string_view::npos)
         return static_cast<pmat_log_level>(i);
   }
   if (text.find("warning") != std::string_view::npos)
      return PMAT_LOG_WARN;
   return fallback;
}

void default_log(pmat_log_level level, std::string_view message) {
   DefaultLogger &log = logger();
   if (level < log.threshold)
      return;
   auto record = log.source.open_record();
   if (!record)
      return;
   boost::log::record_ostream stream(record);
   if (log.json) {
      stream << "{\"level\":\"" << level_name(level)
             << "\",\"message\":" << boost::json::serialize(boost::json::string(message)) << "}";
   } else {
      stream << "pmat-host " << level_name(level) << ": " << message;
   }
   stream.flush();
   log.source.push_record(std::move(record));
}

} // namespace pmat::shim
