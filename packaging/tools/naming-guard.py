#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A textual guard for the constant-naming rule (docs/coding-style.md) over every C/C++ source of
the project, in a second: every `constexpr` variable is named k_lower_case. clang-tidy's
readability-identifier-naming (the ctest naming_clang_tidy) is the authority but costs ~3 s of
CPU per translation unit, so CI runs it over a fixed subset; this guard covers every file for the
most common slip, a constexpr constant with another name. Usage: naming-guard.py ROOT"""
import pathlib
import re
import sys

SKIP_PARTS = {"build", "node_modules", ".git"}
SUFFIXES = {".c", ".cc", ".cpp", ".h", ".hpp"}
# `constexpr TYPE NAME =` / `{` / `[`; not `if constexpr (`, not constexpr functions.
DECLARATION = re.compile(
    r"\bconstexpr\s+(?!if\b)(?:[\w:]+(?:\s*<[^;=(){}]*?>)?[\s*&]+)+?([A-Za-z_]\w*)\s*(?:=|\{|\[)")
NAME_OK = re.compile(r"^(k_[a-z0-9_]+|pmat_\w+)$")


def sources(root):
    for path in sorted(root.rglob("*")):
        if path.suffix in SUFFIXES and path.is_file() and not SKIP_PARTS & set(path.parts):
            yield path


def violations(root, path):
    text = path.read_text(encoding="utf-8", errors="replace")
    for match in DECLARATION.finditer(text):
        name = match.group(1)
        if not NAME_OK.match(name):
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(root)}:{line}: constexpr '{name}' is not k_lower_case"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    found = [line for path in sources(root) for line in violations(root, path)]
    for line in found:
        print(line)
    print(f"naming-guard: {len(found)} constexpr names off the rule", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
