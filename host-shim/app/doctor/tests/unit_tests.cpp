// The doctor's parsers and helpers on their own: npm ranges, endpoints, the launcher's report,
// child processes, and the admin token path agreeing with serve's.
#define BOOST_TEST_MODULE pmat_doctor_unit
#include <boost/test/unit_test.hpp>

#include <doctor/endpoint.hpp>
#include <doctor/layer_report.hpp>
#include <doctor/paths.hpp>
#include <doctor/process.hpp>
#include <doctor/semver.hpp>

#include <core/admin_token_path.hpp>

#include <csignal>
#include <cstdlib>

using namespace pmat::doctor;

namespace {

bool ok_for(const char *version, const char *range) {
   const auto parsed = parse_version(version);
   BOOST_REQUIRE(parsed);
   const auto verdict = satisfies(*parsed, range);
   BOOST_REQUIRE_MESSAGE(verdict, "range " << range << " should parse");
   return *verdict;
}

} // namespace

BOOST_AUTO_TEST_SUITE(npm_ranges)

BOOST_AUTO_TEST_CASE(lower_bounds_as_package_json_engines_write_them) {
   BOOST_TEST(ok_for("v20.19.2", ">=20"));
   BOOST_TEST(!ok_for("v18.19.0", ">=20"));
   BOOST_TEST(ok_for("v18.19.0", ">=18.19"));
   BOOST_TEST(!ok_for("v18.18.2", ">=18.19"));
   BOOST_TEST(ok_for("v18.19.0", ">= 18"));
}

BOOST_AUTO_TEST_CASE(caret_tilde_and_x_ranges) {
   BOOST_TEST(ok_for("18.20.1", "^18.19.0"));
   BOOST_TEST(!ok_for("19.0.0", "^18.19.0"));
   BOOST_TEST(ok_for("0.2.9", "^0.2.3"));
   BOOST_TEST(!ok_for("0.3.0", "^0.2.3"));
   BOOST_TEST(ok_for("18.19.7", "~18.19"));
   BOOST_TEST(!ok_for("18.20.0", "~18.19"));
   BOOST_TEST(ok_for("18.4.0", "18.x"));
   BOOST_TEST(!ok_for("20.0.0", "18.x"));
   BOOST_TEST(ok_for("22.1.0", "*"));
}

BOOST_AUTO_TEST_CASE(and_or_and_hyphen_ranges) {
   BOOST_TEST(ok_for("18.19.0", "^18.19.0 || >=20"));
   BOOST_TEST(ok_for("22.0.0", "^18.19.0 || >=20"));
   BOOST_TEST(!ok_for("19.9.0", "^18.19.0 || >=20"));
   BOOST_TEST(ok_for("20.5.0", ">=18 <21"));
   BOOST_TEST(!ok_for("21.0.0", ">=18 <21"));
   BOOST_TEST(ok_for("20.9.9", "18 - 20"));
   BOOST_TEST(!ok_for("21.0.0", "18 - 20"));
   BOOST_TEST(!ok_for("20.0.0", ">20"));
   BOOST_TEST(ok_for("21.0.0", ">20"));
   BOOST_TEST(ok_for("20.9.0", "<=20"));
}

BOOST_AUTO_TEST_CASE(what_is_not_a_range_or_version_says_so) {
   BOOST_TEST(!parse_version("twenty"));
   BOOST_TEST(!parse_version("20.1"));
   BOOST_TEST(!satisfies({20, 0, 0}, "latest"));
   BOOST_TEST(!satisfies({20, 0, 0}, "!20"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(endpoints)

BOOST_AUTO_TEST_CASE(egress_rule_as_the_plugin_spells_it) {
   const auto public_api = parse_endpoint("https://api.anthropic.com");
   BOOST_REQUIRE(public_api);
   BOOST_TEST(egress_of(*public_api) == "api.anthropic.com:443");
   const auto local = parse_endpoint("http://127.0.0.1:8080/proxy/");
   BOOST_REQUIRE(local);
   BOOST_TEST(!local->tls);
   BOOST_TEST(egress_of(*local) == "127.0.0.1:8080");
   BOOST_TEST(local->path == "/proxy");
   const auto v6 = parse_endpoint("http://[::1]:9000");
   BOOST_REQUIRE(v6);
   BOOST_TEST(v6->host == "::1");
   BOOST_TEST(egress_of(*v6) == "[::1]:9000");
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_refused) {
   BOOST_TEST(!parse_endpoint("ftp://example.com"));
   BOOST_TEST(!parse_endpoint("https://user@example.com"));
   BOOST_TEST(!parse_endpoint("http://example.com:99999"));
   BOOST_TEST(!parse_endpoint("https://"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(layer_report_is_found_among_other_lines) {
   const auto report = find_layer_report(
       "pmat-sandbox-exec: warning\n"
       R"({"pmat_sandbox":1,"ok":true,"degraded":true,"active":["userns","seccomp"],)"
       R"("unavailable":{"cgroup":"no delegation"},"skipped":["identity"],"launcher_pid":7,)"
       R"("a_newer_field":1})"
       "\n");
   BOOST_REQUIRE(report);
   BOOST_TEST(report->ok);
   BOOST_TEST(report->degraded);
   BOOST_TEST(report->active.count("seccomp") == 1u);
   BOOST_TEST(report->unavailable.at("cgroup") == "no delegation");
   BOOST_TEST(report->skipped.count("identity") == 1u);
   BOOST_TEST(!find_layer_report("no report here\n{\"other\":1}"));
}

BOOST_AUTO_TEST_CASE(child_output_exit_code_fd3_and_deadline) {
   const auto run = run_process({"/bin/sh", "-c", "echo out; echo err >&2; echo rep >&3; exit 3"},
                                std::chrono::seconds(5), true);
   BOOST_TEST(run.started);
   BOOST_TEST(run.exit_code == 3);
   BOOST_TEST(run.out == "out\n");
   BOOST_TEST(run.err == "err\n");
   BOOST_TEST(run.report == "rep\n");
   const auto hung = run_process({"/bin/sleep", "30"}, std::chrono::milliseconds(200));
   BOOST_TEST(hung.timed_out);
   BOOST_TEST(hung.signal == SIGKILL);
   const auto missing = run_process({"/nonexistent/program"}, std::chrono::seconds(1));
   BOOST_TEST((!missing.started || missing.exit_code == 127));
}

BOOST_AUTO_TEST_CASE(admin_token_path_follows_xdg_then_home) {
   // Serve and the doctor share pmat::app::default_admin_token_path (core/), so they agree by
   // construction; this pins the lookup order itself.
   ::setenv("XDG_CONFIG_HOME", "/tmp/doctor-xdg", 1);
   BOOST_TEST(pmat::app::default_admin_token_path().string() == "/tmp/doctor-xdg/pmat/admin-token");
   ::setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
   ::setenv("HOME", "/tmp/doctor-home", 1);
   BOOST_TEST(pmat::app::default_admin_token_path().string() ==
              "/tmp/doctor-home/.config/pmat/admin-token");
}
