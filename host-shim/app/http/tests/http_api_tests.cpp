// SPDX-License-Identifier: MIT
// pmat-host serve as a client sees it: every endpoint, every refusal, the admin token, and that
// no bad request disturbs the server. One real server process for the whole suite.
#define BOOST_TEST_MODULE pmat_serve_http_api
#include <boost/test/unit_test.hpp>

#include "serve_test_support.hpp"

#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>

#include <memory>

namespace fs = std::filesystem;
using namespace pmat::serve::test;

namespace {

const std::string k_analyze = "/v1/analyze";

std::string branchy(int branches) {
   std::string body = "int f(int x) {\n  int r = 0;\n";
   for (int i = 0; i < branches; ++i)
      body += "  if (x == " + std::to_string(i) + ") r += 1;\n";
   return body + "  return r;\n}\n";
}

struct Api {
   Api() {
      root.write("a.c", branchy(2));
      root.write("sub/b.c", branchy(1));
      fs::create_symlink("/etc/passwd", root.path() / "evil.c");
      fs::create_directory_symlink("/etc", root.path() / "escape");
      server = std::make_unique<ServerProcess>(
          std::vector<std::string>{"--plugin-dir", PMAT_TEST_PLUGIN_DIR, "--allow-root",
                                   root.path().string(), "--max-body", "1048576",
                                   "--header-timeout-ms", "400", "--body-timeout-ms", "400"},
          config.path());
      port = server->port();
   }
   std::string token() const {
      std::ifstream in(config.path() / "pmat" / "admin-token");
      std::string text;
      std::getline(in, text);
      return text;
   }
   TempDir root;
   TempDir config;
   std::unique_ptr<ServerProcess> server;
   unsigned short port = 0;
};

Api *api = nullptr;

struct ApiFixture {
   ApiFixture() { api = new Api(); }
   ~ApiFixture() {
      delete api;
      api = nullptr;
   }
};

BOOST_TEST_GLOBAL_FIXTURE(ApiFixture);

void expect_error(const Reply &reply, unsigned status, const std::string &code) {
   BOOST_TEST(reply.status == status);
   BOOST_TEST(reply.headers.at("content-type") == "application/json");
   BOOST_TEST(json_at(reply.body, "error/code") == code);
   BOOST_TEST(!json_at(reply.body, "error/message").empty());
   BOOST_TEST(http(api->port, "GET", "/healthz").status == 200u); // the server is unaffected
}

} // namespace

BOOST_AUTO_TEST_SUITE(endpoints)

BOOST_AUTO_TEST_CASE(health_and_readiness) {
   const Reply health = http(api->port, "GET", "/healthz");
   BOOST_TEST(health.status == 200u);
   BOOST_TEST(json_at(health.body, "status") == "ok");
   const Reply ready = http(api->port, "GET", "/readyz");
   BOOST_TEST(ready.status == 200u);
   BOOST_TEST(json_at(ready.body, "generation/plugin_id") == "dev.pmat.claude");
}

BOOST_AUTO_TEST_CASE(prometheus_and_openmetrics) {
   const Reply text = http(api->port, "GET", "/metrics");
   BOOST_TEST(text.status == 200u);
   BOOST_TEST(text.headers.at("content-type").rfind("text/plain; version=0.0.4", 0) == 0u);
   BOOST_TEST(text.body.find("\npmat_host_plugin_generation ") != std::string::npos);
   BOOST_TEST(text.body.find("pmat_http_requests_total{class=\"2xx\"}") != std::string::npos);
   const Reply open = http(api->port, "GET", "/metrics", "",
                           {"Accept: application/openmetrics-text; version=1.0.0"});
   BOOST_TEST(open.headers.at("content-type").rfind("application/openmetrics-text", 0) == 0u);
   BOOST_TEST(open.body.find("# TYPE pmat_http_requests counter") != std::string::npos);
   BOOST_TEST(open.body.substr(open.body.size() - 6) == "# EOF\n");
}

BOOST_AUTO_TEST_CASE(status_and_metrics_json) {
   const Reply status = http(api->port, "GET", "/v1/status");
   BOOST_TEST(status.status == 200u);
   BOOST_TEST(json_at(status.body, "generation/plugin_id") == "dev.pmat.claude");
   BOOST_TEST(json_at(status.body, "watching") == "true");
   BOOST_TEST(status.body.find("\"POST /v1/admin/reload\"") != std::string::npos);
   BOOST_TEST(!json_at(status.body, "server/requests_total").empty());
   const Reply metrics = http(api->port, "GET", "/v1/metrics.json");
   BOOST_TEST(metrics.status == 200u);
   BOOST_TEST(json_at(metrics.body, "plugin/host/generation/plugin_id") == "dev.pmat.claude");
   BOOST_TEST(!json_at(metrics.body, "server/latency_seconds/count").empty());
}

