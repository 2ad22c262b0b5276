// sim::parse_duration, whose contract is std::invalid_argument for bad text
// (the loader wraps it in an InputError), and the documented round trip
// parse_duration(format_duration(t)) == t (sim/time.hpp) for every t it
// parses. Also Time::from_seconds on the bytes as a double (the loader's
// path for numbers of seconds).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "sim/time.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::text(data, size);
  try {
    const sim::Time t = sim::parse_duration(text);
    const std::string formatted = sim::format_duration(t);
    const sim::Time back = sim::parse_duration(formatted);
    if (back != t) {
      std::fprintf(stderr, "round trip broken: \"%s\" -> %lld us -> \"%s\" -> %lld us\n", text.c_str(),
                   static_cast<long long>(t.us), formatted.c_str(), static_cast<long long>(back.us));
      std::abort();
    }
  } catch (const std::invalid_argument&) {
  }
  if (size == sizeof(double)) {
    double seconds = 0;
    std::memcpy(&seconds, data, sizeof seconds);
    try {
      sim::Time::from_seconds(seconds);
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}
