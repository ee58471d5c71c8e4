// SPDX-License-Identifier: MIT
// A connection to the flags source: the shared Redis client (plugin/redis) with AUTH and SELECT
// done. One thread uses a link at a time.
#pragma once

#include <pmat/flags/source_spec.hpp>
#include <pmat/redis/connection.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace pmat::flags::detail {

using Reply = pmat::redis::Reply;
using RedisLink = pmat::redis::Connection;

// nullptr (and `error`) when the server cannot be reached or refuses AUTH/SELECT.
std::unique_ptr<RedisLink> open_link(const RedisSourceSpec &spec,
                                     std::chrono::milliseconds connect_timeout,
                                     std::chrono::milliseconds command_timeout, std::string &error);

} // namespace pmat::flags::detail
