// Which layers are up, which failed and why; decides whether a failure is fatal (fail closed)
// and writes the one-line report. Copied into each forked stage, so the last stage reports all.
#pragma once

#include <string>

#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/layers_report.hpp>

namespace pmat::sandbox::launcher {

class LayerStatus {
 public:
   LayerStatus(const SandboxConfig &config, int report_fd);

   void active(Layer layer);
   void skipped(Layer layer);
   // Records the failure; returns true when the launch may go on (degraded mode and the layer is
   // not in --require). On false the caller must call abort_launch().
   [[nodiscard]] bool failed(Layer layer, const std::string &reason);
   // Writes the report (ok=false) and a message to stderr, then _exit(exit_layer_failed).
   [[noreturn]] void abort_launch(const std::string &why);
   // active() when error is empty, else failed() and abort_launch() unless that may go on.
   void settle(Layer layer, const std::string &error);
   // Writes the final report (ok=true); degraded runs are also announced on stderr.
   void report_started();
   [[nodiscard]] int report_fd() const { return fd_; }
   // The worker cgroup's memory use file, for the pool's recycling (in the report).
   void set_cgroup_memory(const std::string &file) { report_.cgroup_memory = file; }

 private:
   void write_line(const std::string &line) const;

   LayersReport report_;
   std::vector<Layer> require_;
   bool degraded_ok_;
   int fd_;
};

} // namespace pmat::sandbox::launcher
