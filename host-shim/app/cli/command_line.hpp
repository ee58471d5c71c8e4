// SPDX-License-Identifier: MIT
// Splitting a command line into its options and its positional words before Boost.Program_options
// parses the options.
#pragma once

#include <boost/program_options/options_description.hpp>

#include <string>
#include <vector>

namespace pmat::cli {

// A command line cut in two, each part in its original order.
struct SplitCommandLine {
   std::vector<std::string> options;    // the option words and the values they take
   std::vector<std::string> positional; // every other word
};

// Cuts `arguments` the way Boost's command_line_parser with `positional(name, -1)` assigns them,
// in one pass. Boost's parser erases each word it consumes from the front of its vector, so its
// cost grows with the square of the word count: 14,810 paths took a quarter of a second of a
// whole-tree run, before any file was read.
//
// A word is an option when it starts with '-' and is longer than "-". An option without "=" that
// `options` knows (abbreviations included, as Boost guesses them) and whose value is required
// takes the next word with it, whatever that word looks like; Boost then judges the pair as
// before. Unknown, ambiguous and malformed options stay in `options`, for Boost to report. "--"
// ends the options: it is dropped and every later word is positional.
//
// Thread: any; reads `options` only. Never throws but std::bad_alloc.
SplitCommandLine split_command_line(const std::vector<std::string> &arguments,
                                    const boost::program_options::options_description &options);

} // namespace pmat::cli
