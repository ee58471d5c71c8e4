// SPDX-License-Identifier: MIT
#include "elf_file.hpp"

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <fstream>
#include <iterator>

namespace pmat::conformance {

namespace {

// The whole file in memory with checked typed access: a malformed image must produce an error
// message, never an out-of-bounds read in the validator.
class Image {
 public:
   explicit Image(std::vector<char> bytes) : bytes_(std::move(bytes)) {}

   template <typename T> const T *at(std::uint64_t offset, std::uint64_t count = 1) const {
      if (offset > bytes_.size() || count > (bytes_.size() - offset) / sizeof(T))
         return nullptr;
      return reinterpret_cast<const T *>(bytes_.data() + offset);
   }

   std::string string_at(const Elf64_Shdr &table, std::uint64_t index) const {
      if (index >= table.sh_size)
         return {};
      const char *start = at<char>(table.sh_offset + index);
      if (start == nullptr)
         return {};
      const auto limit =
          std::min<std::uint64_t>(table.sh_size - index, bytes_.size() - (table.sh_offset + index));
      return std::string(start, strnlen(start, limit));
   }

 private:
   std::vector<char> bytes_;
};

struct Sections {
   const Elf64_Shdr *headers = nullptr;
   std::uint16_t count = 0;

   const Elf64_Shdr *find(std::uint32_t type) const {
      for (std::uint16_t i = 0; i < count; ++i)
         if (headers[i].sh_type == type)
            return &headers[i];
      return nullptr;
   }
   const Elf64_Shdr *link_of(const Elf64_Shdr &s) const {
      return s.sh_link < count ? &headers[s.sh_link] : nullptr;
   }
};

bool check_header(const Elf64_Ehdr *h, std::string &error) {
   if (h == nullptr || std::memcmp(h->e_ident, ELFMAG, SELFMAG) != 0) {
      error = "not an ELF file";
      return false;
   }
   if (h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_ident[EI_DATA] != ELFDATA2LSB) {
      error = "not a little-endian Elf64 object";
      return false;
   }
   if (h->e_type != ET_DYN || h->e_shentsize != sizeof(Elf64_Shdr)) {
      error = "not a shared object with standard section headers";
      return false;
   }
   return true;
}

void read_symbols(const Image &img, const Sections &secs, ElfInfo &info) {
   const Elf64_Shdr *dynsym = secs.find(SHT_DYNSYM);
   const Elf64_Shdr *strtab = dynsym ? secs.link_of(*dynsym) : nullptr;
   if (dynsym == nullptr || strtab == nullptr || dynsym->sh_entsize != sizeof(Elf64_Sym))
      return;
   const auto n = dynsym->sh_size / sizeof(Elf64_Sym);
   const auto *syms = img.at<Elf64_Sym>(dynsym->sh_offset, n);
   if (syms == nullptr)
      return;
   for (std::uint64_t i = 1; i < n; ++i) { // entry 0 is the reserved null symbol
      const Elf64_Sym &s = syms[i];
      info.dynamic_symbols.push_back(
          {img.string_at(*strtab, s.st_name), static_cast<unsigned char>(ELF64_ST_BIND(s.st_info)),
           static_cast<unsigned char>(ELF64_ST_TYPE(s.st_info)),
           static_cast<unsigned char>(ELF64_ST_VISIBILITY(s.st_other)), s.st_shndx, s.st_size});
   }
}

void read_dynamic(const Image &img, const Sections &secs, ElfInfo &info) {
   const Elf64_Shdr *dyn = secs.find(SHT_DYNAMIC);
   const Elf64_Shdr *strtab = dyn ? secs.link_of(*dyn) : nullptr;
   if (dyn == nullptr || strtab == nullptr)
      return;
   const auto n = dyn->sh_size / sizeof(Elf64_Dyn);
   const auto *entries = img.at<Elf64_Dyn>(dyn->sh_offset, n);
   for (std::uint64_t i = 0; entries != nullptr && i < n && entries[i].d_tag != DT_NULL; ++i) {
      if (entries[i].d_tag == DT_NEEDED)
         info.needed.push_back(img.string_at(*strtab, entries[i].d_un.d_val));
      else if (entries[i].d_tag == DT_FLAGS_1)
         info.flags_1 = entries[i].d_un.d_val;
   }
}

void read_version_definitions(const Image &img, const Sections &secs, ElfInfo &info) {
   const Elf64_Shdr *verdef = secs.find(SHT_GNU_verdef);
   const Elf64_Shdr *strtab = verdef ? secs.link_of(*verdef) : nullptr;
   if (verdef == nullptr || strtab == nullptr)
      return;
   std::uint64_t offset = verdef->sh_offset;
   for (std::uint32_t i = 0; i < verdef->sh_info; ++i) {
      const auto *def = img.at<Elf64_Verdef>(offset);
      const auto *aux = def ? img.at<Elf64_Verdaux>(offset + def->vd_aux) : nullptr;
      if (aux == nullptr)
         return;
      info.version_names.push_back(img.string_at(*strtab, aux->vda_name));
      if (def->vd_next == 0)
         return;
      offset += def->vd_next;
   }
}

} // namespace

bool ElfSymbol::defined() const {
   return section != SHN_UNDEF;
}

bool ElfSymbol::exported() const {
   const bool global = binding == STB_GLOBAL || binding == STB_WEAK || binding == STB_GNU_UNIQUE;
   const bool visible = visibility == STV_DEFAULT || visibility == STV_PROTECTED;
   return defined() && global && visible;
}

std::optional<ElfInfo> read_elf(const std::string &path, std::string &error) {
   std::ifstream in(path, std::ios::binary | std::ios::ate);
   if (!in) {
      error = "cannot open " + path;
      return std::nullopt;
   }
   // One sized read: a byte-at-a-time istreambuf_iterator copy took ~9 s per test on the 47 MB
   // ASan build of the plugin, six tests in a row.
   std::vector<char> bytes(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)));
   in.seekg(0);
   if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      error = "cannot read " + path;
      return std::nullopt;
   }
   Image img(std::move(bytes));
   const auto *header = img.at<Elf64_Ehdr>(0);
   if (!check_header(header, error))
      return std::nullopt;
   Sections secs{img.at<Elf64_Shdr>(header->e_shoff, header->e_shnum), header->e_shnum};
   if (secs.headers == nullptr) {
      error = "section header table is outside the file";
      return std::nullopt;
   }
   ElfInfo info;
   read_symbols(img, secs, info);
   read_dynamic(img, secs, info);
   read_version_definitions(img, secs, info);
   return info;
}

std::string binding_name(unsigned char binding) {
   switch (binding) {
   case STB_LOCAL: return "LOCAL";
   case STB_GLOBAL: return "GLOBAL";
   case STB_WEAK: return "WEAK";
   case STB_GNU_UNIQUE: return "GNU_UNIQUE";
   default: return "binding " + std::to_string(binding);
   }
}

} // namespace pmat::conformance
