// The one compiled Catch2 main; every other test file only includes catch.hpp.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
