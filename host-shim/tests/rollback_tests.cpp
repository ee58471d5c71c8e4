// SPDX-License-Identifier: MIT
// A new build that cannot serve is refused, the reason is reported, and the generation that
// was serving keeps serving.
#define BOOST_TEST_MODULE host_shim_rollback
#include <boost/test/unit_test.hpp>

#include "plugin_dir_fixture.hpp"

#include <boost/json/parse.hpp>

#include <cstdio>
#include <memory>
#include <string>

using namespace pmat::test;

namespace {

// Installs `bad` over a serving v1, asks for a reload, and returns the refusal message after
// checking that v1 still answers.
std::string refusal_after_installing(const std::function<void(PluginDirFixture &)> &bad) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   bad(dir);
   BOOST_TEST(pmat_shim_reload(shim.get()) == PMAT_STATUS_UNSUPPORTED);
   const std::string reason = pmat_shim_last_error();
   BOOST_TEST(serving_version(shim.get()) == "1.0.0");
   BOOST_TEST(serving_generation(shim.get()) == 1u);
   const auto outcome = analyze_text(shim.get(), "int x;\n");
   BOOST_TEST(outcome.status == PMAT_STATUS_OK);
   BOOST_TEST(boost::json::parse(outcome.json).at("plugin_version").as_string() == "1.0.0");
   const auto history = shim_status(shim.get()).at("reloads").as_array();
   BOOST_REQUIRE(!history.empty());
   BOOST_TEST(history.back().at("outcome").as_string() == "refused");
   BOOST_TEST(history.back().at("reason").as_string() == reason);
   return reason;
}

// What sha256sum prints for `file`: an oracle independent of the shim's own hashing.
std::string sha256sum(const std::string &file) {
   const std::string command = "sha256sum '" + file + "'";
   std::unique_ptr<FILE, int (*)(FILE *)> pipe(::popen(command.c_str(), "r"), ::pclose);
   BOOST_REQUIRE(pipe);
   char hex[65] = {};
   BOOST_REQUIRE(std::fread(hex, 1, 64, pipe.get()) == 64u);
   return hex;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_truncated_library_is_refused) {
   const auto reason = refusal_after_installing(
       [](PluginDirFixture &dir) { dir.install_truncated("shim_test_plugin_v2", 4096); });
   BOOST_TEST(reason.find("not a loadable plugin image: truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wrong_abi_major_is_refused_naming_the_side_to_upgrade) {
   const auto reason = refusal_after_installing(
       [](PluginDirFixture &dir) { dir.install("shim_test_plugin_wrong_major"); });
   BOOST_TEST(reason.find("ABI 2.0 refused") != std::string::npos);
   BOOST_TEST(reason.find("upgrade pmat-host") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failing_init_is_refused_with_the_plugins_message) {
   const auto reason = refusal_after_installing(
       [](PluginDirFixture &dir) { dir.install("shim_test_plugin_failing_init"); });
   BOOST_TEST(reason.find("init failed with Internal") != std::string::npos);
   BOOST_TEST(reason.find("built to fail init") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_required_interface_is_refused) {
   const auto reason = refusal_after_installing(
       [](PluginDirFixture &dir) { dir.install("shim_test_plugin_no_analyzer"); });
   BOOST_TEST(reason.find("pmat.analyzer/1 is missing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_removed_file_is_refused_and_the_loaded_copy_keeps_serving) {
   const auto reason = refusal_after_installing(
       [](PluginDirFixture &dir) { std::filesystem::remove(dir.plugin_dir() / "libexample.so"); });
   BOOST_TEST(reason.find("cannot open plugin file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refusals_are_logged_and_counted) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   dir.install("shim_test_plugin_failing_init");
   BOOST_TEST(pmat_shim_reload(shim.get()) == PMAT_STATUS_UNSUPPORTED);
   bool logged = false;
   for (const auto &line : dir.logs())
      logged = logged || line.find("refused") != std::string::npos;
   BOOST_TEST(logged);
   char *text = nullptr;
   std::size_t size = 0;
   BOOST_REQUIRE(pmat_shim_metrics(shim.get(), PMAT_METRICS_PROMETHEUS_TEXT, &text, &size) ==
                 PMAT_STATUS_OK);
   const std::string metrics(text, size);
   pmat_shim_free(text);
   BOOST_TEST(metrics.find("pmat_host_plugin_reloads_total{outcome=\"refused\"} 1") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unchanged_file_is_not_reloaded) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   dir.install("shim_test_plugin_v1"); // same bytes, new inode
   BOOST_TEST(pmat_shim_reload(shim.get()) == PMAT_STATUS_OK);
   BOOST_TEST(serving_generation(shim.get()) == 1u);
   const auto status = shim_status(shim.get());
   BOOST_TEST(status.at("reloads").as_array().back().at("outcome").as_string() == "unchanged");
   // The hash the comparison used is the staged copy's, as sha256sum reads it.
   const auto &generation = status.at("generation").as_object();
   BOOST_TEST(generation.at("sha256").as_string() ==
              sha256sum(std::string(generation.at("staged").as_string())));
}
