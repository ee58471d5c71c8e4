#include "doctor_command.hpp"

#include "commands.hpp"
#include <doctor/doctor.hpp>

#include <iostream>

namespace pmat::cli {

int run_doctor(const DoctorArgs &args) {
   if (args.format != "text" && args.format != "json") {
      std::cerr << "pmat-host: doctor --format must be text or json\n";
      return k_exit_usage;
   }
   if (args.engine != "auto" && args.engine != "native" && args.engine != "claude") {
      std::cerr << "pmat-host: doctor --engine must be auto, native or claude\n";
      return k_exit_usage;
   }
   pmat::doctor::Options options;
   options.plugin_dir = args.plugin_dir;
   options.engine = args.engine;
   options.check_api = args.check_api;
   const auto report = pmat::doctor::run_doctor(options);
   std::cout << (args.format == "json" ? pmat::doctor::render_json(report)
                                       : pmat::doctor::render_text(report));
   return report.exit_code;
}

} // namespace pmat::cli
