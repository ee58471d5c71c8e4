// `pmat-host doctor`: what works on this machine for the configured engine, what does not, and
// how to fix it (docs/doctor.md).
#pragma once

#include <string>

namespace pmat::cli {

struct DoctorArgs {
   std::string format = "text"; // text | json
   std::string plugin_dir;      // empty = the default search
   std::string engine = "auto"; // auto | native | claude
   bool check_api = false;
};

// Prints the report on stdout; returns 0 when everything the configuration needs works, 1 when
// something it needs is broken, 2 for a bad --format or --engine.
int run_doctor(const DoctorArgs &args);

} // namespace pmat::cli
