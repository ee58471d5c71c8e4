// SPDX-License-Identifier: MIT
#pragma once
// The check that the streaming read of a plugin's answer (report/stream_read.hpp) gives what the
// reference read of the parsed object (report/object_read.hpp) gives, member for member, and that
// parse_file_result answers the same text the same way whether or not it keeps the object.

#include <report/file_result.hpp>

#include <string>
#include <vector>

namespace pmat::report::testing {

// The members in which `streamed` and `reference` differ, named as a reader would find them
// ("functions[2]", "violations.size"); empty when they are the same. Claude's answer is
// compared by presence only: both reads take it from the parsed object.
std::vector<std::string> differences(const FileResult &streamed, const FileResult &reference);

// Checks (Boost.Test assertions) that `text`, an object without a `claude` object, is read by
// the streaming reader, to what the reference read of the parsed object gives.
void check_streamed_like_object(const std::string &text);

// Checks that parse_file_result gives the same result, or the same error, for `text` whether it
// reads it streaming (keep_json false) or from the parsed object (keep_json true).
void check_same_parse(const std::string &text);

} // namespace pmat::report::testing
