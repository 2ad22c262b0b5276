// Exit codes of `mwaa-sim`, documented in its --help.
#pragma once

namespace mwaa::cli {

enum ExitCode : int {
  kExitOk = 0,
  // The answer is "no": `run` did not finish within the time limit, `check`
  // missed a target, `recommend` found no configuration meeting the targets.
  kExitNotFinished = 1,
  kExitTargetMissed = 1,
  kExitUsage = 2,        // bad input or usage (scenario file, option, output path)
  kExitInternal = 3,     // a bug: an unexpected exception
  // Stopped by a signal (tools/cli/interrupt.hpp): 128 + the signal number,
  // the shell convention: 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
  kExitSignalBase = 128,
};

}  // namespace mwaa::cli
