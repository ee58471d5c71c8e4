// SPDX-License-Identifier: MIT
#include "child.hpp"

#include "suite_host.hpp"
#include "test_case.hpp"
#include "test_context.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <exception>
#include <iostream>
#include <string>
#include <unistd.h>

namespace pmat::conformance {

namespace {

constexpr std::size_t k_max_log_notes = 15;

std::string run_body(const TestCase &test, TestContext &ctx) {
   try {
      test.run(ctx);
   } catch (const AbortTest &abort) {
      ctx.fail(abort.reason);
   } catch (const SkipTest &skip) {
      return skip.reason;
   } catch (const std::exception &e) {
      ctx.fail(std::string("a C++ exception reached the suite (thrown across the ABI boundary? "
                           "PMAT-ABI-002): ") +
               e.what());
   } catch (...) {
      ctx.fail("a foreign exception reached the suite (thrown across the ABI boundary? "
               "PMAT-ABI-002)");
   }
   return {};
}

void collect_host_records(TestContext &ctx) {
   auto &host = SuiteHost::instance();
   for (auto &v : host.take_violations())
      ctx.fail("host contract broken by the plugin: " + v);
   const auto logs = host.take_logs();
   for (std::size_t i = 0; i < logs.size() && i < k_max_log_notes; ++i)
      ctx.note("plugin log " + logs[i]);
   if (logs.size() > k_max_log_notes)
      ctx.note("plugin log: " + std::to_string(logs.size() - k_max_log_notes) + " more records");
}

boost::json::array to_array(const std::vector<std::string> &lines) {
   boost::json::array out;
   for (const auto &line : lines)
      out.emplace_back(line);
   return out;
}

bool write_all(int fd, const std::string &text) {
   std::size_t done = 0;
   while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0)
         return false;
      done += static_cast<std::size_t>(n);
   }
   return true;
}

} // namespace

int run_one(const Options &options) {
   const TestCase *test = find_test(options.run_one);
   if (test == nullptr) {
      std::cerr << "unknown test id " << options.run_one << "\n";
      return 2;
   }
   SuiteHost::instance().set_config(options.config);
   TestContext ctx(options, test->id);
   const std::string skip_reason = run_body(*test, ctx);
   collect_host_records(ctx);
   auto messages = ctx.failures();
   if (ctx.suppressed_failures() > 0)
      messages.push_back(std::to_string(ctx.suppressed_failures()) + " more failures not shown");
   std::string outcome = messages.empty() ? "passed" : "failed";
   if (messages.empty() && !skip_reason.empty()) {
      outcome = "skipped";
      messages.push_back(skip_reason);
   }
   const boost::json::object result{
       {"outcome", outcome}, {"messages", to_array(messages)}, {"notes", to_array(ctx.notes())}};
   const bool written = write_all(options.result_fd, boost::json::serialize(result));
   ::close(options.result_fd);
   return written ? 0 : 3;
}

} // namespace pmat::conformance
