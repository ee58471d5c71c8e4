// SPDX-License-Identifier: MIT
// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
// messages ended by NUL on fds 3 and 4), so a test can load a page, click, type, read the DOM
// and take screenshots with nothing but Debian's chromium: no WebSocket client, no node package.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace pmat::serve::test {

class Browser {
 public:
   // Starts `chromium` headless with a private profile in `profile_dir`, a 1280 px wide window,
   // and opens one tab (about:blank). Throws std::runtime_error when it cannot.
   Browser(const std::string &chromium, const std::filesystem::path &profile_dir);
   // Closes the browser and reaps it (SIGKILL after 5 s).
   ~Browser();
   Browser(const Browser &) = delete;
   Browser &operator=(const Browser &) = delete;

   void navigate(const std::string &url);
   // Runs `expression` in the page (promises awaited) and returns its value; throws
   // std::runtime_error with the page's message when it throws.
   boost::json::value evaluate(const std::string &expression);
   // Polls `expression` until it is true; false after `timeout`.
   bool wait_until(const std::string &expression,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));
   // A PNG of the whole page (the viewport grown to the content's height).
   void screenshot(const std::filesystem::path &png);

 private:
   boost::json::object call(const std::string &method, boost::json::object params,
                            bool in_page = true);
   boost::json::object next_message(std::chrono::steady_clock::time_point deadline);

   pid_t pid_ = -1;
   int to_browser_ = -1;
   int from_browser_ = -1;
   std::int64_t next_id_ = 1;
   std::string session_;
   std::string pending_;
};

} // namespace pmat::serve::test
