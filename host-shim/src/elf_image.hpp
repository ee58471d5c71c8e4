// SPDX-License-Identifier: MIT
// Checks that a file is a complete ELF shared object for this machine before dlopen sees it.
// glibc maps a truncated library without complaint and then dies of SIGBUS touching the
// missing pages, so a half-written plugin must be refused here, from the bytes themselves.
#pragma once

#include <cstddef>

namespace pmat::shim {

// Throws std::runtime_error naming the first problem: not ELF, wrong class/byte order/machine,
// not a shared object, or a header, segment or section table that extends past the end.
void check_elf_image(const char *bytes, std::size_t size);

} // namespace pmat::shim
