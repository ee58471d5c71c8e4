// SPDX-License-Identifier: MIT
// Prints the native analyzer's JSON result for each file named on the command line, one line per
// file: `pmat_native_dump [--profile strict] [--satd-rule strict] [--language NAME] [--lines]
// FILE...`.
// --lines prints pmccabe-like text instead, one line per function ("cyclomatic cognitive
// file(line): name"), which is what bench/native/compare-pmccabe.sh times against pmccabe.
#include <pmat/native/analysis.hpp>

#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Reads the whole file; the bytes live in `buffer`, reused from file to file and only grown (so
// not zero-filled again for every file): one read of the size the file reports, or a stream copy
// when it cannot seek (a pipe). Empty optional when the file cannot be opened.
std::optional<std::string_view> read_file(const std::string &path, std::string &buffer) {
   std::ifstream in(path, std::ios::binary);
   if (!in) {
      return std::nullopt;
   }
   const std::streamoff size = in.seekg(0, std::ios::end) ? std::streamoff(in.tellg()) : -1;
   if (size < 0 || !in.seekg(0)) {
      in.clear();
      std::ostringstream copy;
      copy << in.rdbuf();
      buffer = copy.str();
      return std::string_view(buffer);
   }
   if (buffer.size() < static_cast<std::size_t>(size)) {
      buffer.resize(static_cast<std::size_t>(size));
   }
   in.read(buffer.data(), size);
   return std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount()));
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
