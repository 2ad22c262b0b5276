// The subcommands of `mwaa-sim`. Each lives in its own cmd_<name>.cpp and is
// listed once in commands.cpp; adding `check`, `sweep` or `calibrate` is a new
// file plus one line there.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mwaa::cli {

struct Command {
  std::string name;
  std::string summary;  // one line, for `mwaa-sim --help`
  // Full help: usage line and options (`mwaa-sim help NAME`, `NAME --help`).
  std::string (*help)();
  // Runs with the arguments after the command name; returns the exit code
  // (exit_codes.hpp). Throws UsageError / InputError for bad input; main()
  // turns exceptions into messages and exit codes.
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

const std::vector<Command>& commands();
const Command* find_command(const std::string& name);

// The commands (one definition each, in cmd_<name>.cpp).
std::string run_help();
int run_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string params_help();
int params_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string classes_help();
int classes_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string check_help();
int check_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string import_help();
int import_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string sweep_help();
int sweep_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string recommend_help();
int recommend_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string merge_help();
int merge_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string report_help();
int report_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string compare_help();
int compare_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string calibrate_help();
int calibrate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string validate_help();
int validate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace mwaa::cli
