// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_flags
#include <boost/test/unit_test.hpp>
