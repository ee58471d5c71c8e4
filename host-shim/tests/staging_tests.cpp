// SPDX-License-Identifier: MIT
// What a stage holds: the plugin's loaded image (headers and segments, section headers dropped),
// or with PMAT_STAGE_WHOLE_FILE=1 the whole file; a file cut short anywhere is refused.
#define BOOST_TEST_MODULE host_shim_staging
#include <boost/test/unit_test.hpp>

#include "elf_image.hpp"
#include "plugin_dir_fixture.hpp"
#include "staging.hpp"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

using namespace pmat::shim;
namespace fs = std::filesystem;

namespace {

std::vector<char> file_bytes(const fs::path &path) {
   std::ifstream in(path, std::ios::binary);
   return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Elf64_Ehdr header_of(const std::vector<char> &bytes) {
   Elf64_Ehdr header;
   std::memcpy(&header, bytes.data(), sizeof header);
   return header;
}

// The end of the furthest segment, computed here independently of elf_image.cpp.
std::size_t furthest_segment_end(const std::vector<char> &bytes) {
   const Elf64_Ehdr header = header_of(bytes);
   std::size_t end = 0;
   for (unsigned i = 0; i < header.e_phnum; ++i) {
      Elf64_Phdr segment;
      std::memcpy(&segment, bytes.data() + header.e_phoff + i * sizeof segment, sizeof segment);
      end = std::max<std::size_t>(end, segment.p_offset + segment.p_filesz);
   }
   return end;
}

struct StageEnvironment {
   explicit StageEnvironment(const char *value) { ::setenv("PMAT_STAGE_WHOLE_FILE", value, 1); }
   ~StageEnvironment() { ::unsetenv("PMAT_STAGE_WHOLE_FILE"); }
};

const fs::path k_plugin = pmat::test::variant_path("shim_test_plugin_v1");

} // namespace

BOOST_AUTO_TEST_CASE(the_image_is_every_byte_the_loader_maps_and_nothing_after) {
   const auto file = file_bytes(k_plugin);
   const auto image = read_plugin_image(k_plugin, StageExtent::Image);
   BOOST_TEST(image.size() == furthest_segment_end(file));
   BOOST_TEST(image.size() < file.size()); // a RelWithDebInfo build: sections follow the image
   BOOST_TEST(std::equal(image.begin() + sizeof(Elf64_Ehdr), image.end(),
                         file.begin() + sizeof(Elf64_Ehdr)));
   const Elf64_Ehdr header = header_of(image);
   BOOST_TEST(header.e_shoff == 0u);
   BOOST_TEST(header.e_shnum == 0u);
   BOOST_TEST(header.e_phnum == header_of(file).e_phnum);
   BOOST_CHECK_NO_THROW(check_elf_image(image.data(), image.size()));
}

BOOST_AUTO_TEST_CASE(the_whole_file_extent_is_the_file_unchanged) {
   BOOST_TEST(read_plugin_image(k_plugin, StageExtent::WholeFile) == file_bytes(k_plugin));
}

BOOST_AUTO_TEST_CASE(the_environment_chooses_the_extent) {
   {
      const StageEnvironment whole("1");
      BOOST_TEST((stage_extent() == StageExtent::WholeFile));
   }
   const StageEnvironment image("0");
   BOOST_TEST((stage_extent() == StageExtent::Image));
}

BOOST_AUTO_TEST_CASE(a_stage_holds_the_image_bytes_with_mode_0500) {
   pmat::test::PluginDirFixture dir;
   prepare_staging_dir(dir.staging_dir());
   for (const char *setting : {"0", "1"}) {
      const StageEnvironment environment(setting);
      const StagedFile staged = stage_copy(k_plugin, dir.staging_dir());
      const auto copied = file_bytes(staged.path);
      BOOST_TEST(copied == read_plugin_image(k_plugin, stage_extent()));
      BOOST_TEST(staged_copy_sha256(staged.path) == sha256_hex(copied.data(), copied.size()));
      BOOST_TEST(staged_copy_sha256(staged.path) == staged_sha256(k_plugin));
      struct stat st {};
      BOOST_REQUIRE(::stat(staged.path.c_str(), &st) == 0);
      BOOST_TEST((st.st_mode & 07777) == 0500u);
      fs::remove(staged.path);
   }
}

BOOST_AUTO_TEST_CASE(a_file_cut_after_its_image_is_still_refused) {
   // The cut leaves every segment whole but loses the section header table at the end: an
   // incomplete copy, refused although the part a stage holds is intact.
   pmat::test::PluginDirFixture dir;
   const auto file = file_bytes(k_plugin);
   const fs::path cut = dir.plugin_dir() / "libcut.so";
   std::ofstream(cut, std::ios::binary)
       .write(file.data(), static_cast<std::streamsize>(furthest_segment_end(file) + 100));
   BOOST_CHECK_EXCEPTION(read_plugin_image(cut, StageExtent::Image), std::runtime_error,
                         [](const std::runtime_error &e) {
                            return std::string(e.what()).find("truncated section header table") !=
                                   std::string::npos;
                         });
}

BOOST_AUTO_TEST_CASE(a_file_cut_inside_a_segment_is_refused_before_it_is_read) {
   pmat::test::PluginDirFixture dir;
   const auto file = file_bytes(k_plugin);
   const fs::path cut = dir.plugin_dir() / "libcut.so";
   std::ofstream(cut, std::ios::binary).write(file.data(), 8192);
   BOOST_CHECK_EXCEPTION(read_plugin_image(cut, StageExtent::Image), std::runtime_error,
                         [](const std::runtime_error &e) {
                            return std::string(e.what()).find("not a loadable plugin image: "
                                                              "truncated: segment") !=
                                   std::string::npos;
                         });
}

namespace {

struct OpenFd {
   int fd;
   OpenFd(const fs::path &path, int flags) : fd(::open(path.c_str(), flags | O_CLOEXEC, 0600)) {}
   ~OpenFd() {
      if (fd >= 0)
         ::close(fd);
   }
};

// Copies the first `size` bytes of `from` into a new file `to` with `method`.
void copy_with(const fs::path &from, const fs::path &to, std::size_t size, CopyMethod method) {
   const OpenFd in(from, O_RDONLY);
   const OpenFd out(to, O_WRONLY | O_CREAT | O_EXCL);
   BOOST_REQUIRE(in.fd >= 0 && out.fd >= 0);
   copy_file_bytes(in.fd, out.fd, size, method, from, to);
}

} // namespace

BOOST_AUTO_TEST_CASE(both_copy_methods_copy_the_bytes_asked_for) {
   pmat::test::PluginDirFixture dir;
   const auto file = file_bytes(k_plugin);
   for (const CopyMethod method : {CopyMethod::Kernel, CopyMethod::ReadWrite}) {
      for (const std::size_t size :
           {std::size_t{0}, std::size_t{1}, file.size() / 2, file.size()}) {
         const fs::path copy = dir.plugin_dir() / "copy.so";
         copy_with(k_plugin, copy, size, method);
         BOOST_TEST(file_bytes(copy) == std::vector<char>(file.begin(), file.begin() + size));
         fs::remove(copy);
      }
   }
}

BOOST_AUTO_TEST_CASE(a_kernel_copy_between_filesystems_gives_the_same_bytes) {
   // /dev/shm is tmpfs and the test's directory is not, on the machines we build on: the kernel
   // refuses a cross-filesystem copy_file_range there (EXDEV) and the copy goes on with reads
   // and writes; where it does not refuse, it copies. The bytes are the same either way.
   pmat::test::PluginDirFixture dir;
   const fs::path shm_copy =
       fs::path("/dev/shm") / ("pmat-staging-test-" + std::to_string(::getpid()));
   BOOST_REQUIRE(fs::is_directory("/dev/shm"));
   copy_with(k_plugin, shm_copy, fs::file_size(k_plugin), CopyMethod::Kernel);
   const fs::path back = dir.plugin_dir() / "back.so";
   copy_with(shm_copy, back, fs::file_size(k_plugin), CopyMethod::Kernel);
   fs::remove(shm_copy);
   BOOST_TEST(file_bytes(back) == file_bytes(k_plugin));
}

BOOST_AUTO_TEST_CASE(a_source_shorter_than_the_copy_asked_for_is_an_error) {
   pmat::test::PluginDirFixture dir;
   const std::size_t size = fs::file_size(k_plugin);
   for (const CopyMethod method : {CopyMethod::Kernel, CopyMethod::ReadWrite}) {
      const fs::path copy = dir.plugin_dir() / "copy.so";
      BOOST_CHECK_EXCEPTION(copy_with(k_plugin, copy, size + 1, method), std::runtime_error,
                            [](const std::runtime_error &e) {
                               return std::string(e.what()).find("became shorter") !=
                                      std::string::npos;
                            });
      fs::remove(copy);
   }
}

BOOST_AUTO_TEST_CASE(a_stage_that_fails_leaves_no_copy_behind) {
   pmat::test::PluginDirFixture dir;
   prepare_staging_dir(dir.staging_dir());
   const auto file = file_bytes(k_plugin);
   const fs::path foreign = dir.plugin_dir() / "libforeign.so";
   std::ofstream(foreign, std::ios::binary) << "not an ELF file at all";
   BOOST_CHECK_THROW(stage_copy(foreign, dir.staging_dir()), std::runtime_error);
   BOOST_TEST(fs::is_empty(dir.staging_dir()));
}