BOOST_AUTO_TEST_CASE(status_page_is_self_contained) {
   const Reply page = http(api->port, "GET", "/");
   BOOST_TEST(page.status == 200u);
   BOOST_TEST(page.headers.at("content-type") == "text/html; charset=utf-8");
   BOOST_TEST(page.headers.at("content-security-policy").find("default-src 'none'") == 0u);
   BOOST_TEST(page.body.find("Reload history") != std::string::npos);
   BOOST_TEST(page.body.find("src=\"http") == std::string::npos);
   BOOST_TEST(page.body.find("href=\"http") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(analyze_content_answers_the_per_file_result_and_gate) {
   const Reply reply =
       http(api->port, "POST", k_analyze,
            R"({"content": ")" + std::string("int f(int x) { if (x) return 1; return 0; }") +
                R"(", "language": "c", "path": "src/x.c"})");
   BOOST_TEST(reply.status == 200u);
   BOOST_TEST(json_at(reply.body, "path") == "src/x.c");
   BOOST_TEST(json_at(reply.body, "language") == "c");
   BOOST_TEST(json_at(reply.body, "gate/passed") == "true");
   BOOST_TEST(reply.body.find("\"cyclomatic\":2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(analyze_path_reads_files_under_the_roots) {
   const Reply relative = http(api->port, "POST", k_analyze, R"({"path": "a.c"})");
   BOOST_TEST(relative.status == 200u);
   BOOST_TEST(relative.body.find("\"cyclomatic\":3") != std::string::npos);
   const std::string absolute = (api->root.path() / "sub" / "b.c").string();
   const Reply nested = http(api->port, "POST", k_analyze, R"({"path": ")" + absolute + R"("})");
   BOOST_TEST(nested.status == 200u);
   BOOST_TEST(json_at(nested.body, "path") == absolute);
}

namespace {

// A change as `git diff` shows it: line 5 of busy.c (inside f, cyclomatic 13) modified, new.py
// added, old.c deleted. The client sends busy.c's new text; new.py comes from the diff alone.
const std::string k_diff = "diff --git a/busy.c b/busy.c\n"
                           "index 1111111..2222222 100644\n"
                           "--- a/busy.c\n"
                           "+++ b/busy.c\n"
                           "@@ -5 +5 @@ int f(int x) {\n"
                           "-  if (x == 2) r += 1;\n"
                           "+  if (x == 2) r += 2;\n"
                           "diff --git a/new.py b/new.py\n"
                           "new file mode 100644\n"
                           "--- /dev/null\n"
                           "+++ b/new.py\n"
                           "@@ -0,0 +1,2 @@\n"
                           "+def g():\n"
                           "+    return 1\n"
                           "diff --git a/old.c b/old.c\n"
                           "deleted file mode 100644\n"
                           "--- a/old.c\n"
                           "+++ /dev/null\n"
                           "@@ -1 +0,0 @@\n"
                           "-int old;\n";

std::string busy_after() {
   std::string text = branchy(12);
   text.replace(text.find("(x == 2) r += 1;"), 16, "(x == 2) r += 2;");
   return text;
}

std::string diff_body(const std::string &busy_text) {
   return boost::json::serialize(
       boost::json::object{{"diff", k_diff},
                           {"files", boost::json::object{{"busy.c", busy_text}}},
                           {"base", "origin/main"},
                           {"engine", "native"}});
}

} // namespace

BOOST_AUTO_TEST_CASE(a_diff_is_reviewed_without_a_checkout) {
   const Reply reply = http(api->port, "POST", k_analyze, diff_body(busy_after()));
   BOOST_TEST_REQUIRE(reply.status == 200u, reply.body);
   const auto report = boost::json::parse(reply.body);
   BOOST_TEST(report.at("files").as_array().size() == 2u); // busy.c and new.py; old.c deleted
   BOOST_TEST(report.at("files").at(0).at("path").as_string() == "busy.c");
   BOOST_TEST(report.at("files").at(1).at("path").as_string() == "new.py");
   BOOST_TEST(report.at("files").at(1).at("functions").at(0).at("name").as_string() == "g");
   BOOST_TEST(report.at("gate").at("scope").as_string() == "changed-lines");
   BOOST_TEST(report.at("gate").at("violations").to_number<int>() == 1); // f, changed at line 5
   BOOST_TEST(report.at("change").at("deleted").at(0).as_string() == "old.c");
   BOOST_TEST(report.at("change").at("base").as_string() == "origin/main");
}

BOOST_AUTO_TEST_CASE(a_diff_without_its_texts_or_with_wrong_ones_is_refused) {
   expect_error(http(api->port, "POST", k_analyze, diff_body(branchy(12))), 400,
                "content_mismatch");
   expect_error(http(api->port, "POST", k_analyze,
                     boost::json::serialize(boost::json::object{{"diff", k_diff}})),
                400, "missing_content");
   expect_error(http(api->port, "POST", k_analyze, R"({"diff": "@@ -1 +1 @@\n-a\n"})"), 400,
                "invalid_diff");
   expect_error(http(api->port, "POST", k_analyze, R"({"diff": 7})"), 400, "invalid_field");
   expect_error(http(api->port, "POST", k_analyze, R"({"diff": "", "files": [1]})"), 400,
                "invalid_field");
   expect_error(http(api->port, "POST", k_analyze,
                     R"({"content": "int x;", "language": "c", "min_confidence": 3})"),
                400, "invalid_field");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(bodies_that_are_not_valid_requests) {
   expect_error(http(api->port, "POST", k_analyze, "{not json"), 400, "invalid_json");
   expect_error(http(api->port, "POST", k_analyze, "[1, 2]"), 400, "invalid_json");
   expect_error(http(api->port, "POST", k_analyze, "{\"content\": \"caf\xC3\x28\"}"), 400,
                "invalid_utf8");
   expect_error(http(api->port, "POST", k_analyze, R"({"content": 42, "language": "c"})"), 400,
                "invalid_field");
   expect_error(http(api->port, "POST", k_analyze, R"({"content": "x", "language": ["c"]})"), 400,
                "invalid_field");
   expect_error(http(api->port, "POST", k_analyze, "{}"), 400, "missing_field");
   expect_error(http(api->port, "POST", k_analyze, ""), 400, "invalid_json");
}

BOOST_AUTO_TEST_CASE(paths_outside_the_roots_are_forbidden) {
   for (const std::string path :
        {"../../../../etc/passwd", "/etc/passwd", "evil.c", "escape/passwd", "sub/../../x.c"})
      expect_error(http(api->port, "POST", k_analyze, R"({"path": ")" + path + R"("})"), 403,
                   "path_outside_roots");
   expect_error(http(api->port, "POST", k_analyze, R"({"path": "missing.c"})"), 404, "not_found");
   expect_error(http(api->port, "POST", k_analyze, R"({"path": "sub"})"), 400, "not_a_file");
}

BOOST_AUTO_TEST_CASE(unknown_routes_and_wrong_methods) {
   expect_error(http(api->port, "GET", "/v2/nothing"), 404, "not_found");
   const Reply wrong = http(api->port, "GET", k_analyze);
   expect_error(wrong, 405, "method_not_allowed");
   BOOST_TEST(wrong.headers.at("allow") == "POST");
   expect_error(http(api->port, "DELETE", "/healthz"), 405, "method_not_allowed");
}

// Requests the server refuses before reading them whole: each gets its status, then the
// connection is closed, and the server goes on serving.
BOOST_AUTO_TEST_CASE(refused_requests_get_their_status_and_a_closed_connection) {
   struct Refused {
      const char *what;
      std::string raw;
      unsigned status;
      std::string code; // the body's error/code; empty: not checked
   };
   const Refused cases[] = {
       {"a body above the limit, never read",
        "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n", 413,
        "too_large"},
       {"slow headers", "POST /v1/analyze HTTP/1.1\r\nHost: x\r\n", 408, ""},
       {"a slow body",
        "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"conte", 408,
        "request_timeout"},
   };
   for (const auto &refused : cases) {
      BOOST_TEST_CONTEXT(refused.what) {
         Connection connection(api->port);
         connection.send_raw(refused.raw);
         const Reply reply = connection.read_reply();
         BOOST_TEST(reply.status == refused.status);
         if (!refused.code.empty())
            BOOST_TEST(json_at(reply.body, "error/code") == refused.code);
         BOOST_TEST(connection.peer_closed());
         BOOST_TEST(http(api->port, "GET", "/healthz").status == 200u);
      }
   }
}

BOOST_AUTO_TEST_CASE(an_idle_keep_alive_connection_is_closed_quietly) {
   Connection idle(api->port);
   BOOST_TEST(idle.request("GET", "/healthz").status == 200u);
   BOOST_TEST(idle.peer_closed()); // after the header timeout, with no 408 for a request never sent
}

BOOST_AUTO_TEST_CASE(malformed_http_is_400) {
   Connection connection(api->port);
   connection.send_raw("THIS IS NOT HTTP\r\n\r\n");
   BOOST_TEST(connection.read_reply().status == 400u);
   BOOST_TEST(http(api->port, "GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
   Connection connection(api->port);
   for (int i = 0; i < 5; ++i)
      BOOST_TEST(connection
                     .request("POST", k_analyze,
                              R"({"content": "int g(void) { return 0; }", "language": "c"})")
                     .status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(admin)

BOOST_AUTO_TEST_CASE(the_token_file_is_private_and_random) {
   const fs::path file = api->config.path() / "pmat" / "admin-token";
   struct stat st {};
   BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
   BOOST_TEST((st.st_mode & 0777) == 0600u);
   const std::string token = api->token();
   BOOST_TEST(token.size() == 64u);
   BOOST_TEST(token.find_first_not_of("0123456789abcdef") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(admin_routes_need_the_bearer_token) {
   const std::string token = api->token();
   std::string wrong = token;
   wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
   const Reply missing = http(api->port, "POST", "/v1/admin/reload");
   expect_error(missing, 401, "unauthorized");
   BOOST_TEST(missing.headers.at("www-authenticate").find("Bearer") == 0u);
   expect_error(http(api->port, "POST", "/v1/admin/reload", "", {"Authorization: Bearer " + wrong}),
                401, "unauthorized");
   expect_error(http(api->port, "POST", "/v1/admin/reload", "", {"Authorization: Basic " + token}),
                401, "unauthorized");
   expect_error(http(api->port, "POST", "/v1/admin/kill-switch"), 401, "unauthorized");
   const Reply reload =
       http(api->port, "POST", "/v1/admin/reload", "", {"Authorization: Bearer " + token});
   BOOST_TEST(reload.status == 200u);
   BOOST_TEST(json_at(reload.body, "reloaded") == "true");
   BOOST_TEST(http(api->port, "GET", "/v1/status").body.find("\"trigger\":\"manual\"") !=
              std::string::npos);
   const std::vector<std::string> auth = {"Authorization: Bearer " + token};
   expect_error(http(api->port, "POST", "/v1/admin/kill-switch", "", auth), 400, "invalid_command");
   const Reply engaged =
       http(api->port, "POST", "/v1/admin/kill-switch", R"({"engaged": true})", auth);
   BOOST_TEST(engaged.status == 200u, engaged.body);
   BOOST_TEST(engaged.body.find("\"kill_switch\":true") != std::string::npos, engaged.body);
   BOOST_TEST(http(api->port, "GET", "/v1/status").body.find("\"kill_switch\":true") !=
              std::string::npos);
   BOOST_TEST(http(api->port, "GET", "/metrics").body.find("pmat_claude_kill_switch 1") !=
              std::string::npos);
   const Reply released =
       http(api->port, "POST", "/v1/admin/kill-switch", R"({"engaged": false})", auth);
   BOOST_TEST(released.body.find("\"kill_switch\":false") != std::string::npos, released.body);
   const Reply flags = http(api->port, "POST", "/v1/admin/flags",
                            R"({"flags": {"version": 1, "claude": {"strategy": "percentage",
                               "percentage": 5}}})",
                            auth);
   BOOST_TEST(flags.status == 200u, flags.body);
   BOOST_TEST(flags.body.find("\"percentage\":5") != std::string::npos, flags.body);
   expect_error(
       http(api->port, "POST", "/v1/admin/flags", R"({"flags": {"kill_swich": true}})", auth), 400,
       "invalid_command");
   BOOST_TEST(http(api->port, "POST", "/v1/admin/cache/clear", "", auth).status == 200u);
   BOOST_TEST(http(api->port, "POST", "/v1/admin/rollback/clear", "", auth).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
