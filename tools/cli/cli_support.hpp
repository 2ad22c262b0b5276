// Helpers shared by the subcommands: usage errors with "did you mean"
// suggestions, and Boost.Program_options parsing that reports them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

namespace mwaa::cli {

inline constexpr const char* kVersion = "0.1.0";  // keep in step with project(VERSION) in CMakeLists.txt

// Bad command line: main() prints it with a pointer to the help, exit code 2.
class UsageError : public std::runtime_error {
 public:
  UsageError(const std::string& command, const std::string& message)
      : std::runtime_error(message), command_(command) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

// The candidate closest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// Parses `args` against `options` (+ positionals); turns every Program_options
// error into a UsageError naming `command`, with a suggestion for unknown options.
boost::program_options::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                                            const boost::program_options::options_description& options,
                                            const boost::program_options::positional_options_description& positional);

// "Usage: ..." plus the options, for a command's help text.
std::string help_text(const std::string& usage, const std::string& description,
                      const boost::program_options::options_description& options);

// Option values parsed by hand, so every mistake is a UsageError naming the
// command and the option (Program_options would read "-1" as 2^64 - 1).
// A non-negative integer seed ("--seed expects a non-negative integer ...").
std::uint64_t parse_seed(const std::string& command, const std::string& text);
// An integer in [min, max] for option `name` (e.g. "--replications").
int parse_int_option(const std::string& command, const std::string& name, const std::string& text, int min, int max);

// Writes an output file atomically (models/report/atomic_write.hpp); a path
// that cannot be written is a UsageError of `command`.
void write_output(const std::string& command, const std::string& path, const std::string& content);
// Several outputs, all written or none of the regular files replaced.
void write_outputs(const std::string& command, const std::vector<std::pair<std::string, std::string>>& files);

// Checked before any work, so a typo costs nothing: every path given to the
// options `outputs` must be non-empty, not a directory, in a directory that
// exists, not the same file as a path given to `inputs`, and not the same file
// as another output (files such as /dev/null excepted). UsageError naming the
// options otherwise. Options may hold one path or several.
void check_output_paths(const std::string& command, const boost::program_options::variables_map& vm,
                        const std::vector<std::string>& outputs, const std::vector<std::string>& inputs);

// An output's JSON text: 2-space indent and a final newline. Bytes that are not
// UTF-8 (a file name in Latin-1 copied into "source") become U+FFFD instead of
// making the serializer throw after the work is done.
template <class Json>
std::string json_text(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace mwaa::cli
