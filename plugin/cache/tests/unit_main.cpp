// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_cache
#include <boost/test/unit_test.hpp>
