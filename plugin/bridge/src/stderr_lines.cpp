// SPDX-License-Identifier: MIT
#include <pmat/bridge/stderr_lines.hpp>

namespace pmat::bridge {

void StderrLines::feed(std::string_view bytes) {
   while (!bytes.empty()) {
      const std::size_t nl = bytes.find('\n');
      const std::size_t room = max_line_ - partial_.size();
      if (nl != std::string_view::npos && nl <= room) {
         partial_.append(bytes.substr(0, nl));
         bytes.remove_prefix(nl + 1);
         emit(partial_);
         partial_.clear();
         continue;
      }
      const std::size_t take = std::min(room, bytes.size());
      partial_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (partial_.size() >= max_line_) {
         emit(partial_);
         partial_.clear();
      }
   }
}

void StderrLines::flush() {
   if (!partial_.empty())
      emit(partial_);
   partial_.clear();
}

void StderrLines::emit(std::string_view line) {
   if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
   if (sink_)
      sink_(line);
   if (keep_tail_ == 0)
      return;
   tail_.emplace_back(line);
   if (tail_.size() > keep_tail_)
      tail_.pop_front();
}

std::string StderrLines::tail() const {
   std::string out;
   for (const std::string &line : tail_) {
      if (!out.empty())
         out += " | ";
      out += line;
   }
   return out;
}

} // namespace pmat::bridge
