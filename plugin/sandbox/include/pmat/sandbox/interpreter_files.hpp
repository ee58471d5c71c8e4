// What a Node interpreter needs to see, besides its own binary, to start inside the sandbox's
// read-only view, asked of the interpreter itself rather than assumed of one vendor's build:
//
// - every file it has mapped once started: its shared-library closure exactly as the real ld.so
//   resolved it (RUNPATH, ld.so.cache, LD_LIBRARY_PATH), e.g. Debian's libnode.so.108;
// - the builtins its build loads from outside the binary at startup, which it reports in
//   process.config (target_defaults.defines NODE_SHARED_BUILTIN_<name>_PATH=<file>), e.g.
//   Debian's /usr/share/nodejs/cjs-module-lexer/lexer.js from --shared-builtin-*-path.
//
// A self-contained build (nodejs.org, NodeSource) needs nothing beyond libc and friends.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pmat::sandbox {

struct InterpreterFiles {
   // Absolute paths of existing files, sorted, without duplicates. Directory symlinks in a path
   // are resolved (the view recreates only the top-level ones, /lib -> usr/lib); a symlink as
   // the last component is kept, since that is the name the interpreter opens.
   std::vector<std::string> files;
   // "" on success; otherwise why the interpreter could not be asked ("... exited with status
   // 1", "... did not answer within 10000 ms", "... answered something that is not JSON").
   std::string error;
};

// Runs `node` (an absolute path) once, with an empty environment, stdin and stderr on /dev/null
// and `-e <probe>`, and reads its one-line JSON answer (about 40 ms for Node 18 to 20). Blocks
// the calling thread until the answer or `limit`; a child still running at `limit` is killed.
// Thread-safe; never throws for a failed run (bad_alloc aside).
InterpreterFiles interpreter_files(const std::string &node,
                                   std::chrono::milliseconds limit = std::chrono::seconds(10));

} // namespace pmat::sandbox
