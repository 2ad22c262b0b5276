// Exit codes of `mwaa-sim`, documented in its --help.
#pragma once

namespace mwaa::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitNotFinished = 1,  // the run did not finish within the scenario's time limit
  kExitUsage = 2,        // bad input or usage (scenario file, option, output path)
  kExitInternal = 3,     // a bug: an unexpected exception
};

}  // namespace mwaa::cli
