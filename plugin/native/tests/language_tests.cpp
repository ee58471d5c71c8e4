// SPDX-License-Identifier: MIT
#include "test_support.hpp"

using pmat::native::detect_language;
using pmat::native::Language;
using pmat::native::language_from_name;
using pmat::native::language_name;

BOOST_AUTO_TEST_SUITE(language)

BOOST_AUTO_TEST_CASE(names_round_trip) {
   for (auto language :
        {Language::C, Language::Cpp, Language::Rust, Language::Python, Language::JavaScript,
         Language::TypeScript, Language::Go, Language::Java}) {
      BOOST_TEST(language_from_name(language_name(language)) == language);
   }
   BOOST_TEST(language_name(Language::Cpp) == "cpp");
   BOOST_TEST(language_name(Language::TypeScript) == "typescript");
   BOOST_TEST(language_from_name("C++") == Language::Cpp);
   BOOST_TEST(language_from_name("cobol") == Language::Unknown);
}

BOOST_AUTO_TEST_CASE(detects_by_extension) {
   BOOST_TEST(detect_language("a/b.c", "") == Language::C);
   BOOST_TEST(detect_language("x.hpp", "") == Language::Cpp);
   BOOST_TEST(detect_language("lib.rs", "") == Language::Rust);
   BOOST_TEST(detect_language("m.PY", "") == Language::Python);
   BOOST_TEST(detect_language("index.mjs", "") == Language::JavaScript);
   BOOST_TEST(detect_language("app.tsx", "") == Language::TypeScript);
   BOOST_TEST(detect_language("main.go", "") == Language::Go);
   BOOST_TEST(detect_language("A.java", "") == Language::Java);
   BOOST_TEST(detect_language("README.md", "") == Language::Unknown);
}

BOOST_AUTO_TEST_CASE(detects_scripts_by_shebang) {
   BOOST_TEST(detect_language("bin/tool", "#!/usr/bin/env python3\nprint(1)\n") ==
              Language::Python);
   BOOST_TEST(detect_language("bin/tool", "#!/usr/bin/python3.11 -u\n") == Language::Python);
   BOOST_TEST(detect_language("cli", "#!/usr/bin/env node\n") == Language::JavaScript);
   BOOST_TEST(detect_language("cli", "#!/usr/bin/env -S deno run\n") == Language::TypeScript);
   BOOST_TEST(detect_language("cli", "#!/bin/sh\n") == Language::Unknown);
   // The extension wins over the shebang.
   BOOST_TEST(detect_language("x.js", "#!/usr/bin/env python3\n") == Language::JavaScript);
}

BOOST_AUTO_TEST_SUITE_END()
