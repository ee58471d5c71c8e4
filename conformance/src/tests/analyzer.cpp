// SPDX-License-Identifier: MIT
// The analyzer: every request field with NULL, empty, huge and invalid values.
#include "inputs.hpp"
#include "process_probe.hpp"
#include "test_case.hpp"

namespace pmat::conformance {

namespace {

constexpr std::size_t k_huge_size = 64u << 20;

void expect_status(TestContext &ctx, const CallResult &r, pmat_status expected,
                   const std::string &call) {
   ctx.expect(r.status == expected,
              call + " returned " + status_text(r.status) + ", expected " + status_text(expected));
}

void test_before_init(TestContext &ctx) {
   PluginSession s(ctx);
   const std::string src = sample_source();
   const auto req = make_request(src);
   expect_status(ctx, analyze(ctx, s, &req, "analyze before init"), PMAT_STATUS_NOT_INITIALIZED,
                 "analyze before init");
   s.init();
   s.deinit();
   expect_status(ctx, analyze(ctx, s, &req, "analyze after deinit"), PMAT_STATUS_NOT_INITIALIZED,
                 "analyze after deinit");
}

void test_null_arguments(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   expect_status(ctx, analyze(ctx, s, nullptr, "analyze(NULL, &out)"), PMAT_STATUS_INVALID_ARGUMENT,
                 "analyze(NULL, &out)");
   const std::string src = sample_source();
   const auto req = make_request(src);
   const pmat_status st = s.analyzer().analyze(&req, nullptr);
   ctx.expect(st == PMAT_STATUS_INVALID_ARGUMENT,
              "analyze(&request, NULL) returned " + status_text(st));
   expect_last_error_sane(ctx, s, "analyze(&request, NULL)", st != PMAT_STATUS_OK);
}

void test_empty(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const auto no_content = make_request({}, "conformance/empty.c");
   expect_json_object(ctx, analyze(ctx, s, &no_content, "analyze(content NULL, size 0)"),
                      "analyze(content NULL, size 0)");
   const char byte = 'x';
   auto zero_size = make_request(std::string_view(&byte, 0), "conformance/empty.py");
   zero_size.content = reinterpret_cast<const std::uint8_t *>(&byte);
   expect_json_object(ctx, analyze(ctx, s, &zero_size, "analyze(content non-NULL, size 0)"),
                      "analyze(content non-NULL, size 0)");
   const auto no_path = make_request({}, nullptr);
   expect_json_object(ctx, analyze(ctx, s, &no_path, "analyze(empty, path NULL)"),
                      "analyze(empty, path NULL)");
}

void test_valid(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const std::string src = sample_source();
   const auto plain = make_request(src);
   const auto r = analyze(ctx, s, &plain, "analyze(sample.c)");
   expect_json_object(ctx, r, "analyze(sample.c)");
   ctx.note("result: " + r.body.substr(0, 300));
   const auto with_language = make_request(src, nullptr, "c", "{}");
   expect_json_object(ctx, analyze(ctx, s, &with_language, "analyze(language c, options {})"),
                      "analyze(language c, options {})");
   const std::string py = "def f(x):\n    return x + 1\n";
   const auto python = make_request(py, "conformance/sample.py");
   expect_json_object(ctx, analyze(ctx, s, &python, "analyze(sample.py)"), "analyze(sample.py)");
}

void test_invalid_content(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   for (const auto &[label, bytes] : invalid_contents(ctx.rng())) {
      const auto req = make_request(bytes, "conformance/binary.c");
      const std::string call = "analyze(" + label + ")";
      // PMAT-ABI-060: a result that says the file was skipped, never a failure or a crash.
      expect_json_object(ctx, analyze(ctx, s, &req, call), call);
   }
}

void test_invalid_fields(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const std::string src = sample_source();
   struct Case {
      const char *label;
      pmat_analyze_request request;
   };
   const Case cases[] = {
       {"a path that is not UTF-8", make_request(src, "bad\xff\xfe.c")},
       {"an unknown language", make_request(src, nullptr, "cobol-85")},
       {"options that are not JSON", make_request(src, nullptr, nullptr, "{not json")},
       {"options that are a JSON array", make_request(src, nullptr, nullptr, "[1,2]")},
       {"options with unknown keys", make_request(src, nullptr, nullptr, R"({"zz_future":1})")},
       {"an empty path", make_request(src, "")},
   };
   for (const auto &c : cases) {
      const std::string call = std::string("analyze(") + c.label + ")";
      const auto r = analyze(ctx, s, &c.request, call);
      ctx.note(call + " -> " + status_text(r.status));
   }
   auto bad = make_request({});
   bad.content_size = 16; // content may be NULL only when content_size is 0
   expect_status(ctx, analyze(ctx, s, &bad, "analyze(content NULL, size 16)"),
                 PMAT_STATUS_INVALID_ARGUMENT, "analyze(content NULL, size 16)");
}

void test_huge(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   std::string huge(k_huge_size, 'a');
   for (std::size_t i = 79; i < huge.size(); i += 80)
      huge[i] = '\n';
   const auto req = make_request(huge, "conformance/huge.c");
   const auto r = analyze(ctx, s, &req, "analyze(64 MiB)");
   ctx.expect(r.ok() || r.status == PMAT_STATUS_TOO_LARGE,
              "analyze(64 MiB) returned " + status_text(r.status) +
                  ", expected OK or PMAT_STATUS_TOO_LARGE (PMAT-ABI-062)");
   ctx.note("analyze(64 MiB) -> " + status_text(r.status));
   const std::string long_path(1 << 20, 'p');
   const std::string small = sample_source();
   const auto path_req = make_request(small, long_path.c_str());
   ctx.note("analyze(1 MiB path) -> " +
            status_text(analyze(ctx, s, &path_req, "analyze(1 MiB path)").status));
   const std::string big_options = R"({"pad":")" + std::string(1 << 20, 'o') + "\"}";
   const auto opt_req = make_request(small, nullptr, nullptr, big_options.c_str());
   ctx.note("analyze(1 MiB options) -> " +
            status_text(analyze(ctx, s, &opt_req, "analyze(1 MiB options)").status));
}

void run_calls(TestContext &ctx, const PluginSession &s, const pmat_analyze_request &req, int n) {
   for (int i = 0; i < n; ++i)
      analyze(ctx, s, &req, "analyze");
}

void test_no_leak(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   const std::string src = sample_source();
   const auto req = make_request(src);
   const int calls = scaled(ctx, 200, 400, 2000);
   run_calls(ctx, s, req, 20); // warm-up: caches, thread-locals and pools reach steady state
   const std::size_t before = allocated_bytes();
   run_calls(ctx, s, req, calls);
   const std::size_t after = allocated_bytes();
   const long long growth = static_cast<long long>(after) - static_cast<long long>(before);
   ctx.note("heap growth over " + std::to_string(calls) +
            " identical calls: " + std::to_string(growth) + " bytes");
   // Identical requests must not need more memory; 64 bytes a call tolerates allocator noise.
   ctx.expect(growth < 64LL * calls, "the heap grew by " + std::to_string(growth) + " bytes over " +
                                         std::to_string(calls) + " released analyze calls: a leak");
}

} // namespace

