// SPDX-License-Identifier: MIT
// Newline-delimited message framing for MCP on stdio: one JSON message per line, bounded line
// length, whole-line writes serialised by a mutex so concurrent responses and progress
// notifications never interleave.
#pragma once

#include <mutex>
#include <string>

namespace pmat::mcp {

class LineReader {
 public:
   LineReader(int fd, std::size_t max_line) : fd_(fd), max_line_(max_line) {}
   enum class Result { Line, TooLong, End };
   // Next line without its "\n" (a trailing "\r" is dropped too). A line longer than the
   // bound is skipped up to its newline and reported as TooLong.
   Result next(std::string &line);

 private:
   bool fill();
   bool take_line(std::string &line); // moves a complete buffered line into `line`
   int fd_;
   std::size_t max_line_;
   std::string buffer_;
   std::size_t start_ = 0;
   bool eof_ = false;
};

class LineWriter {
 public:
   explicit LineWriter(int fd) : fd_(fd) {}
   // Writes `message` (which must not contain a raw newline) and "\n". False once the peer is
   // gone.
   bool write(const std::string &message);

 private:
   int fd_;
   std::mutex mutex_;
   bool broken_ = false;
};

} // namespace pmat::mcp
