// SPDX-License-Identifier: MIT
// The inline helpers of plugin_api.h, used the way a C++ host or plugin uses them.
#define BOOST_TEST_MODULE plugin_api
#include <boost/test/unit_test.hpp>

#include <pmat/plugin_api.h>

#include <cstring>
#include <string>

namespace {
pmat_abi_version version(uint32_t major, uint32_t minor) {
   return {major, minor, 0};
}

std::string refusal(pmat_abi_version host, pmat_abi_version plugin) {
   char why[PMAT_LAST_ERROR_MAX] = "unchanged";
   if (pmat_abi_compatible(host, plugin, why, sizeof why))
      return "";
   return why;
}
} // namespace

BOOST_AUTO_TEST_CASE(equal_versions_are_compatible) {
   BOOST_TEST(refusal(version(1, 0), version(1, 0)).empty());
}

BOOST_AUTO_TEST_CASE(older_plugin_minor_is_accepted_and_patch_is_ignored) {
   BOOST_TEST(refusal(version(1, 3), version(1, 1)).empty());
   BOOST_TEST(refusal({1, 0, 9}, {1, 0, 0}).empty());
   BOOST_TEST(refusal({1, 0, 0}, {1, 0, 9}).empty());
}

BOOST_AUTO_TEST_CASE(newer_plugin_minor_names_the_host_as_too_old) {
   const auto why = refusal(version(1, 0), version(1, 2));
   BOOST_TEST(why.find("upgrade pmat-host") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(major_mismatch_names_the_side_to_upgrade) {
   BOOST_TEST(refusal(version(1, 0), version(2, 0)).find("upgrade pmat-host") != std::string::npos);
   BOOST_TEST(refusal(version(2, 0), version(1, 0)).find("upgrade the plugin") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(refusal_message_is_truncated_to_the_buffer) {
   char why[8];
   std::memset(why, 'x', sizeof why);
   BOOST_TEST(pmat_abi_compatible(version(1, 0), version(2, 0), why, sizeof why) == 0);
   BOOST_TEST(std::strlen(why) == sizeof why - 1);
   BOOST_TEST(pmat_abi_compatible(version(1, 0), version(2, 0), nullptr, 0) == 0);
}

BOOST_AUTO_TEST_CASE(upstream_error_codes_keep_their_numbers_and_names) {
   struct Row {
      pmat_status code;
      const char *name;
   };
   const Row rows[] = {
       {1001, "PipeBrokenPipe"},        {1002, "FramingError"},  {1003, "MessageTooLarge"},
       {2001, "InitializationTimeout"}, {2002, "WorkerCrashed"}, {2003, "PoolExhausted"},
       {3001, "RateLimited"},           {3002, "QuotaExceeded"}, {3003, "InvalidApiKey"},
       {4001, "ComplexityExceeded"},    {4002, "SatdDetected"},  {4003, "QualityGateFailed"}};
   for (const auto &row : rows)
      BOOST_TEST(std::string(pmat_status_name(row.code)) == row.name);
   BOOST_TEST(pmat_status_name(999) == nullptr);
   BOOST_TEST(pmat_status_name(-1) == nullptr);
}

BOOST_AUTO_TEST_CASE(has_member_respects_a_shorter_struct_from_an_older_producer) {
   pmat_analyzer full{};
   full.struct_size = sizeof(pmat_analyzer);
   BOOST_TEST(PMAT_ABI_HAS_MEMBER(&full, pmat_analyzer, release));

   pmat_analyzer older{};
   older.struct_size = static_cast<uint32_t>(offsetof(pmat_analyzer, release));
   BOOST_TEST(PMAT_ABI_HAS_MEMBER(&older, pmat_analyzer, analyze));
   BOOST_TEST(!PMAT_ABI_HAS_MEMBER(&older, pmat_analyzer, release));

   const pmat_analyzer *none = nullptr;
   BOOST_TEST(!PMAT_ABI_HAS_MEMBER(none, pmat_analyzer, analyze));
}
