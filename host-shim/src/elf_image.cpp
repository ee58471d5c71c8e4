// SPDX-License-Identifier: MIT
#include "elf_image.hpp"

#include <elf.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace pmat::shim {
namespace {

#if defined(__x86_64__)
constexpr Elf64_Half k_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr Elf64_Half k_machine = EM_AARCH64;
#else
#error "add this machine's EM_* value"
#endif

[[noreturn]] void refuse(const std::string &why) {
   throw std::runtime_error("not a loadable plugin image: " + why);
}

bool extends_past(std::uint64_t offset, std::uint64_t length, std::size_t size) {
   return offset > size || length > size - offset;
}

void check_identity(const Elf64_Ehdr &header) {
   if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
      refuse("no ELF magic");
   if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB)
      refuse("not a 64-bit little-endian ELF file");
   if (header.e_type != ET_DYN)
      refuse("not a shared object");
   if (header.e_machine != k_machine)
      refuse("built for another machine (e_machine " + std::to_string(header.e_machine) + ")");
}

void check_segments(const Elf64_Ehdr &header, const char *bytes, std::size_t size) {
   if (header.e_phentsize != sizeof(Elf64_Phdr) ||
       extends_past(header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr), size))
      refuse("truncated program header table");
   for (Elf64_Half i = 0; i < header.e_phnum; ++i) {
      Elf64_Phdr segment;
      std::memcpy(&segment, bytes + header.e_phoff + i * sizeof(Elf64_Phdr), sizeof segment);
      if (segment.p_type == PT_LOAD && extends_past(segment.p_offset, segment.p_filesz, size))
         refuse("truncated: segment " + std::to_string(i) + " needs bytes up to " +
                std::to_string(segment.p_offset + segment.p_filesz) + " but the file has " +
                std::to_string(size));
   }
}

} // namespace

void check_elf_image(const char *bytes, std::size_t size) {
   Elf64_Ehdr header;
   if (size < sizeof header)
      refuse("shorter than an ELF header (" + std::to_string(size) + " bytes)");
   std::memcpy(&header, bytes, sizeof header);
   check_identity(header);
   check_segments(header, bytes, size);
   if (header.e_shnum != 0 &&
       extends_past(header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr), size))
      refuse("truncated section header table");
}

} // namespace pmat::shim
