// SPDX-License-Identifier: MIT
#include <pmat/flags/flags_file.hpp>
#include <pmat/flags/last_known.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace fs = std::filesystem;

namespace pmat::flags {

std::optional<fs::path> default_state_dir(const GetEnvFn &getenv) {
   if (const char *xdg = getenv("XDG_STATE_HOME"); xdg && *xdg == '/')
      return fs::path(xdg) / "pmat";
   if (const char *home = getenv("HOME"); home && *home)
      return fs::path(home) / ".local" / "state" / "pmat";
   return std::nullopt;
}

bool save_last_known(const fs::path &file, const LastKnown &known, std::string &error) {
   try {
      std::error_code ec;
      fs::create_directories(file.parent_path(), ec);
      const boost::json::object record{{"source", known.location},
                                       {"revision", known.document.revision},
                                       {"saved_unix_ms", known.saved_unix_ms},
                                       {"document", known.document.text}};
      const FileResult written = write_text_atomically(file, boost::json::serialize(record));
      error = written.error;
      return written.ok;
   } catch (const std::exception &e) {
      error = e.what();
      return false;
   }
}

std::optional<LastKnown> load_last_known(const fs::path &file, std::string &error) {
   const std::optional<std::string> text = read_flags_text(file, error);
   if (!text)
      return std::nullopt;
   try {
      const boost::json::object record = boost::json::parse(*text).as_object();
      LastKnown known;
      known.location = std::string(record.at("source").as_string());
      known.document.present = true;
      known.document.revision = record.at("revision").to_number<std::uint64_t>();
      known.document.text = std::string(record.at("document").as_string());
      known.saved_unix_ms = record.at("saved_unix_ms").to_number<std::uint64_t>();
      return known;
   } catch (const std::exception &e) {
      error = file.string() + " is not a last-known flags record: " + e.what();
      return std::nullopt;
   }
}

} // namespace pmat::flags
