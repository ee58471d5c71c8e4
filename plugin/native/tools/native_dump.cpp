// SPDX-License-Identifier: MIT
// Prints the native analyzer's JSON result for each file named on the command line, one line per
// file: `pmat_native_dump [--profile strict] [--satd-rule strict] [--language NAME] [--lines]
// FILE...`.
// --lines prints pmccabe-like text instead, one line per function ("cyclomatic cognitive
// file(line): name"), which is what bench/native/compare-pmccabe.sh times against pmccabe.
#include <pmat/native/analysis.hpp>

#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Reads from `fd` into `buffer` from offset `used` until end of file, or until `size` bytes when
// `size` is not 0 (a regular file's size: no extra read to see the end). The buffer only grows, so
// it is not zero-filled again for every file. False on a read error.
bool read_all(int fd, std::size_t size, std::string &buffer, std::size_t &used) {
   for (;;) {
      if (size != 0 && used == size) {
         return true;
      }
      const std::size_t want = size != 0 ? size : used + 65536;
      if (buffer.size() < want) {
         buffer.resize(std::max(want, buffer.size() * 2));
      }
      const ssize_t got =
          ::read(fd, buffer.data() + used, (size != 0 ? size : buffer.size()) - used);
      if (got < 0 && errno == EINTR) {
         continue;
      }
      if (got <= 0) {
         return got == 0;
      }
      used += static_cast<std::size_t>(got);
   }
}

// The whole file: open, one fstat, reads of the size it reports (or to the end of a pipe),
// close; the bytes live in `buffer`, reused from file to file. Empty optional when the file
// cannot be opened or read.
std::optional<std::string_view> read_file(const std::string &path, std::string &buffer) {
   const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0) {
      return std::nullopt;
   }
   struct stat info {};
   const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
   const std::size_t size = regular ? static_cast<std::size_t>(info.st_size) : 0;
   std::size_t used = 0;
   const bool read = read_all(fd, size, buffer, used); // size 0: unknown (a pipe, /proc)
   ::close(fd);
   return read ? std::optional<std::string_view>(std::string_view(buffer.data(), used))
               : std::nullopt;
}

struct Arguments {
   pmat::native::Options options;
   std::string language;
   bool lines = false;
   std::vector<std::string> files;
};

Arguments parse(int argc, char **argv) {
   Arguments args;
   const std::vector<std::string> words(argv + 1, argv + argc);
   for (std::size_t i = 0; i < words.size(); ++i) {
      const bool has_value = i + 1 < words.size();
      if (words[i] == "--profile" && has_value) {
         args.options.profile = words[++i];
      } else if (words[i] == "--satd-rule" && has_value) {
         args.options.satd_rule = words[++i] == "strict" ? pmat::native::SatdRule::Strict
                                                         : pmat::native::SatdRule::Default;
      } else if (words[i] == "--language" && has_value) {
         args.language = words[++i];
      } else if (words[i] == "--lines") {
         args.lines = true;
      } else {
         args.files.push_back(words[i]);
      }
   }
   return args;
}

void print_lines(const std::string &path, std::string_view content, const Arguments &args) {
   const auto analysis = pmat::native::analyze(
       path, pmat::native::language_from_name(args.language), content, args.options);
   std::string out;
   for (const auto &function : analysis.functions) {
      out += std::to_string(function.metrics.cyclomatic) + '\t' +
             std::to_string(function.metrics.cognitive) + '\t' + path + '(' +
             std::to_string(function.line_start) + "): " + function.name + '\n';
   }
   std::cout << out;
}

} // namespace

int main(int argc, char **argv) {
   const Arguments args = parse(argc, argv);
   int status = 0;
   std::string buffer;
   for (const auto &path : args.files) {
      const auto content = read_file(path, buffer);
      if (!content) {
         std::cerr << "cannot read " << path << '\n';
         status = 1;
         continue;
      }
      if (args.lines) {
         print_lines(path, *content, args);
         continue;
      }
      std::cout << boost::json::serialize(
                       pmat::native::analyze_file(path, args.language, *content, args.options))
                << '\n';
   }
   return status;
}
