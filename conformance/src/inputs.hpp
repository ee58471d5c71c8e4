// SPDX-License-Identifier: MIT
// Inputs the tests feed to the plugin, and the analyze call wrapper.
#pragma once

#include "checks.hpp"

#include <cstddef>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace pmat::conformance {

// A small, valid C translation unit.
std::string sample_source();
std::string random_bytes(std::mt19937_64 &rng, std::size_t size);
// Labelled contents that are not valid UTF-8 text: invalid sequences, NULs, seeded binary.
std::vector<std::pair<std::string, std::string>> invalid_contents(std::mt19937_64 &rng);

pmat_analyze_request make_request(std::string_view content,
                                  const char *path = "conformance/sample.c",
                                  const char *language = nullptr, const char *options = nullptr);

// analyze through call_buffer.
CallResult analyze(TestContext &ctx, const PluginSession &session,
                   const pmat_analyze_request *request, std::string_view call);

} // namespace pmat::conformance
