#!/usr/bin/env python3
"""Puts the project's license identifier (LICENSE: MIT) at the top of its own source files.

    python3 packaging/tools/spdx-headers.py           add it where it is missing (idempotent)
    python3 packaging/tools/spdx-headers.py --check   list the files without it; exit 1 if any

Files: every file git tracks that is C or C++ (.c .cc .cpp .hpp .h, .cpp.in), TypeScript or
JavaScript (.ts .mjs .js .cjs), CMake (CMakeLists.txt, .cmake, .cmake.in), Python (.py) or a
shell script (.sh, or no extension and a #!...sh first line). The line goes first, or right
after a #! line: `// SPDX-License-Identifier: MIT` (C++, C sources, TS, JS), `/* ... */` (C
headers, which C89 consumers may include), `# ...` (CMake, Python, shell).

A Markdown page under docs/ that shows a changed file verbatim in a fenced block (the docs
listing tests check that it does) gets the new text too.
"""
import pathlib
import subprocess
import sys

TAG = "SPDX-License-Identifier: MIT"
SLASH = f"// {TAG}\n"
BLOCK = f"/* {TAG} */\n"
HASH = f"# {TAG}\n"
BY_SUFFIX = {
    ".c": SLASH, ".cc": SLASH, ".cpp": SLASH, ".hpp": SLASH, ".h": BLOCK,
    ".ts": SLASH, ".mjs": SLASH, ".js": SLASH, ".cjs": SLASH,
    ".cmake": HASH, ".py": HASH, ".sh": HASH,
}
BY_DOUBLE_SUFFIX = {".cmake.in": HASH, ".cpp.in": SLASH}


def comment_for(path: pathlib.Path, first_line: str):
    """The identifier line for this file, or None when the file is not one of ours to tag."""
    if path.name == "CMakeLists.txt":
        return HASH
    double = "".join(path.suffixes[-2:])
    if double in BY_DOUBLE_SUFFIX:
        return BY_DOUBLE_SUFFIX[double]
    if path.suffix in BY_SUFFIX:
        return BY_SUFFIX[path.suffix]
    if not path.suffix and first_line.startswith("#!") and "sh" in first_line:
        return HASH
    return None


def tagged(text: str, line: str) -> str:
    """`text` with `line` first, or after its #! line."""
    if text.startswith("#!"):
        end = text.find("\n") + 1
        return text[:end] + line + text[end:]
    return line + text


def update_listings(root: pathlib.Path, old: str, new: str) -> None:
    for page in sorted((root / "docs").glob("*.md")):
        doc = page.read_text()
        listing = "\n" + old + "```"
        if listing in doc:
            page.write_text(doc.replace(listing, "\n" + new + "```"))
            print(f"  listing updated in {page.relative_to(root)}")


def candidates(root: pathlib.Path):
    names = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, names):
        path = root / name
        if not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        line = comment_for(path, text.split("\n", 1)[0])
        if line and TAG not in "\n".join(text.split("\n", 3)[:3]):
            yield path, text, line


def main() -> int:
    root = pathlib.Path(__file__).resolve().parents[2]
    check = "--check" in sys.argv[1:]
    missing = list(candidates(root))
    for path, text, line in missing:
        print(path.relative_to(root))
        if not check:
            new = tagged(text, line)
            path.write_text(new)
            update_listings(root, text, new)
    if check and missing:
        print(f"{len(missing)} files lack '{TAG}': run python3 packaging/tools/spdx-headers.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
