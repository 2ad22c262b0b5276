#include "tools/cli/cli_support.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <sstream>

#include "models/report/atomic_write.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // Case-insensitive: "maximum" and "MAXIMUM" are typos of "Maximum" too.
    const std::size_t d = edit_distance(lower(word), lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  return n.empty() ? "" : " (did you mean '" + n + "'?)";
}

po::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                        const po::options_description& options, const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> known;
    for (const auto& o : options.options())
      if (!o->long_name().empty()) known.push_back("--" + o->long_name());
    throw UsageError(command, "unknown option '" + e.get_option_name() + "'" + did_you_mean(e.get_option_name(), known));
  } catch (const po::error& e) {
    throw UsageError(command, e.what());
  }
  return vm;
}

std::string help_text(const std::string& usage, const std::string& description, const po::options_description& options) {
  std::ostringstream opts;
  opts << options;
  // A nested group prints with a leading blank line; a flat one does not.
  std::string o = opts.str();
  o.erase(0, o.find_first_not_of('\n'));
  return "Usage: " + usage + "\n\n" + description + "\n\n" + o;
}

namespace {

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::uint64_t parse_seed(const std::string& command, const std::string& text) {
  if (!all_digits(text)) throw UsageError(command, "--seed expects a non-negative integer, got '" + text + "'");
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    throw UsageError(command, "--seed is out of range (at most 18446744073709551615): '" + text + "'");
  }
}

int parse_int_option(const std::string& command, const std::string& name, const std::string& text, int min, int max) {
  const std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  const bool negative = !text.empty() && text[0] == '-';
  if (!all_digits(negative ? text.substr(1) : text))
    throw UsageError(command, name + " expects an integer" + range + ", got '" + text + "'");
  long long v = 0;
  try {
    v = std::stoll(text);
  } catch (const std::out_of_range&) {
    throw UsageError(command, name + " expects an integer" + range + ", got '" + text + "'");
  }
  if (v < min || v > max) throw UsageError(command, name + " expects an integer" + range + ", got '" + text + "'");
  return static_cast<int>(v);
}

void write_output(const std::string& command, const std::string& path, const std::string& content) {
  write_outputs(command, {{path, content}});
}

void write_outputs(const std::string& command, const std::vector<std::pair<std::string, std::string>>& files) {
  try {
    write_files_atomically(files);
  } catch (const std::runtime_error& e) {
    throw UsageError(command, e.what());
  }
}

namespace {

std::vector<std::string> paths_of(const po::variables_map& vm, const std::string& option) {
  if (!vm.count(option)) return {};
  const boost::any& v = vm[option].value();
  if (const auto* one = boost::any_cast<std::string>(&v)) return {*one};
  if (const auto* many = boost::any_cast<std::vector<std::string>>(&v)) return *many;
  return {};
}

// Identifies a file: device and inode when it exists (hard links and
// symlinks compare equal), else the absolute normal path it would get.
std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return "inode " + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(path, ec);
  return "path " + (ec ? path : p.string());
}

bool is_special_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

}  // namespace

void check_output_paths(const std::string& command, const po::variables_map& vm, const std::vector<std::string>& outputs,
                        const std::vector<std::string>& inputs) {
  std::map<std::string, std::string> seen;  // identity -> "--option PATH"
  for (const std::string& option : inputs)
    for (const std::string& path : paths_of(vm, option)) seen.emplace(file_identity(path), "the input " + path);
  for (const std::string& option : outputs)
    for (const std::string& path : paths_of(vm, option)) {
      const std::string flag = "--" + option;
      if (path.empty()) throw UsageError(command, flag + ": the path is empty");
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec))
        throw UsageError(command, flag + ": " + path + " is a directory; expected a file name");
      if (is_special_file(path)) continue;  // /dev/null, /dev/stdout, a FIFO: written through
      const std::filesystem::path parent = std::filesystem::path(path).parent_path();
      if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        throw UsageError(command, flag + ": the directory " + parent.string() + " does not exist");
      const auto [it, fresh] = seen.emplace(file_identity(path), flag + " " + path);
      if (!fresh) throw UsageError(command, flag + " " + path + " is the same file as " + it->second);
    }
}

}  // namespace mwaa::cli
