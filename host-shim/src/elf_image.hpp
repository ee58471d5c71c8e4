// SPDX-License-Identifier: MIT
// Checks that a file is a complete ELF shared object for this machine before dlopen sees it.
// glibc maps a truncated library without complaint and then dies of SIGBUS touching the
// missing pages, so a half-written plugin must be refused here, from the bytes themselves.
#pragma once

#include <cstddef>

namespace pmat::shim {

// Where the parts of an ELF file a loader reads end, as offsets from the start of the file.
struct ElfLayout {
   std::size_t headers_end = 0; // the ELF header and the program header table
   std::size_t image_end = 0;   // the end of the furthest segment's file bytes (>= headers_end)
};

// How many bytes from the start of the file hold the ELF header and the program header table.
// `bytes` holds the first `available` bytes of the file. Throws std::runtime_error when they are
// too few for an ELF header, or the identity is wrong (not ELF, wrong class, byte order or
// machine, not a shared object).
std::size_t elf_headers_size(const char *bytes, std::size_t available);

// Checks the headers in `bytes` (the file's first `available` bytes, at least
// elf_headers_size() of them) against a file of `file_size` bytes and returns its layout. Throws
// std::runtime_error naming the first problem: a wrong identity, or a program header table,
// segment or section header table that extends past the end of the file.
ElfLayout check_elf_layout(const char *bytes, std::size_t available, std::size_t file_size);

// check_elf_layout over a whole file held in memory.
void check_elf_image(const char *bytes, std::size_t size);

// Turns a loaded image (the bytes up to ElfLayout::image_end) into a file without a section
// header table: e_shoff, e_shnum and e_shstrndx become 0. What the loader maps is unchanged; the
// sections (symbols, debug information) were past the image and are not part of it.
void drop_section_headers(char *bytes, std::size_t size);

} // namespace pmat::shim
