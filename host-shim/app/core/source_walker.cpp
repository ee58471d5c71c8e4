// SPDX-License-Identifier: MIT
#include "source_walker.hpp"

#include "gitignore.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>

namespace pmat::app {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 20> k_extensions = {
    ".c",  ".h",   ".cc",  ".cpp", ".cxx", ".hpp", ".hh",  ".hxx", ".rs", ".py",
    ".js", ".mjs", ".cjs", ".jsx", ".ts",  ".tsx", ".mts", ".cts", ".go", ".java"};

std::vector<IgnoreRule> with_gitignore_of(const fs::path &dir, const std::string &relative,
                                          std::vector<IgnoreRule> rules) {
   // Like git, a .gitignore that is not a readable regular file (a directory, a dangling link)
   // adds no rules; it never stops the walk.
   std::error_code ec;
   if (!fs::is_regular_file(dir / ".gitignore", ec))
      return rules;
   std::ifstream in(dir / ".gitignore", std::ios::binary);
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

// What (root / relative).generic_string() gives, with strings: a walk builds one per file.
std::string display_of(const std::string &root, const std::string &relative) {
   if (root == ".")
      return relative;
   return root + (root.ends_with('/') ? "" : "/") + relative;
}

// The last component of a path the walk built (never ending in '/').
std::string_view name_of(const std::string &path) {
   const std::size_t slash = path.rfind('/');
   return slash == std::string::npos ? std::string_view(path)
                                     : std::string_view(path).substr(slash + 1);
}

// Entries in name order: the order fs::path comparison gives for one directory's entries,
// without splitting each path into components for every comparison.
void sort_by_name(std::vector<fs::directory_entry> &entries) {
   std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
      return name_of(a.path().native()) < name_of(b.path().native());
   });
}

struct Walker {
   std::string root; // as given, for the files' display paths
   const FoundFn &found;
   std::vector<std::string> &errors;
   bool claude_languages = false;

   bool wanted(const fs::path &path) const {
      return is_source_file_name(path) || is_script_with_known_shebang(path) ||
             (claude_languages && is_claude_only_file_name(path));
   }

   void walk(const fs::path &dir, const std::string &relative, std::vector<IgnoreRule> rules) {
      rules = with_gitignore_of(dir, relative, std::move(rules));
      std::error_code ec;
      std::vector<fs::directory_entry> entries;
      for (const auto &entry : fs::directory_iterator(dir, ec))
         entries.push_back(entry);
      if (ec)
         errors.push_back(dir.string() + ": " + ec.message());
      sort_by_name(entries);
      for (const auto &entry : entries)
         visit(entry, relative, rules);
   }

   void visit(const fs::directory_entry &entry, const std::string &relative,
              const std::vector<IgnoreRule> &rules) {
      const std::string name(name_of(entry.path().native()));
      const std::string child = join(relative, name);
      std::error_code ec;
      const bool is_dir = entry.is_directory(ec) && !entry.is_symlink(ec);
      if (name == ".git" || is_ignored(rules, child, is_dir))
         return;
      if (is_dir)
         walk(entry.path(), child, rules);
      else if (entry.is_regular_file(ec) && wanted(entry.path()))
         found({entry.path(), display_of(root, child)});
   }
};

// The extension as fs::path::extension() finds it, without building paths: from the last '.'
// of the name, unless the name starts there (".c" is a hidden file, not a C file); empty when
// there is none.
std::string_view extension_of(const fs::path &path) {
   const std::string_view name = name_of(path.native());
   const std::size_t dot = name.rfind('.');
   return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot);
}

} // namespace

bool is_source_file_name(const fs::path &path) {
   const std::string_view extension = extension_of(path);
   return std::find(k_extensions.begin(), k_extensions.end(), extension) != k_extensions.end();
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
   static constexpr std::array<std::string_view, 9> k_claude_only{
       ".rb", ".php", ".kt", ".kts", ".cs", ".swift", ".sh", ".bash", ".sql"};
   const std::string_view extension = extension_of(path);
   return std::find(k_claude_only.begin(), k_claude_only.end(), extension) != k_claude_only.end();
}

std::vector<std::string> walk_sources(const std::vector<std::string> &inputs, bool claude_languages,
                                      const FoundFn &found) {
   std::vector<std::string> errors;
   for (const auto &input : inputs) {
      const fs::path path(input);
      std::error_code ec;
      const fs::file_type type = fs::status(path, ec).type(); // one stat for a file given by name
      if (type == fs::file_type::directory)
         Walker{path.generic_string(), found, errors, claude_languages}.walk(path, "", {});
      else if (type == fs::file_type::regular)
         found({path, path.generic_string()});
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
