// SPDX-License-Identifier: MIT
#include "source_walker.hpp"

#include "gitignore.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string_view>
#include <system_error>

namespace pmat::app {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 20> k_extensions = {
    ".c",  ".h",   ".cc",  ".cpp", ".cxx", ".hpp", ".hh",  ".hxx", ".rs", ".py",
    ".js", ".mjs", ".cjs", ".jsx", ".ts",  ".tsx", ".mts", ".cts", ".go", ".java"};

// The extension as fs::path::extension() finds it, without building paths: from the last '.'
// of the name, unless the name starts there (".c" is a hidden file, not a C file); empty when
// there is none.
std::string_view extension_of_name(std::string_view name) {
   const std::size_t dot = name.rfind('.');
   return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot);
}

// The last component of a path the walk built (never ending in '/').
std::string_view name_of(std::string_view path) {
   const std::size_t slash = path.rfind('/');
   return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view extension_of(const fs::path &path) {
   return extension_of_name(name_of(path.native()));
}

bool is_source_extension(std::string_view extension) {
   return std::find(k_extensions.begin(), k_extensions.end(), extension) != k_extensions.end();
}

bool is_claude_only_extension(std::string_view extension) {
   static constexpr std::array<std::string_view, 9> k_claude_only{
       ".rb", ".php", ".kt", ".kts", ".cs", ".swift", ".sh", ".bash", ".sql"};
   return std::find(k_claude_only.begin(), k_claude_only.end(), extension) != k_claude_only.end();
}

std::vector<IgnoreRule> with_gitignore_of(const std::string &dir, const std::string &relative,
                                          std::vector<IgnoreRule> rules) {
   // Like git, a .gitignore that is not a readable regular file (a directory, a dangling link)
   // adds no rules; it never stops the walk.
   const std::string file = dir + "/.gitignore";
   struct stat st {};
   if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return rules;
   std::ifstream in(file, std::ios::binary);
   std::ostringstream buffer;
   if (!in || !(buffer << in.rdbuf()))
      return rules;
   const std::string text = buffer.str();
   auto more = parse_gitignore(text, relative);
   rules.insert(rules.end(), more.begin(), more.end());
   return rules;
}

std::string join(const std::string &relative, const std::string &name) {
   return relative.empty() ? name : relative + "/" + name;
}

// What fs::path(dir) / name gives, with strings: no separator added after one.
std::string child_path(const std::string &dir, const std::string &name) {
   return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

// What (root / relative).generic_string() gives, with strings: a walk builds one per file.
std::string display_of(const std::string &root, const std::string &relative) {
   return root == "." ? relative : child_path(root, relative);
}

// One directory entry as readdir gave it.
struct Entry {
   std::string name;
   unsigned char type; // DT_DIR, DT_REG, DT_LNK..., DT_UNKNOWN where the filesystem does not say
};

struct DirCloser {
   void operator()(DIR *dir) const { ::closedir(dir); }
};

// The entries of `dir` but "." and "..", in byte order of their names (the order fs::path
// comparison gives for one directory's entries). Nothing when it cannot be opened (`error` then
// says why); throws std::filesystem::filesystem_error when it cannot be read further midway.
std::vector<Entry> sorted_entries(const std::string &dir, std::error_code &error) {
   std::vector<Entry> entries;
   const std::unique_ptr<DIR, DirCloser> stream(::opendir(dir.c_str()));
   if (!stream) {
      error.assign(errno, std::generic_category());
      return entries;
   }
   errno = 0;
   while (const dirent *entry = ::readdir(stream.get())) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..")
         entries.push_back({std::string(name), entry->d_type});
      errno = 0;
   }
   if (errno != 0)
      throw fs::filesystem_error("cannot read directory", dir,
                                 std::error_code(errno, std::generic_category()));
   std::sort(entries.begin(), entries.end(),
             [](const Entry &a, const Entry &b) { return a.name < b.name; });
   return entries;
}

// What an entry is, as fs::directory_entry says it (is_directory and is_regular_file follow
// links; a link is never walked into): from readdir's type, with a stat only where that is a
// link or unknown.
struct Kind {
   bool walked_directory = false; // a directory, not a link to one
   bool regular_file = false;     // a regular file, or a link to one
};

Kind kind_of(const std::string &path, unsigned char type) {
   if (type == DT_DIR)
      return {true, false};
   if (type == DT_REG)
      return {false, true};
   struct stat st {};
   if (type == DT_UNKNOWN && ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      return {true, false};
   if (type != DT_UNKNOWN && type != DT_LNK)
      return {}; // a fifo, socket or device
   return {false, ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)};
}

struct Walker {
   std::string root; // as given, for the files' display paths
   const FoundFn &found;
   std::vector<std::string> &errors;
   bool claude_languages = false;

   bool wanted(const std::string &path, std::string_view name) const {
      const std::string_view extension = extension_of_name(name);
      if (extension.empty())
         return is_script_with_known_shebang(path);
      return is_source_extension(extension) ||
             (claude_languages && is_claude_only_extension(extension));
   }

   void walk(const std::string &dir, const std::string &relative, std::vector<IgnoreRule> rules) {
      rules = with_gitignore_of(dir, relative, std::move(rules));
      std::error_code ec;
      const std::vector<Entry> entries = sorted_entries(dir, ec);
      if (ec)
         errors.push_back(dir + ": " + ec.message());
      for (const auto &entry : entries)
         visit(dir, entry, relative, rules);
   }

   void visit(const std::string &dir, const Entry &entry, const std::string &relative,
              const std::vector<IgnoreRule> &rules) {
      if (entry.name == ".git")
         return;
      const std::string path = child_path(dir, entry.name);
      const Kind kind = kind_of(path, entry.type);
      const std::string child = join(relative, entry.name);
      if (is_ignored(rules, child, kind.walked_directory))
         return;
      if (kind.walked_directory)
         walk(path, child, rules);
      else if (kind.regular_file && wanted(path, entry.name))
         found({path, display_of(root, child)});
   }
};

} // namespace

bool is_source_file_name(const fs::path &path) {
   return is_source_extension(extension_of(path));
}

bool is_script_with_known_shebang(const fs::path &path) {
   if (path.has_extension())
      return false;
   std::error_code ec;
   if ((fs::status(path, ec).permissions() & fs::perms::owner_exec) == fs::perms::none)
      return false;
   std::ifstream in(path);
   std::string first;
   std::getline(in, first);
   return first.starts_with("#!") &&
          (first.find("python") != std::string::npos || first.find("node") != std::string::npos);
}

bool is_claude_only_file_name(const fs::path &path) {
   return is_claude_only_extension(extension_of(path));
}

std::vector<std::string> walk_sources(const std::vector<std::string> &inputs, bool claude_languages,
                                      const FoundFn &found) {
   std::vector<std::string> errors;
   for (const auto &input : inputs) {
      const fs::path path(input);
      std::error_code ec;
      const fs::file_type type = fs::status(path, ec).type(); // one stat for a file given by name
      if (type == fs::file_type::directory)
         Walker{path.generic_string(), found, errors, claude_languages}.walk(input, "", {});
      else if (type == fs::file_type::regular)
         found({input, path.generic_string()});
      else
         errors.push_back(input + ": no such file or directory");
   }
   return errors;
}

WalkResult collect_sources(const std::vector<std::string> &inputs, bool claude_languages) {
   WalkResult result;
   result.errors = walk_sources(inputs, claude_languages, [&result](SourceFile file) {
      result.files.push_back(std::move(file));
   });
   return result;
}

} // namespace pmat::app
