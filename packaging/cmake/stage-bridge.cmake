# Stages the bridge for packaging: package.json, package-lock.json, dist/ and the production
# node_modules from `npm ci --omit=dev` (no TypeScript, no @types). node_modules is reused while
# package-lock.json is unchanged. Also writes the plugin package's copyright file: the project's
# text followed by every bundled npm package with its declared license.
#
#   cmake -DBRIDGE_SOURCE=<bridge/> -DOUT=<dir> -DNPM=<npm> -DNODE=<node>
#         -DCOPYRIGHT_IN=<file> -DCOPYRIGHT_OUT=<file> -P stage-bridge.cmake
foreach(var BRIDGE_SOURCE OUT NPM NODE COPYRIGHT_IN COPYRIGHT_OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stage-bridge.cmake: -D${var}= is required")
  endif()
endforeach()
if(NOT EXISTS ${BRIDGE_SOURCE}/dist/index.js)
  message(FATAL_ERROR "stage-bridge.cmake: ${BRIDGE_SOURCE}/dist/index.js is missing (build bridge_build)")
endif()

file(SHA256 ${BRIDGE_SOURCE}/package-lock.json lock_hash)
set(stamp ${OUT}.lock.sha256) # beside the staged tree, never inside the package
set(old_hash "")
if(EXISTS ${stamp})
  file(READ ${stamp} old_hash)
endif()

file(MAKE_DIRECTORY ${OUT})
file(REMOVE_RECURSE ${OUT}/dist)
file(COPY ${BRIDGE_SOURCE}/dist ${BRIDGE_SOURCE}/package.json ${BRIDGE_SOURCE}/package-lock.json
     DESTINATION ${OUT})

if(NOT old_hash STREQUAL lock_hash)
  file(REMOVE_RECURSE ${OUT}/node_modules)
  execute_process(COMMAND ${NPM} ci --omit=dev --no-audit --no-fund
    WORKING_DIRECTORY ${OUT} COMMAND_ERROR_IS_FATAL ANY)
  file(WRITE ${stamp} ${lock_hash})
endif()
# npm's own bookkeeping and the modules' development dotfiles (lint, VCS and npm-publish
# settings) are not needed at run time (lintian: package-contains-npm-ignore-file, ...).
file(REMOVE ${OUT}/node_modules/.package-lock.json)
file(GLOB_RECURSE dev_dotfiles LIST_DIRECTORIES false
  ${OUT}/node_modules/.npmignore ${OUT}/node_modules/.eslintrc ${OUT}/node_modules/.eslintrc.*
  ${OUT}/node_modules/.gitattributes ${OUT}/node_modules/.gitignore
  ${OUT}/node_modules/.editorconfig ${OUT}/node_modules/.travis.yml
  ${OUT}/node_modules/.nycrc ${OUT}/node_modules/.prettierrc*)
if(dev_dotfiles)
  file(REMOVE ${dev_dotfiles})
endif()

execute_process(
  COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/list-licenses.mjs ${OUT}/node_modules
  OUTPUT_VARIABLE licenses COMMAND_ERROR_IS_FATAL ANY)
file(READ ${COPYRIGHT_IN} copyright)
file(WRITE ${COPYRIGHT_OUT} "${copyright}
NOT FREE SOFTWARE: this package bundles Anthropic's Claude Agent SDK,
@anthropic-ai/claude-agent-sdk and its platform package
@anthropic-ai/claude-agent-sdk-linux-x64 (the prebuilt `claude` executable), in
/usr/lib/pmat/bridge/node_modules/@anthropic-ai/. Their license (LICENSE.md in each)
reads: \"(c) Anthropic PBC. All rights reserved. Use is subject to the Legal
Agreements outlined here: https://code.claude.com/docs/en/legal-and-compliance.\"
They are not under a free license, so pmat-claude-plugin as a whole is not free
software (section non-free). pmat-host and libpmat-plugin-api-dev bundle nothing
and are entirely MIT.

Bundled in /usr/lib/pmat/bridge/node_modules (installed with `npm ci --omit=dev` from the
bridge's package-lock.json); name, version and the license each package declares. Each
package's own license file is in its directory. On Debian systems the complete text of
the Apache License 2.0 is in /usr/share/common-licenses/Apache-2.0.

${licenses}")
