// SPDX-License-Identifier: MIT
// A bounds-checked reader for the dynamic section and dynamic symbol table of an Elf64 shared
// object. The loading tests use it instead of readelf/nm so the suite has no tool dependency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmat::conformance {

struct ElfSymbol {
   std::string name;
   unsigned char binding = 0;    // STB_*
   unsigned char type = 0;       // STT_*
   unsigned char visibility = 0; // STV_*
   std::uint16_t section = 0;    // SHN_UNDEF for undefined symbols
   std::uint64_t size = 0;

   bool defined() const;
   // Defined, global/weak/unique and visible to other objects.
   bool exported() const;
};

struct ElfInfo {
   std::vector<ElfSymbol> dynamic_symbols;
   std::vector<std::string> needed;        // DT_NEEDED, in order
   std::vector<std::string> version_names; // names of version definitions (DT_VERDEF)
   std::uint64_t flags_1 = 0;              // DT_FLAGS_1 (DF_1_NODELETE, ...)
};

// Reads `path`; returns nullopt and sets `error` when the file is not a readable Elf64 object.
std::optional<ElfInfo> read_elf(const std::string &path, std::string &error);

std::string binding_name(unsigned char binding);

} // namespace pmat::conformance
