// The flags file as a FlagsSource: it exists (or the defaults apply), it is readable, it is
// JSON (with the line and column of a syntax error), and the plugin accepts it (the plugin's
// flags status carries its parser's last error: unknown key, wrong type, bad version).
#include "flags_check.hpp"

#include "paths.hpp"
#include "settings.hpp"

#include <boost/json/stream_parser.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const char *const k_fix = "correct the file (docs/flags.md lists every key and its type) or move "
                          "it away; until then the plugin keeps the last good flags (the defaults "
                          "at start-up). pmat-host flags show then reports no last_error";

// "line L, column C" of byte `offset` in `text`.
std::string position(const std::string &text, std::size_t offset) {
   std::size_t line = 1, column = 1;
   for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
      column = text[i] == '\n' ? 1 : column + 1;
      line += text[i] == '\n' ? 1 : 0;
   }
   return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The syntax error in `text`, or "" when it is one JSON object.
std::string syntax_error(const std::string &text) {
   json::stream_parser parser;
   boost::system::error_code ec;
   const std::size_t used = parser.write_some(text.data(), text.size(), ec);
   if (!ec)
      parser.finish(ec);
   if (ec)
      return ec.message() + " at " + position(text, used);
   return parser.release().is_object() ? "" : "the document is not a JSON object";
}

std::string plugin_verdict(const PluginSession &session) {
   if (!session.status)
      return "";
   const auto *flags = session.status->if_contains("flags");
   const auto *error =
       flags && flags->is_object() ? flags->as_object().if_contains("last_error") : nullptr;
   return error && error->is_string() ? std::string(error->as_string()) : "";
}

class FileSource final : public FlagsSource {
 public:
   FileSource(std::optional<fs::path> path, std::string origin)
       : path_(std::move(path)), origin_(std::move(origin)) {}

   [[nodiscard]] std::string kind() const override { return "file"; }
   [[nodiscard]] std::string location() const override {
      return path_ ? path_->string() : std::string("(none)");
   }

   [[nodiscard]] Check health(const PluginSession &session) const override {
      if (!path_)
         return warn("flags.source", "no flags file location",
                     "neither XDG_CONFIG_HOME nor HOME is set and the user has no home",
                     "set PMAT_FLAGS_FILE (flags.file) or HOME");
      std::error_code ec;
      if (!fs::exists(*path_, ec))
         return ok("flags.source",
                   "no file at " + path_->string() + " (" + origin_ + "): the defaults apply");
      return read_and_judge(session);
   }

 private:
   [[nodiscard]] Check read_and_judge(const PluginSession &session) const {
      const std::string path = path_->string();
      std::ifstream in(*path_);
      if (!in)
         return fail("flags.source", "cannot read " + path, std::strerror(errno),
                     "make it readable by the user pmat-host runs as");
      const std::string text((std::istreambuf_iterator<char>(in)), {});
      if (const std::string error = syntax_error(text); !error.empty())
         return fail("flags.source", path + " is not valid JSON", error, k_fix);
      if (const std::string error = plugin_verdict(session); !error.empty())
         return fail("flags.source", "the plugin rejects " + path, error, k_fix);
      if (!session.status)
         return warn("flags.source", path + " is JSON", "no plugin was loaded to validate its keys",
                     "see plugins.serving above");
      return ok("flags.source", path + " (" + origin_ + ") is valid");
   }

   std::optional<fs::path> path_;
   std::string origin_;
};

} // namespace

std::unique_ptr<FlagsSource> configured_flags_source() {
   if (auto file = config_value("flags.file"))
      return std::make_unique<FileSource>(fs::path(*file), "flags.file");
   return std::make_unique<FileSource>(
       user_path("XDG_CONFIG_HOME", ".config", "pmat/flags.json", true), "default location");
}

} // namespace pmat::doctor
