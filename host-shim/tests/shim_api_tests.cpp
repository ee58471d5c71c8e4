// SPDX-License-Identifier: MIT
// The host-shim C API used as pmat would use it: open a plugins directory, analyze, read
// status and metrics, close. Every bad input gets a status and a message, never a crash.
#define BOOST_TEST_MODULE host_shim_api
#include <boost/test/unit_test.hpp>

#include "plugin_dir_fixture.hpp"

#include <boost/json/parse.hpp>

#include <csignal>
#include <cstring>
#include <string>

using namespace pmat::test;

BOOST_AUTO_TEST_CASE(serves_the_plugin_in_the_directory) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   const auto outcome = analyze_text(shim.get(), "int a;\n\nint b;\n");
   BOOST_REQUIRE_EQUAL(outcome.status, PMAT_STATUS_OK);
   const auto result = boost::json::parse(outcome.json);
   BOOST_TEST(result.at("lines").as_int64() == 3);
   BOOST_TEST(result.at("blank_lines").as_int64() == 1);
   BOOST_TEST(result.at("plugin_version").as_string() == "1.0.0");
   BOOST_TEST(serving_version(shim.get()) == "1.0.0");
   BOOST_TEST(serving_generation(shim.get()) == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_directory_is_a_clear_error) {
   PluginDirFixture dir;
   std::string error;
   auto shim = dir.open(false, &error);
   BOOST_TEST(!shim);
   BOOST_TEST(error.find("no plugin files") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_directory_of_broken_files_lists_each_refusal) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_wrong_major", "liba.so");
   dir.install_truncated("shim_test_plugin_v1", 100, "libb.so");
   std::string error;
   auto shim = dir.open(false, &error);
   BOOST_TEST(!shim);
   BOOST_TEST(error.find("liba.so") != std::string::npos);
   BOOST_TEST(error.find("upgrade pmat-host") != std::string::npos);
   BOOST_TEST(error.find("libb.so") != std::string::npos);
   BOOST_TEST(error.find("not a loadable plugin image") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plugin_id_selects_among_several_plugins) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1", "liba.so");
   std::string error;
   pmat_shim_options options{};
   options.struct_size = sizeof options;
   const std::string path = dir.plugin_dir().string();
   const std::string stage = dir.staging_dir().string();
   options.plugin_dir = path.c_str();
   options.staging_dir = stage.c_str();
   options.plugin_id = "dev.pmat.not-installed";
   pmat_shim *shim = nullptr;
   BOOST_TEST(pmat_shim_open(&options, &shim) == PMAT_STATUS_NOT_FOUND);
   BOOST_TEST(shim == nullptr);
   BOOST_TEST(std::string(pmat_shim_last_error()).find("dev.pmat.not-installed") !=
              std::string::npos);
   options.plugin_id = "dev.pmat.example";
   BOOST_REQUIRE(pmat_shim_open(&options, &shim) == PMAT_STATUS_OK);
   pmat_shim_close(shim);
}

BOOST_AUTO_TEST_CASE(null_arguments_are_refused_with_a_message) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   char *out = reinterpret_cast<char *>(0x1);
   std::size_t size = 7;
   BOOST_TEST(pmat_shim_open(nullptr, nullptr) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(std::strlen(pmat_shim_last_error()) > 0);
   BOOST_TEST(pmat_shim_analyze(nullptr, nullptr, &out, &size) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(out == nullptr);
   BOOST_TEST(size == 0u);
   BOOST_TEST(pmat_shim_analyze(shim.get(), nullptr, &out, &size) == PMAT_STATUS_INVALID_ARGUMENT);
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   BOOST_TEST(pmat_shim_analyze(shim.get(), &request, nullptr, nullptr) ==
              PMAT_STATUS_INVALID_ARGUMENT);
   request.content_size = 10; // content NULL with a size: refused by the plugin
   BOOST_TEST(pmat_shim_analyze(shim.get(), &request, &out, &size) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(std::string(pmat_shim_last_error()).find("content") != std::string::npos);
   BOOST_TEST(pmat_shim_metrics(shim.get(), static_cast<pmat_metrics_format>(3), &out, &size) ==
              PMAT_STATUS_UNSUPPORTED);
   BOOST_TEST(pmat_shim_status(nullptr, &out, &size) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(pmat_shim_reload(nullptr) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(pmat_shim_reload_on_signal(shim.get(), SIGKILL) == PMAT_STATUS_INVALID_ARGUMENT);
   pmat_shim_close(nullptr);
   pmat_shim_free(nullptr);
}

BOOST_AUTO_TEST_CASE(empty_huge_and_invalid_utf8_inputs_get_answers) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   const auto empty = analyze_text(shim.get(), "");
   BOOST_REQUIRE_EQUAL(empty.status, PMAT_STATUS_OK);
   BOOST_TEST(boost::json::parse(empty.json).at("lines").as_int64() == 0);

   const std::string huge(64u << 20, 'x');
   const auto big = analyze_text(shim.get(), huge);
   BOOST_REQUIRE_EQUAL(big.status, PMAT_STATUS_OK);
   BOOST_TEST(boost::json::parse(big.json).at("bytes").as_int64() == 64 << 20);

   const std::string invalid = "\xff\xfe\x00\x01 not utf-8\n";
   const auto odd = analyze_text(shim.get(), invalid, "bin\xff\"quote.c");
   BOOST_REQUIRE_EQUAL(odd.status, PMAT_STATUS_OK);
   const auto parsed = boost::json::parse(odd.json); // the path is escaped into valid JSON
   BOOST_TEST(parsed.at("lines").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(metrics_in_all_three_formats) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   char *text = nullptr;
   std::size_t size = 0;
   BOOST_REQUIRE(pmat_shim_metrics(shim.get(), PMAT_METRICS_PROMETHEUS_TEXT, &text, &size) ==
                 PMAT_STATUS_OK);
   const std::string prometheus(text, size);
   pmat_shim_free(text);
   BOOST_TEST(prometheus.find("pmat_host_plugin_generation 1\n") != std::string::npos);
   BOOST_TEST(prometheus.find("# TYPE pmat_host_plugin_reloads_total counter") !=
              std::string::npos);

   BOOST_REQUIRE(pmat_shim_metrics(shim.get(), PMAT_METRICS_OPENMETRICS, &text, &size) ==
                 PMAT_STATUS_OK);
   const std::string openmetrics(text, size);
   pmat_shim_free(text);
   BOOST_TEST(openmetrics.find("# TYPE pmat_host_plugin_reloads counter") != std::string::npos);
   BOOST_TEST(openmetrics.ends_with("# EOF\n"));

   BOOST_REQUIRE(pmat_shim_metrics(shim.get(), PMAT_METRICS_JSON, &text, &size) == PMAT_STATUS_OK);
   const auto json = boost::json::parse(std::string_view(text, size));
   pmat_shim_free(text);
   BOOST_TEST(json.at("plugin").is_null()); // the example plugin has no metrics interface
   BOOST_TEST(json.at("host").at("generation").at("plugin_id").as_string() == "dev.pmat.example");
}

BOOST_AUTO_TEST_CASE(the_runtime_version_matches_the_header) {
   const pmat_abi_version v = pmat_shim_abi_version();
   BOOST_TEST(v.major == PMAT_PLUGIN_ABI_MAJOR);
   BOOST_TEST(v.minor == PMAT_PLUGIN_ABI_MINOR);
}
