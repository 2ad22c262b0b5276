// mwaa-sim: command-line entry point. Dispatches to the subcommands
// (commands.hpp) and is the one place that turns exceptions into messages on
// stderr and exit codes (exit_codes.hpp); results go to stdout.
#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "models/errors.hpp"
#include "models/scenario.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"

namespace {

using namespace mwaa::cli;

std::string overview() {
  std::string s =
      "mwaa-sim: a discrete-event simulator of Amazon MWAA (Airflow on AWS) scheduling capacity.\n\n"
      "Usage: mwaa-sim COMMAND [ARGS...]\n"
      "       mwaa-sim help COMMAND | mwaa-sim COMMAND --help\n"
      "       mwaa-sim --version\n\n"
      "Commands:\n";
  for (const auto& c : commands()) s += "  " + c.name + std::string(c.name.size() < 10 ? 10 - c.name.size() : 1, ' ') + c.summary + "\n";
  s +=
      "\nExit codes: 0 ok; 1 the answer is no (run: did not finish within the time limit;\n"
      "            check: a target missed; recommend: no configuration meets the targets);\n"
      "            2 bad input, usage, a scenario too large for memory, or (check) a run that\n"
      "            could not finish; 3 internal error; 130 Ctrl-C (143 SIGTERM), no output written.\n";
  return s;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : commands()) names.push_back(c.name);
  return names;
}

const Command& command_or_throw(const std::string& name) {
  if (const Command* c = find_command(name)) return *c;
  throw UsageError("", "unknown command '" + name + "'" + did_you_mean(name, command_names()));
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << overview();
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h") {
    std::cout << overview();
    return kExitOk;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "mwaa-sim " << kVersion << "\n";
    return kExitOk;
  }
  if (first == "help") {
    if (args.size() == 1) {
      std::cout << overview();
      return kExitOk;
    }
    std::cout << command_or_throw(args[1]).help();
    return kExitOk;
  }
  if (!first.empty() && first[0] == '-')
    throw UsageError("", "unknown option '" + first + "'" + did_you_mean(first, {"--help", "--version"}));
  const Command& cmd = command_or_throw(first);
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& a : rest)
    if (a == "--help" || a == "-h") {
      std::cout << cmd.help();
      return kExitOk;
    }
  return cmd.run(rest, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const int code = dispatch(args);
    // A full disk or a closed pipe behind stdout must not pass for success.
    if (!std::cout.flush()) {
      std::cerr << "mwaa-sim: error: cannot write the standard output" << (errno ? std::string(": ") + std::strerror(errno) : "")
                << "\n";
      return code == kExitOk ? kExitUsage : code;
    }
    return code;
  } catch (const UsageError& e) {
    std::cerr << "mwaa-sim" << (e.command().empty() ? "" : " " + e.command()) << ": " << e.what() << "\n"
              << "See 'mwaa-sim " << (e.command().empty() ? "--help" : "help " + e.command()) << "'.\n";
    return kExitUsage;
  } catch (const mwaa::Interrupted& e) {
    std::cerr << "mwaa-sim: interrupted (signal " << e.signal() << "); no output written\n";
    return kExitSignalBase + e.signal();
  } catch (const mwaa::InputError& e) {
    std::cerr << "mwaa-sim: error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    // Estimates refuse what clearly cannot fit (docs/limits.md, "Memory"); this
    // is what was too close to call.
    std::cerr << "mwaa-sim: error: out of memory: the input needs more memory than this machine (or ulimit -v) "
                 "allows; reduce it, or see docs/limits.md\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "mwaa-sim: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    std::cerr << "mwaa-sim: internal error: unknown exception\n";
    return kExitInternal;
  }
}
