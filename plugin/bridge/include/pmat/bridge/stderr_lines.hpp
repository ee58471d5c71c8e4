// SPDX-License-Identifier: MIT
// Splits a worker's stderr into lines for the host log. A line longer than the limit is cut into
// pieces so a child that never writes a newline cannot grow our memory; the last few lines are
// kept to explain a crash at start-up.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

namespace pmat::bridge {

class StderrLines {
 public:
   using Sink = std::function<void(std::string_view line)>;

   explicit StderrLines(Sink sink, std::size_t max_line = 8192, std::size_t keep_tail = 8)
       : sink_(std::move(sink)), max_line_(max_line), keep_tail_(keep_tail) {}

   void feed(std::string_view bytes);
   // End of stream: emits an unterminated last line.
   void flush();
   // The last lines emitted, joined with " | " (for error messages).
   [[nodiscard]] std::string tail() const;

 private:
   void emit(std::string_view line);

   Sink sink_;
   std::size_t max_line_;
   std::size_t keep_tail_;
   std::string partial_;
   std::deque<std::string> tail_;
};

} // namespace pmat::bridge
