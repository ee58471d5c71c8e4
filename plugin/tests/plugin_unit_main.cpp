// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE plugin_unit
#include <boost/test/unit_test.hpp>
