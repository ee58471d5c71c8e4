#include "utf8.hpp"

namespace pmat::plugin {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0.
std::size_t sequence_length(std::string_view text, std::size_t i) {
   const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
   const unsigned char lead = byte(0);
   std::size_t n = lead < 0x80                    ? 1
                   : lead >= 0xC2 && lead <= 0xDF ? 2
                   : lead >= 0xE0 && lead <= 0xEF ? 3
                   : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                  : 0;
   if (n == 0 || i + n > text.size())
      return 0;
   for (std::size_t k = 1; k < n; ++k)
      if ((byte(k) & 0xC0) != 0x80)
         return 0;
   const bool overlong3 = lead == 0xE0 && byte(1) < 0xA0;
   const bool surrogate = lead == 0xED && byte(1) >= 0xA0;
   const bool overlong4 = lead == 0xF0 && byte(1) < 0x90;
   const bool too_big = lead == 0xF4 && byte(1) >= 0x90;
   return overlong3 || surrogate || overlong4 || too_big ? 0 : n;
}

} // namespace

std::string sanitize_utf8(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (std::size_t i = 0; i < text.size();) {
      const std::size_t n = sequence_length(text, i);
      if (n == 0) {
         out += "\xEF\xBF\xBD";
         ++i;
      } else {
         out.append(text.substr(i, n));
         i += n;
      }
   }
   return out;
}

} // namespace pmat::plugin
