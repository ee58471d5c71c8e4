// SPDX-License-Identifier: MIT
#include "command_line.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>

namespace pmat::cli {
namespace {

namespace po = boost::program_options;

bool is_option_word(const std::string &word) {
   return word.size() > 1 && word[0] == '-';
}

// Whether the long option `word` ("--name") takes the next word as its value.
bool takes_next_word(const std::string &word, const po::options_description &options) {
   if (word.size() < 3 || word[1] != '-' || word.find('=') != std::string::npos)
      return false;
   try {
      const po::option_description *found = options.find_nothrow(word.substr(2), true);
      return found != nullptr && found->semantic()->min_tokens() > 0;
   } catch (const po::error &) {
      return false; // ambiguous: Boost reports it when it parses the word
   }
}

} // namespace

SplitCommandLine split_command_line(const std::vector<std::string> &arguments,
                                    const po::options_description &options) {
   SplitCommandLine split;
   split.options.reserve(arguments.size());
   for (std::size_t i = 0; i < arguments.size(); ++i) {
      const std::string &word = arguments[i];
      if (word == "--") {
         split.positional.insert(split.positional.end(), arguments.begin() + i + 1,
                                 arguments.end());
         break;
      }
      if (!is_option_word(word)) {
         split.positional.push_back(word);
         continue;
      }
      split.options.push_back(word);
      if (takes_next_word(word, options) && i + 1 < arguments.size())
         split.options.push_back(arguments[++i]);
   }
   return split;
}

} // namespace pmat::cli
