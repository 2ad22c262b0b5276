// Random streams: one seed per scenario, one independent named stream per
// component.
//
// A stream's state is derived from (scenario seed, stream name) by hashing, so
// adding a component (a new name) never shifts the draws of the others, and a
// replication index can be folded into the seed. The generator is
// xoshiro256** (Blackman & Vigna), seeded through splitmix64; every draw is
// computed by this code (not by <random>'s implementation-defined
// distributions), so results are identical on every platform.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim {

// splitmix64 step: a good 64-bit mixer, used for seeding and for deriving
// seeds (e.g. replication r of seed s).
std::uint64_t mix64(std::uint64_t x);
// Seed for a named child: stable across runs and platforms (FNV-1a + mix64).
std::uint64_t derive_seed(std::uint64_t seed, std::string_view name);

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed = 0);
  RandomStream(std::uint64_t seed, std::string_view name) : RandomStream(derive_seed(seed, name)) {}

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform01();
  // Uniform in (0, 1]: safe for log().
  double uniform01_open_low() { return 1.0 - uniform01(); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n), n > 0, without modulo bias.
  std::uint64_t below(std::uint64_t n);
  double standard_normal();   // Box-Muller, one value per call (no cached spare)
  double exponential(double mean);
  bool bernoulli(double p) { return uniform01() < p; }

 private:
  std::uint64_t s_[4];
};

}  // namespace sim
