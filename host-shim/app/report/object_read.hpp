// SPDX-License-Identifier: MIT
#pragma once
// The reference read of a plugin's answer: every typed member of a FileResult (Claude's answer
// included) from the parsed object, with the tolerant reads of json_fields.hpp. parse_file_result
// uses it for the rare answers that carry a `claude` object and when the caller keeps the object;
// stream_read.hpp reads the native members of the others the same way without the object.

#include "file_result.hpp"

#include <boost/json/object.hpp>

namespace pmat::report::detail {

// `object` read into a FileResult (its `text` and `json` left empty). Never throws except
// std::bad_alloc.
FileResult read_object(const boost::json::object &object);

} // namespace pmat::report::detail
