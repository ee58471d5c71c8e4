// SPDX-License-Identifier: MIT
#pragma once
// The fast read of a plugin's answer: the native members of a FileResult (path, skipped, engine,
// fallback_reason, functions, SATD severities, violations, well_formed) filled straight from the
// JSON text by Boost.JSON's streaming parser, without building the object. What it reads is what
// object_read.hpp reads from the parsed object, member for member: the same defaults for missing
// members, the same values for mistyped ones, the last of duplicate keys. Every other member, at
// any depth, is skipped. Claude's answer is not read here: it is rare, much larger, and read from
// the parsed object (StreamOutcome::HasClaude).

#include "file_result.hpp"

#include <boost/json/error.hpp>

#include <string_view>

namespace pmat::report::detail {

enum class StreamOutcome {
   Read,      // `out` holds the native members
   NotJson,   // the text is not JSON: StreamRead::error says why, as boost::json::parse would
   NotObject, // JSON, but not an object
   HasClaude, // an object with a `claude` object: `out` is incomplete, read the object instead
};

struct StreamRead {
   StreamOutcome outcome = StreamOutcome::Read;
   boost::json::error_code error; // set for NotJson only
};

// Reads `text` into `out`, a default-constructed FileResult (its `text`, `claude` and `json` are
// left alone). Accepts what boost::json::parse accepts with its default options and fails with the
// same error on anything else. Keeps no state between calls: safe on any number of threads at
// once. Never throws except std::bad_alloc.
StreamRead stream_read(std::string_view text, FileResult &out);

} // namespace pmat::report::detail
