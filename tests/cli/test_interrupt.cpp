// The signal handler of tools/cli/interrupt.* : the first SIGINT/SIGTERM is
// recorded for the simulation to poll, a second one exits at once. test_cli
// links only the models library, so the source under test is compiled in
// here (as test_progress.cpp does).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "models/errors.hpp"
#include "tools/cli/interrupt.cpp"  // NOLINT(bugprone-suspicious-include): see above

namespace {

// Runs `body` in a child process (stderr silenced); returns its exit code,
// or -1 if it did not exit normally.
template <class F>
int in_child(F body) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDERR_FILENO);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a first signal is recorded for the simulation to poll, a second exits at once", "[cli][interrupt]") {
  for (int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const int code = in_child([signal] {
      const mwaa::cli::InterruptGuard guard;
      std::raise(signal);  // recorded: the process goes on
      try {
        guard.throw_if_interrupted();
        return 10;  // not recorded
      } catch (const mwaa::Interrupted& e) {
        if (e.signal() != signal) return 11;
      }
      std::raise(signal);  // a phase that does not poll: this one ends the process
      return 12;
    });
    CHECK(code == 128 + signal);
  }
}

TEST_CASE("the previous dispositions come back when the guard ends", "[cli][interrupt]") {
  const int code = in_child([] {
    struct sigaction before {}, after {};
    ::sigaction(SIGINT, nullptr, &before);  // Catch2's own handler, or the default
    { const mwaa::cli::InterruptGuard guard; }
    ::sigaction(SIGINT, nullptr, &after);
    return after.sa_handler == before.sa_handler ? 0 : 1;
  });
  CHECK(code == 0);
}
