// SPDX-License-Identifier: MIT
// Files the native analyzer does not parse but Claude can review: by extension, the language
// name Claude is told. The default list (docs/result-schema.md) can be replaced by the
// configuration key claude.extra_languages ("rb=ruby,php=php,...": extension=language, comma
// separated; an empty value turns the feature off).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pmat::plugin::claude {

// The default claude.extra_languages.
inline constexpr std::string_view k_default_extra_languages =
    "rb=ruby,php=php,kt=kotlin,kts=kotlin,cs=csharp,swift=swift,sh=shell,bash=shell,sql=sql";

// The language Claude reviews `path` as, when its extension is in `table` (the configured list,
// or the default when `table` is nullopt); empty otherwise.
std::string extra_language(std::string_view path, const std::optional<std::string> &table);

} // namespace pmat::plugin::claude
