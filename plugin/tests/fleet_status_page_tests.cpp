// SPDX-License-Identifier: MIT
// The console's fleet table in a real browser: three real `pmat-host serve` processes share
// the flags document in a real redis-server; one is cut off from Redis and lags behind an edit;
// headless Chromium loads the first host's page and the rendered table must list every host,
// with its plugin generation, and mark the one behind (host-shim/app/http/console/
// fleet_section.cpp; the console's own browser suite covers the other states).
#define BOOST_TEST_MODULE fleet_status_page
#include <boost/test/unit_test.hpp>

#include "e2e/fleet_fixture.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace flags = pmat::flags;
namespace serve = pmat::serve::test;
using namespace pmat::test;
using namespace std::chrono_literals;

namespace {

// The fleet view as `pmat-host fleet --format json` prints it (null when the command fails).
boost::json::value fleet_view(Fleet &fleet) {
   const std::string text = fleet.pmat_host_output("fleet --format json");
   return text.empty() ? boost::json::value() : boost::json::parse(text);
}

// How many heartbeats the view holds with flags revision `revision`.
long hosts_on(const boost::json::value &view, std::int64_t revision) {
   if (!view.is_object())
      return 0;
   const auto &hosts = view.at("hosts").as_array();
   return std::count_if(hosts.begin(), hosts.end(), [revision](const auto &h) {
      return h.at("flags_revision").as_int64() == revision;
   });
}

// The rows of the table body with id `id` in a serialised DOM.
std::string table_body(const std::string &dom, const std::string &id) {
   const auto at = dom.find("id=\"" + id + "\"");
   if (at == std::string::npos)
      return "";
   return dom.substr(at, dom.find("</tbody>", at) - at);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_fleet_table_lists_every_host_and_marks_the_one_behind) {
   Fleet fleet([](flags::FlagsConfig &c) { c.strategy = flags::Strategy::FullRollout; });
   TcpProxy link(fleet.redis.port()); // the third host reaches Redis only through this link
   fleet.start_host();
   fleet.start_host();
   fleet.start_host(Fleet::url(link.port()));
   fleet.await_sources_up();
   BOOST_REQUIRE(eventually([&] { return hosts_on(fleet_view(fleet), 1) == 3; }, 10s));
   link.cut();
   fleet.edit(
       [](flags::FlagsConfig &c) { c.percentage = 3; }); // revision 2, unseen by the third host
   BOOST_REQUIRE(eventually(
       [&] {
          const auto view = fleet_view(fleet);
          return hosts_on(view, 2) == 2 && hosts_on(view, 1) == 1;
       },
       10s));

   serve::TempDir profile, output;
   const std::string url = "http://127.0.0.1:" + std::to_string(fleet.hosts[0]->port()) + "/";
   const std::string dom = serve::headless_chromium(PMAT_CHROMIUM, "--dump-dom", url,
                                                    profile.path(), output.path() / "dom.html");
   const std::string note = serve::element_text(dom, "fleet-note");
   BOOST_TEST(note.find("3 hosts heartbeating on redis://127.0.0.1:") == 0u, note);
   BOOST_TEST(note.find("shared document revision 2") != std::string::npos, note);
   const std::string rows = table_body(dom, "fleet-rows");
   std::size_t count = 0;
   for (auto at = rows.find("<tr"); at != std::string::npos; at = rows.find("<tr", at + 1))
      ++count;
   BOOST_TEST(count == 3u, rows);
   BOOST_TEST(rows.find("<tr class=\" lagging\">") != std::string::npos, rows);
   BOOST_TEST(rows.find("<td>1 (lagging 1 revision)</td>") != std::string::npos, rows);
   BOOST_TEST(rows.find("<td>2</td>") != std::string::npos, rows); // the hosts up to date
   BOOST_TEST(rows.find("old") == std::string::npos, rows);        // one plugin build
   BOOST_TEST(rows.find("<td>1</td>") != std::string::npos, rows); // generation 1 everywhere
}
