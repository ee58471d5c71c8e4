// SPDX-License-Identifier: MIT
#include "inputs.hpp"

namespace pmat::conformance {

std::string sample_source() {
   return "#include <stdio.h>\n"
          "\n"
          "static int clamp(int v, int lo, int hi) {\n"
          "   if (v < lo)\n"
          "      return lo;\n"
          "   return v > hi ? hi : v;\n"
          "}\n"
          "\n"
          "int main(void) {\n"
          "   printf(\"%d\\n\", clamp(42, 0, 10));\n"
          "   return 0;\n"
          "}\n";
}

std::string random_bytes(std::mt19937_64 &rng, std::size_t size) {
   std::string out(size, '\0');
   std::uniform_int_distribution<int> byte(0, 255);
   for (auto &c : out)
      c = static_cast<char>(byte(rng));
   return out;
}

std::vector<std::pair<std::string, std::string>> invalid_contents(std::mt19937_64 &rng) {
   using namespace std::string_literals;
   return {
       {"a lone continuation byte", "int x = 1;\n\x80\n"s},
       {"an overlong encoding", "int \xC0\xAF = 2;\n"s},
       {"a UTF-16 surrogate", "// \xED\xA0\x80\nint y;\n"s},
       {"a truncated sequence at the end", "int z;\n\xE2\x82"s},
       {"embedded NUL bytes", "int a;\0int b;\0\0\n"s},
       {"a byte above U+10FFFF", "\xF5\x80\x80\x80"s},
       {"an ELF header", "\x7F"s
                         "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"s},
       {"4 KiB of seeded random bytes", random_bytes(rng, 4096)},
       {"64 KiB of seeded random bytes", random_bytes(rng, 64 * 1024)},
   };
}

pmat_analyze_request make_request(std::string_view content, const char *path, const char *language,
                                  const char *options) {
   pmat_analyze_request r{};
   r.struct_size = sizeof(pmat_analyze_request);
   r.path = path;
   r.language = language;
   r.content = reinterpret_cast<const std::uint8_t *>(content.data());
   r.content_size = content.size();
   r.options_json = options;
   return r;
}

CallResult analyze(TestContext &ctx, const PluginSession &session,
                   const pmat_analyze_request *request, std::string_view call) {
   const pmat_analyzer &a = session.analyzer();
   return call_buffer(ctx, session, call, a.release,
                      [&](pmat_plugin_buffer *out) { return a.analyze(request, out); });
}

} // namespace pmat::conformance
