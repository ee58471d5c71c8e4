#define BOOST_TEST_MODULE plugin_unit
#include <boost/test/unit_test.hpp>
