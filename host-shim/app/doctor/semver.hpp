// Does a version satisfy an npm range (package.json "engines")? The subset npm documents for
// engines: comparators (>=, >, <=, <, =), caret (^), tilde (~), x-ranges (18.x, 20, *), hyphen
// ranges (18 - 20), AND by spaces and OR by "||". Pre-release tags are not compared.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pmat::doctor {

using Version = std::array<unsigned long, 3>;

// "v20.19.2" or "20.19.2" (a leading v and anything after a '-' or '+' ignored); nullopt when
// the text is not a version.
std::optional<Version> parse_version(std::string_view text);

// Whether `version` satisfies `range`; nullopt when the range cannot be read.
std::optional<bool> satisfies(const Version &version, std::string_view range);

} // namespace pmat::doctor
