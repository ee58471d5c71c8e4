// SPDX-License-Identifier: MIT
#include "stdio_lines.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>

namespace pmat::mcp {

bool LineReader::fill() {
   if (eof_)
      return false;
   if (start_ > 0) {
      buffer_.erase(0, start_);
      start_ = 0;
   }
   std::array<char, 65536> chunk{};
   for (;;) {
      const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0) {
         eof_ = true;
         return false;
      }
      buffer_.append(chunk.data(), static_cast<std::size_t>(n));
      return true;
   }
}

bool LineReader::take_line(std::string &line) {
   const auto newline = buffer_.find('\n', start_);
   if (newline == std::string::npos)
      return false;
   line.assign(buffer_, start_, newline - start_);
   start_ = newline + 1;
   if (!line.empty() && line.back() == '\r')
      line.pop_back();
   return true;
}

LineReader::Result LineReader::next(std::string &line) {
   bool too_long = false;
   while (!take_line(line)) {
      if (buffer_.size() - start_ > max_line_) {
         too_long = true; // keep skipping until the end of this line
         buffer_.clear();
         start_ = 0;
      }
      if (!fill()) {
         line.assign(buffer_, start_, std::string::npos); // a last line without "\n"
         start_ = buffer_.size();
         return line.empty() || too_long ? Result::End : Result::Line;
      }
   }
   return too_long ? Result::TooLong : Result::Line;
}

bool LineWriter::write(const std::string &message) {
   const std::string framed = message + "\n";
   std::lock_guard lock(mutex_);
   std::size_t written = 0;
   while (!broken_ && written < framed.size()) {
      const ssize_t n = ::write(fd_, framed.data() + written, framed.size() - written);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         broken_ = true;
      else
         written += static_cast<std::size_t>(n);
   }
   return !broken_;
}

} // namespace pmat::mcp
