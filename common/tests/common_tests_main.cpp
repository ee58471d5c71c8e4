// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_common_tests
#include <boost/test/unit_test.hpp>
