// SPDX-License-Identifier: MIT
#include "cdp_browser.hpp"

#include "support/spawn_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/evp.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pmat::serve::test {
namespace {

using Clock = std::chrono::steady_clock;

// A pipe whose ends sit above the fds the child gets (3, 4), so dup2 always copies them.
void high_pipe(int fds[2]) {
   int raw[2];
   if (::pipe(raw) != 0)
      throw std::runtime_error("pipe failed");
   for (int i = 0; i < 2; ++i) {
      fds[i] = ::fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
      ::close(raw[i]);
   }
}

std::vector<std::string> chromium_args(const std::string &chromium,
                                       const std::filesystem::path &profile) {
   return {chromium,
           "--headless=new",
           "--no-sandbox",
           "--disable-gpu",
           "--no-first-run",
           "--disable-background-networking",
           "--disable-component-update",
           "--disable-sync",
           "--disable-dev-shm-usage",
           "--disable-quic",
           "--hide-scrollbars",
           "--remote-debugging-pipe",
           "--window-size=1280,1000",
           "--user-data-dir=" + profile.string(),
           "about:blank"};
}

std::string decode_base64(const std::string &text) {
   std::string out(text.size() / 4 * 3 + 3, '\0');
   const int n = ::EVP_DecodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                   reinterpret_cast<const unsigned char *>(text.data()),
                                   static_cast<int>(text.size()));
   if (n < 0)
      throw std::runtime_error("bad base64 from the browser");
   std::size_t padding = 0;
   for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it)
      ++padding;
   out.resize(static_cast<std::size_t>(n) - padding);
   return out;
}

} // namespace

Browser::Browser(const std::string &chromium, const std::filesystem::path &profile_dir) {
   int in[2], out[2];
   high_pipe(in);
   high_pipe(out);
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_adddup2(&actions, in[0], 3);
   posix_spawn_file_actions_adddup2(&actions, out[1], 4);
   posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
   posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
   pid_ = pmat::test::spawn_process(chromium_args(chromium, profile_dir), actions);
   posix_spawn_file_actions_destroy(&actions);
   ::close(in[0]);
   ::close(out[1]);
   to_browser_ = in[1];
   from_browser_ = out[0];
   if (pid_ < 0)
      throw std::runtime_error("cannot start " + chromium);
   const auto target = call("Target.createTarget", {{"url", "about:blank"}}, false);
   session_ = call("Target.attachToTarget",
                   {{"targetId", target.at("targetId")}, {"flatten", true}}, false)
                  .at("sessionId")
                  .as_string();
   call("Page.enable", {});
   call("Runtime.enable", {});
}

Browser::~Browser() {
   try {
      call("Browser.close", {}, false);
   } catch (const std::exception &) {
      ::kill(pid_, SIGKILL); // it no longer answers: nothing else to ask it
   }
   const auto deadline = Clock::now() + std::chrono::seconds(5);
   int status = 0;
   while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline)
         ::kill(pid_, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
   }
   ::close(to_browser_);
   ::close(from_browser_);
}

boost::json::object Browser::next_message(Clock::time_point deadline) {
   for (;;) {
      if (const auto end = pending_.find('\0'); end != std::string::npos) {
         const std::string text = pending_.substr(0, end);
         pending_.erase(0, end + 1);
         return boost::json::parse(text).as_object();
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{from_browser_, POLLIN, 0};
      char buffer[65536];
      const ssize_t n = left.count() > 0 && ::poll(&p, 1, static_cast<int>(left.count())) > 0
                            ? ::read(from_browser_, buffer, sizeof buffer)
                            : -1;
      if (n <= 0)
         throw std::runtime_error("the browser did not answer");
      pending_.append(buffer, static_cast<std::size_t>(n));
   }
}

boost::json::object Browser::call(const std::string &method, boost::json::object params,
                                  bool in_page) {
   const std::int64_t id = next_id_++;
   boost::json::object message{{"id", id}, {"method", method}, {"params", std::move(params)}};
   if (in_page)
      message["sessionId"] = session_;
   const std::string text = boost::json::serialize(message) + '\0';
   if (::write(to_browser_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      throw std::runtime_error("the browser stopped reading");
   const auto deadline = Clock::now() + std::chrono::seconds(30);
   for (;;) {
      auto answer = next_message(deadline);
      const auto *got = answer.if_contains("id");
      if (!got || !got->is_int64() || got->get_int64() != id)
         continue; // an event, or another session's answer
      if (const auto *error = answer.if_contains("error"))
         throw std::runtime_error(method + ": " + boost::json::serialize(*error));
      return answer.at("result").as_object();
   }
}

void Browser::navigate(const std::string &url) {
   call("Page.navigate", {{"url", url}});
}

boost::json::value Browser::evaluate(const std::string &expression) {
   const auto result =
       call("Runtime.evaluate",
            {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
   if (const auto *thrown = result.if_contains("exceptionDetails"))
      throw std::runtime_error("page threw: " + boost::json::serialize(*thrown));
   const auto &value = result.at("result").as_object();
   return value.contains("value") ? value.at("value") : boost::json::value();
}

bool Browser::wait_until(const std::string &expression, std::chrono::milliseconds timeout) {
   const auto deadline = Clock::now() + timeout;
   while (Clock::now() < deadline) {
      const auto value = evaluate(expression);
      if (value.is_bool() && value.get_bool())
         return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
   }
   return false;
}

void Browser::screenshot(const std::filesystem::path &png) {
   const auto height = evaluate("document.documentElement.scrollHeight").to_number<std::int64_t>();
   call("Emulation.setDeviceMetricsOverride",
        {{"width", 1280}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
   const auto shot = call("Page.captureScreenshot", {{"format", "png"}});
   std::ofstream(png, std::ios::binary) << decode_base64(std::string(shot.at("data").as_string()));
}

} // namespace pmat::serve::test
