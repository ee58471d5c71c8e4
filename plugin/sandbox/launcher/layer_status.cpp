// SPDX-License-Identifier: MIT
#include "layer_status.hpp"

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace pmat::sandbox::launcher {

LayerStatus::LayerStatus(const SandboxConfig &config, int report_fd)
    : require_(config.require), degraded_ok_(config.degraded_ok), fd_(report_fd) {
   report_.launcher_pid = static_cast<long>(getpid());
}

void LayerStatus::active(Layer layer) {
   report_.active.push_back(layer);
}

void LayerStatus::skipped(Layer layer) {
   report_.skipped.push_back(layer);
}

bool LayerStatus::failed(Layer layer, const std::string &reason) {
   report_.unavailable[layer] = reason;
   bool required = std::find(require_.begin(), require_.end(), layer) != require_.end();
   if (!degraded_ok_ || required)
      return false;
   report_.degraded = true;
   return true;
}

void LayerStatus::settle(Layer layer, const std::string &error) {
   if (error.empty())
      return active(layer);
   if (!failed(layer, error))
      abort_launch(std::string(layer_name(layer)) + ": " + error);
}

void LayerStatus::write_line(const std::string &line) const {
   std::string out = line + "\n";
   const char *data = out.data();
   std::size_t left = out.size();
   while (left > 0) {
      ssize_t n = write(fd_, data, left);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return;
      data += n;
      left -= static_cast<std::size_t>(n);
   }
}

void LayerStatus::abort_launch(const std::string &why) {
   report_.ok = false;
   write_line(format_layers_report(report_));
   std::string message = "pmat-sandbox-exec: refusing to start the payload: " + why + "\n";
   ssize_t ignored = write(2, message.data(), message.size());
   (void)ignored;
   _exit(k_exit_layer_failed);
}

void LayerStatus::report_started() {
   report_.ok = true;
   write_line(format_layers_report(report_));
   if (!report_.degraded)
      return;
   std::string message = "pmat-sandbox-exec: WARNING: DEGRADED SANDBOX, unavailable layers:";
   for (const auto &[layer, reason] : report_.unavailable)
      message += " " + std::string(layer_name(layer)) + " (" + reason + ")";
   message += "\n";
   ssize_t ignored = write(2, message.data(), message.size());
   (void)ignored;
}

} // namespace pmat::sandbox::launcher