void add_analyzer_tests(std::vector<TestCase> &out) {
   out.insert(
       out.end(),
       {
           {"analyze-before-init", "calls", "PMAT_STATUS_NOT_INITIALIZED (no id)", 2,
            "analyze before init and after deinit returns PMAT_STATUS_NOT_INITIALIZED.",
            test_before_init},
           {"analyze-null-arguments", "calls", "PMAT-ABI-061", 2,
            "analyze with a NULL request or result_out returns INVALID_ARGUMENT.",
            test_null_arguments},
           {"analyze-empty-content", "calls", "PMAT-ABI-060", 2,
            "Empty content (NULL or not) is analysed into a JSON object without crashing.",
            test_empty},
           {"analyze-valid-source", "calls", "PMAT-ABI-032, PMAT-ABI-063", 2,
            "Small C and Python sources give NUL-terminated JSON object results.", test_valid},
           {"analyze-invalid-content", "calls", "PMAT-ABI-060", 3,
            "Invalid UTF-8, NUL bytes and seeded binary content give a JSON result, not a crash.",
            test_invalid_content},
           {"analyze-invalid-fields", "calls", "PMAT-ABI-021, PMAT-ABI-061", 3,
            "Bad paths, languages and options give listed statuses; NULL content with a size is "
            "INVALID_ARGUMENT.",
            test_invalid_fields},
           {"analyze-huge-input", "calls", "PMAT-ABI-062", 3,
            "64 MiB of content and 1 MiB paths and options are analysed or refused, never a "
            "crash.",
            test_huge},
           {"analyze-no-leak", "calls", "PMAT-ABI-030", 3,
            "Hundreds of identical analyze+release calls do not grow the heap (malloc accounting).",
            test_no_leak},
       });
}

} // namespace pmat::conformance
