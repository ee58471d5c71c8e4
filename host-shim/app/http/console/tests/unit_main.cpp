// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_console_unit_tests
#include <boost/test/unit_test.hpp>
