// The sandbox launcher's report as the worker sees it: one JSON line on the report pipe, written
// before the bridge was executed (so it is there once the handshake is answered). The worker
// takes one key from it, "cgroup_memory" (pmat/sandbox/layers_report.hpp): the file its
// recycling reads instead of the launcher's RSS; the whole line goes to the plugin's hook.
#include <pmat/bridge/worker.hpp>

#include <boost/json/parse.hpp>

#include <cerrno>
#include <fstream>
#include <unistd.h>

namespace pmat::bridge {
namespace {

// The first line available on the non-blocking pipe `fd` (at most 64 KiB), or "".
std::string first_line(int fd) {
   std::string text;
   char buffer[4096];
   while (fd >= 0 && text.size() < 64 * 1024 && text.find('\n') == std::string::npos) {
      const ssize_t n = ::read(fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         break;
      text.append(buffer, static_cast<std::size_t>(n));
   }
   return text.substr(0, text.find('\n'));
}

std::string memory_file_of(const std::string &line) {
   boost::system::error_code error;
   const boost::json::value report = boost::json::parse(line, error);
   const auto *object = error ? nullptr : report.if_object();
   const auto *file = object != nullptr ? object->if_contains("cgroup_memory") : nullptr;
   return file != nullptr && file->is_string() ? std::string(file->get_string()) : "";
}

std::optional<std::uint64_t> number_in(const std::string &path) {
   std::ifstream in(path);
   std::uint64_t value = 0;
   return in >> value ? std::optional(value) : std::nullopt;
}

std::optional<std::uint64_t> vm_rss(pid_t pid) {
   std::ifstream status("/proc/" + std::to_string(pid) + "/status");
   std::string key;
   while (status >> key) {
      if (key == "VmRSS:") {
         std::uint64_t kb = 0;
         status >> kb;
         return kb * 1024;
      }
      status.ignore(4096, '\n');
   }
   return std::nullopt;
}

} // namespace

void Worker::take_launcher_report() {
   const std::string line = first_line(child_.report_fd());
   if (line.empty())
      return;
   memory_file_ = memory_file_of(line);
   if (hooks_.on_launcher_report)
      hooks_.on_launcher_report(line);
}

std::optional<std::uint64_t> Worker::rss_bytes() const {
   return memory_file_.empty() ? vm_rss(pid_) : number_in(memory_file_);
}

} // namespace pmat::bridge
