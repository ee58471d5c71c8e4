// SPDX-License-Identifier: MIT
// Boost.Process (Debian's libboost1.81-dev) rather than fork/exec by hand: it reads stdout and
// stderr together through Asio, so a chatty child can never block on a full pipe.
#include "child_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/process.hpp>

#include <future>
#include <stdexcept>

namespace pmat::app {

ProcessOutput run_process(const std::string &program, const std::vector<std::string> &args,
                          const std::filesystem::path &directory) {
   namespace bp = boost::process;
   const auto executable = bp::search_path(program);
   if (executable.empty())
      throw std::runtime_error("'" + program + "' is not on PATH");
   boost::asio::io_context io;
   std::future<std::string> out, err;
   std::error_code start_error;
   bp::child child(executable, bp::args(args), bp::start_dir(directory.string()),
                   bp::std_in.close(), bp::std_out > out, bp::std_err > err, io,
                   bp::error(start_error));
   if (start_error)
      throw std::runtime_error("cannot start '" + program + "': " + start_error.message());
   io.run();
   child.wait();
   return {child.exit_code(), out.get(), err.get()};
}

} // namespace pmat::app
