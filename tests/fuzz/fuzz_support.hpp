// What every harness shares: the input as text, and the rule for exceptions.
// A "clean error" is what `mwaa-sim` turns into exit code 2 (tools/cli/main.cpp):
// mwaa::InputError. Anything else escaping the code under test would be an
// "internal error" (exit 3) for a user, so the harness aborts and libFuzzer
// (or the replay main) reports it as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "models/errors.hpp"

namespace fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void unexpected(const char* type, const char* what) {
  std::fprintf(stderr, "fuzz: unexpected exception %s: %s\n", type, what);
  std::abort();
}

// Runs f; an InputError is the expected way to refuse input, anything else aborts.
template <class F>
void expect_input_errors_only(F&& f) {
  try {
    f();
  } catch (const mwaa::InputError&) {
  } catch (const std::exception& e) {
    unexpected(typeid(e).name(), e.what());
  } catch (...) {
    unexpected("(not a std::exception)", "");
  }
}

}  // namespace fuzz
