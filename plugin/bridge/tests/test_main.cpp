// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_bridge_client
#include <boost/test/unit_test.hpp>
