// SPDX-License-Identifier: MIT
// The status page in a real browser: headless Chromium loads "/", runs the page's script against
// the live server, and the rendered DOM must show the serving generation and a reload we made.
#define BOOST_TEST_MODULE pmat_serve_status_page
#include <boost/test/unit_test.hpp>

#include "serve_test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace pmat::serve::test;

namespace {

const fs::path k_variants = PMAT_TEST_VARIANT_DIR;

std::string chromium(const std::string &mode, const std::string &url, const TempDir &profile,
                     const fs::path &out) {
   const std::string command =
       "'" PMAT_CHROMIUM "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
       "--disable-background-networking --disable-component-update --disable-sync "
       "--disable-dev-shm-usage --hide-scrollbars --window-size=1280,1400 "
       "--user-data-dir='" +
       profile.path().string() + "' --virtual-time-budget=3000 " + mode + " '" + url + "' >'" +
       out.string() + "' 2>/dev/null";
   BOOST_REQUIRE(std::system(command.c_str()) == 0);
   std::ifstream in(out, std::ios::binary);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Text content of the element with id `id` in serialised DOM (elements without children).
std::string element_text(const std::string &dom, const std::string &id) {
   const auto at = dom.find("id=\"" + id + "\"");
   if (at == std::string::npos)
      return "<missing>";
   const auto open = dom.find('>', at);
   return dom.substr(open + 1, dom.find('<', open) - open - 1);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_page_shows_the_generation_and_the_reload_history) {
   TempDir plugins, config, profile, output;
   const std::string name = "libpmat_example.so";
   install_plugin(k_variants / "libshim_test_plugin_v1.so", plugins.path(), name);
   ServerProcess server({"--plugin-dir", plugins.path().string()}, config.path());
   install_plugin(k_variants / "libshim_test_plugin_v2.so", plugins.path(), name);
   BOOST_REQUIRE(wait_for_status(server.port(), [](const std::string &body) {
      return json_at(body, "generation/version") == "2.0.0";
   }));
   const std::string generation =
       json_at(http(server.port(), "GET", "/v1/status").body, "generation/number");
   const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";

   const std::string dom = chromium("--dump-dom", url, profile, output.path() / "dom.html");
   BOOST_TEST(element_text(dom, "conn") == "live");
   BOOST_TEST(element_text(dom, "gen-number") == generation);
   BOOST_TEST(element_text(dom, "gen-version") == "2.0.0");
   BOOST_TEST(element_text(dom, "gen-plugin").find("dev.pmat.example") != std::string::npos);
   // Admission: no work request yet, every default slot free, nothing queued or refused.
   BOOST_TEST(element_text(dom, "slots").find("0 / ") == 0u);
   BOOST_TEST(element_text(dom, "queue").find("0 / ") == 0u);
   BOOST_TEST(element_text(dom, "saturated") == "0 / 0");
   BOOST_TEST(dom.find("<td>swapped</td>") != std::string::npos);
   BOOST_TEST(dom.find("1.0.0 \xE2\x86\x92 2.0.0") != std::string::npos);
   // Nothing the backend does not report is invented: the cache section says so.
   BOOST_TEST(dom.find("id=\"cache-rows\"><tr><td class=\"na\"") != std::string::npos);

   const fs::path png = fs::path(PMAT_SCREENSHOT_DIR) / "status-page.png";
   fs::remove(png);
   chromium("--screenshot='" + png.string() + "'", url, profile, output.path() / "shot.log");
   std::ifstream in(png, std::ios::binary);
   std::string signature(8, '\0');
   in.read(signature.data(), 8);
   BOOST_TEST(signature == "\x89PNG\r\n\x1a\n");
   BOOST_TEST(fs::file_size(png) > 20000u);
   BOOST_TEST_MESSAGE("screenshot: " << png.string());
}
