// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_native_unit_tests
#include <boost/test/unit_test.hpp>
