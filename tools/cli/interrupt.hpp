// Ctrl-C (SIGINT) and SIGTERM for the commands that simulate: the handler
// only records the signal in one flag; simulations poll it through
// Scenario::interrupt and throw Interrupted, main() turns that into exit
// 128 + signal (130 for SIGINT, 143 for SIGTERM) before any output is written.
// A second signal exits at once with the same code. Install the guard after
// the inputs are read: until then the default disposition ends the process
// even in a blocking open() or read().
#pragma once

#include <atomic>
#include <csignal>

#include "models/scenario.hpp"

namespace mwaa::cli {

// Installs the handlers for the life of the object (restoring the previous
// ones after), and points `scenario.interrupt` at the flag.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  void watch(Scenario& scenario) const;
  // Throws Interrupted when a signal arrived: call it before writing outputs.
  void throw_if_interrupted() const;

 private:
  struct sigaction previous_int_ {}, previous_term_ {};
};

}  // namespace mwaa::cli
