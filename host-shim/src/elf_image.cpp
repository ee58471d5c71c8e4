// SPDX-License-Identifier: MIT
#include "elf_image.hpp"

#include <elf.h>

#include <algorithm>
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

Elf64_Ehdr read_header(const char *bytes, std::size_t available) {
   Elf64_Ehdr header;
   if (available < sizeof header)
      refuse("shorter than an ELF header (" + std::to_string(available) + " bytes)");
   std::memcpy(&header, bytes, sizeof header);
   return header;
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

// The furthest end of a segment's file bytes; refuses a segment the file does not hold.
std::size_t check_segments(const Elf64_Ehdr &header, const char *bytes, std::size_t size) {
   std::size_t end = 0;
   for (Elf64_Half i = 0; i < header.e_phnum; ++i) {
      Elf64_Phdr segment;
      std::memcpy(&segment, bytes + header.e_phoff + i * sizeof(Elf64_Phdr), sizeof segment);
      if (segment.p_filesz == 0)
         continue;
      if (extends_past(segment.p_offset, segment.p_filesz, size))
         refuse("truncated: segment " + std::to_string(i) + " needs bytes up to " +
                std::to_string(segment.p_offset + segment.p_filesz) + " but the file has " +
                std::to_string(size));
      end = std::max<std::size_t>(end, segment.p_offset + segment.p_filesz);
   }
   return end;
}

} // namespace

std::size_t elf_headers_size(const char *bytes, std::size_t available) {
   const Elf64_Ehdr header = read_header(bytes, available);
   check_identity(header);
   if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phoff > (std::uint64_t{1} << 32))
      refuse("malformed program header table");
   return std::max<std::size_t>(sizeof header,
                                header.e_phoff + std::size_t{header.e_phnum} * sizeof(Elf64_Phdr));
}

ElfLayout check_elf_layout(const char *bytes, std::size_t available, std::size_t file_size) {
   ElfLayout layout;
   layout.headers_end = elf_headers_size(bytes, available);
   if (layout.headers_end > file_size)
      refuse("truncated program header table");
   if (layout.headers_end > available)
      throw std::logic_error("check_elf_layout needs the whole program header table");
   const Elf64_Ehdr header = read_header(bytes, available);
   layout.image_end = std::max(layout.headers_end, check_segments(header, bytes, file_size));
   if (header.e_shnum != 0 &&
       extends_past(header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr), file_size))
      refuse("truncated section header table");
   return layout;
}

void check_elf_image(const char *bytes, std::size_t size) {
   check_elf_layout(bytes, size, size);
}

void drop_section_headers(char *bytes, std::size_t size) {
   Elf64_Ehdr header = read_header(bytes, size);
   header.e_shoff = 0;
   header.e_shnum = 0;
   header.e_shstrndx = SHN_UNDEF;
   std::memcpy(bytes, &header, sizeof header);
}

} // namespace pmat::shim
