# SPDX-License-Identifier: MIT
# Fails when a source file shown in a Markdown page differs from the file: the page must contain
# the file's exact text inside a fenced block.
#   cmake -DDOC=<page.md> -DSOURCE=<file> -P doc-listing.cmake
cmake_minimum_required(VERSION 3.25)
file(READ ${DOC} doc)
file(READ ${SOURCE} source)
string(FIND "${doc}" "\n${source}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} does not show the current ${SOURCE}: copy the file into its listing")
endif()
message(STATUS "${DOC} shows the current ${SOURCE}")
