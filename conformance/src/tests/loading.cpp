// SPDX-License-Identifier: MIT
// Loading: how the image looks to the dynamic loader, before any plugin function runs.
#include "allowed_libraries.hpp"
#include "elf_file.hpp"
#include "test_case.hpp"
#include "test_context.hpp"
#include "utf8.hpp"

#include <pmat/plugin_api.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <regex>

namespace pmat::conformance {

namespace {

constexpr double k_load_budget_ms = 1000;
constexpr std::size_t k_max_listed = 20;
constexpr std::uint32_t k_absurd_struct_size = 64 * 1024;

// dlopen without the entry checks of PluginSession: these tests report on broken images.
class RawLibrary {
 public:
   explicit RawLibrary(TestContext &ctx) {
      handle_ = dlopen(ctx.options().plugin.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle_ == nullptr) {
         const char *why = dlerror();
         ctx.require(false, std::string("dlopen(RTLD_NOW | RTLD_LOCAL) failed: ") +
                                (why ? why : "unknown error"));
      }
   }
   ~RawLibrary() { dlclose(handle_); }
   RawLibrary(const RawLibrary &) = delete;
   RawLibrary &operator=(const RawLibrary &) = delete;
   void *handle() const { return handle_; }

 private:
   void *handle_ = nullptr;
};

ElfInfo elf_or_abort(TestContext &ctx) {
   std::string error;
   auto info = read_elf(ctx.options().plugin, error);
   ctx.require(info.has_value(), "cannot read the ELF image: " + error);
   return *info;
}

const ElfSymbol *find_symbol(const ElfInfo &info, std::string_view name) {
   for (const auto &s : info.dynamic_symbols)
      if (s.name == name && s.defined())
         return &s;
   return nullptr;
}

bool is_version_node(const ElfInfo &info, const ElfSymbol &s) {
   // A named version script node (e.g. PMAT_1) adds an absolute symbol of that name.
   return s.section == SHN_ABS && std::find(info.version_names.begin(), info.version_names.end(),
                                            s.name) != info.version_names.end();
}

void list_names(TestContext &ctx, const std::string &what, const std::vector<std::string> &names) {
   if (names.empty())
      return;
   std::string text;
   for (std::size_t i = 0; i < names.size() && i < k_max_listed; ++i)
      text += (i ? ", " : "") + names[i];
   if (names.size() > k_max_listed)
      text += ", ... (" + std::to_string(names.size()) + " in all)";
   ctx.fail(what + ": " + text);
}

void test_load(TestContext &ctx) {
   const auto start = std::chrono::steady_clock::now();
   RawLibrary lib(ctx);
   const double ms =
       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
   ctx.note("load time: " + std::to_string(ms) + " ms (dlopen RTLD_NOW | RTLD_LOCAL)");
   ctx.expect(ms < k_load_budget_ms, "loading took " + std::to_string(ms) + " ms, budget " +
                                         std::to_string(k_load_budget_ms) + " ms");
}

void test_entry_symbol(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   const ElfSymbol *s = find_symbol(info, PMAT_PLUGIN_ENTRY_SYMBOL);
   ctx.require(s != nullptr, "pmat_plugin_entry is not defined in the dynamic symbol table");
   ctx.expect(s->type == STT_OBJECT, "pmat_plugin_entry is not a data object (STT_OBJECT)");
   ctx.expect(s->binding == STB_GLOBAL,
              "pmat_plugin_entry has binding " + binding_name(s->binding) + ", expected GLOBAL");
   ctx.expect(s->visibility == STV_DEFAULT, "pmat_plugin_entry is not default visibility");
   RawLibrary lib(ctx);
   ctx.expect(dlsym(lib.handle(), PMAT_PLUGIN_ENTRY_SYMBOL) != nullptr,
              "dlsym cannot find pmat_plugin_entry");
}

void test_exports_only_entry(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   std::vector<std::string> extra;
   for (const auto &s : info.dynamic_symbols)
      if (s.exported() && s.name != PMAT_PLUGIN_ENTRY_SYMBOL && !is_version_node(info, s))
         extra.push_back(s.name);
   list_names(ctx,
              std::to_string(extra.size()) + " exported symbols besides pmat_plugin_entry "
                                             "(use -fvisibility=hidden and a version script)",
              extra);
}

void test_no_gnu_unique(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   std::vector<std::string> unique;
   for (const auto &s : info.dynamic_symbols)
      if (s.binding == STB_GNU_UNIQUE)
         unique.push_back(s.name);
   list_names(ctx,
              "STB_GNU_UNIQUE symbols make glibc keep the library loaded after dlclose "
              "(compile with -fno-gnu-unique)",
              unique);
   ctx.expect((info.flags_1 & DF_1_NODELETE) == 0,
              "the image is marked DF_1_NODELETE (-z nodelete) and can never be unloaded");
}

void test_needed_libraries(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   std::vector<std::string> bad;
   for (const auto &lib : info.needed) {
      ctx.note("DT_NEEDED " + lib);
      if (!library_allowed(lib, ctx.options().allow_libraries))
         bad.push_back(lib);
   }
   list_names(ctx, "DT_NEEDED libraries outside the allowed list", bad);
}

std::string provider_of(void *handle, const ElfSymbol &s) {
   void *address = dlsym(handle, s.name.c_str());
   if (address == nullptr)
      return {};
   if (s.type == STT_TLS)
      return "(thread-local, provider not checked)";
   Dl_info where{};
   if (dladdr(address, &where) == 0 || where.dli_fname == nullptr)
      return "(unknown object)";
   const char *slash = std::strrchr(where.dli_fname, '/');
   return slash ? slash + 1 : where.dli_fname;
}

// Empty when `s` resolves inside an allowed library, else why not.
std::string outside_allowed(TestContext &ctx, void *handle, const ElfSymbol &s) {
   const std::string provider = provider_of(handle, s);
   if (provider.empty())
      return s.name + " (not in the plugin's dependencies)";
   if (provider.front() == '(' || library_allowed(provider, ctx.options().allow_libraries))
      return {};
   return s.name + " from " + provider;
}

void test_undefined_symbols(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   RawLibrary lib(ctx);
   std::vector<std::string> outside;
   std::size_t checked = 0;
   for (const auto &s : info.dynamic_symbols) {
      // Weak references may stay unresolved by design (__gmon_start__, _ITM_*).
      if (s.defined() || s.binding == STB_WEAK || s.name.empty())
         continue;
      ++checked;
      if (auto why = outside_allowed(ctx, lib.handle(), s); !why.empty())
         outside.push_back(std::move(why));
   }
   ctx.note(std::to_string(checked) + " undefined non-weak symbols checked");
   list_names(ctx, "undefined symbols resolved outside the allowed libraries", outside);
}

void expect_entry_string(TestContext &ctx, const char *value, const char *member) {
   const std::string name = std::string("pmat_plugin_entry.") + member;
   if (!ctx.expect(value != nullptr, name + " is NULL (PMAT-ABI-093)"))
      return;
   const std::size_t len = strnlen(value, 256);
   ctx.expect(len > 0 && len <= 255, name + " is empty or longer than 255 bytes (PMAT-ABI-093)");
   ctx.expect(is_valid_utf8(std::string_view(value, len)), name + " is not valid UTF-8");
}

void expect_entry_members(TestContext &ctx, const pmat_entry_point &e) {
   expect_entry_string(ctx, e.plugin_id, "plugin_id");
   expect_entry_string(ctx, e.name, "name");
   expect_entry_string(ctx, e.version, "version");
   if (e.plugin_id != nullptr)
      ctx.expect(std::regex_match(std::string(e.plugin_id, strnlen(e.plugin_id, 256)),
                                  std::regex(R"([a-z0-9-]+(\.[a-z0-9_-]+)+)")),
                 "plugin_id is not a reverse-DNS id such as dev.pmat.claude");
   ctx.expect(e.init && e.deinit && e.get_interface && e.last_error,
              "pmat_plugin_entry has a NULL init, deinit, get_interface or last_error");
   ctx.note(std::string("plugin ") + (e.plugin_id ? e.plugin_id : "?") + " " +
            (e.version ? e.version : "?") + ", ABI " + std::to_string(e.abi_version.major) + "." +
            std::to_string(e.abi_version.minor) + "." + std::to_string(e.abi_version.patch));
}

void test_entry_struct(TestContext &ctx) {
   const ElfInfo info = elf_or_abort(ctx);
   const ElfSymbol *s = find_symbol(info, PMAT_PLUGIN_ENTRY_SYMBOL);
   ctx.require(s != nullptr, "pmat_plugin_entry is not defined");
   // Reading members is safe only inside the object the linker sized; struct_size may lie.
   ctx.require(s->size >= sizeof(pmat_entry_point),
               "the pmat_plugin_entry object is " + std::to_string(s->size) +
                   " bytes, smaller than the v1 struct (" +
                   std::to_string(sizeof(pmat_entry_point)) + ")");
   RawLibrary lib(ctx);
   const auto *e =
       static_cast<const pmat_entry_point *>(dlsym(lib.handle(), PMAT_PLUGIN_ENTRY_SYMBOL));
   ctx.require(e != nullptr, "dlsym cannot find pmat_plugin_entry");
   ctx.expect(e->struct_size >= sizeof(pmat_entry_point) && e->struct_size < k_absurd_struct_size,
              "pmat_plugin_entry.struct_size is " + std::to_string(e->struct_size) +
                  "; expected at least the v1 size " + std::to_string(sizeof(pmat_entry_point)) +
                  " (PMAT-ABI-003)");
   ctx.expect(e->struct_size <= s->size,
              "pmat_plugin_entry.struct_size (" + std::to_string(e->struct_size) +
                  ") is larger than the object itself (" + std::to_string(s->size) + " bytes)");
   expect_entry_members(ctx, *e);
}

} // namespace

void add_loading_tests(std::vector<TestCase> &out) {
   out.insert(
       out.end(),
       {
           {"load-rtld-now-local", "loading", "PMAT-ABI-090", 1,
            "The library loads with dlopen(RTLD_NOW | RTLD_LOCAL) within 1 s; the time is "
            "reported.",
            test_load},
           {"entry-symbol-present", "loading", "PMAT-ABI-090", 1,
            "pmat_plugin_entry is a global, default-visibility data object that dlsym finds.",
            test_entry_symbol},
           {"entry-struct-valid", "loading", "PMAT-ABI-003, PMAT-ABI-093", 1,
            "The entry's struct_size, id, name, version and function pointers are sane.",
            test_entry_struct},
           {"exports-only-entry", "loading", "PMAT-ABI-091", 1,
            "The dynamic symbol table exports no symbol other than pmat_plugin_entry.",
            test_exports_only_entry},
           {"no-gnu-unique", "loading", "PMAT-ABI-092", 1,
            "No STB_GNU_UNIQUE symbol and no DF_1_NODELETE flag keep the image from unloading.",
            test_no_gnu_unique},
           {"needed-libraries-allowed", "loading", "suite policy: allowed libraries", 1,
            "Every DT_NEEDED library is on the suite's allowed list.", test_needed_libraries},
           {"undefined-symbols-allowed", "loading", "suite policy: allowed libraries", 1,
            "Every undefined non-weak symbol resolves inside an allowed library.",
            test_undefined_symbols},
       });
}

} // namespace pmat::conformance
