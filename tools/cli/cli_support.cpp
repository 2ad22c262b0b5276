#include "tools/cli/cli_support.hpp"

#include <algorithm>
#include <cctype>
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
  try {
    write_file_atomically(path, content);
  } catch (const std::runtime_error& e) {
    throw UsageError(command, e.what());
  }
}

}  // namespace mwaa::cli
