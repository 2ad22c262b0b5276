#include "tools/cli/interrupt.hpp"

#include <unistd.h>

#include <csignal>

namespace mwaa::cli {

namespace {

// The one piece of global state in the program, forced by the signal API: a
// handler gets no argument to reach an object through. Lock-free, so setting
// it is async-signal-safe.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

// A second signal ends the process at once (the usual "press Ctrl-C again"):
// a phase that does not poll the flag cannot keep it waiting. That is safe
// because output temp files exist only while the signals are blocked
// (models/report/atomic_write.hpp).
extern "C" void on_signal(int signal) {
  if (g_signal.exchange(signal, std::memory_order_relaxed) != 0) {
    static const char kMessage[] = "mwaa-sim: interrupted again; exiting now, no output written\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(128 + signal);
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // writes and reads in flight complete; the flag is polled after
  sigaction(SIGINT, &sa, &previous_int_);
  sigaction(SIGTERM, &sa, &previous_term_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

void InterruptGuard::watch(Scenario& scenario) const { scenario.interrupt = &g_signal; }

void InterruptGuard::throw_if_interrupted() const {
  if (const int signal = g_signal.load(std::memory_order_relaxed)) throw Interrupted(signal);
}

}  // namespace mwaa::cli
