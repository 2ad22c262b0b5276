// Runs the built mwaa-sim binary in a shell and captures its exit code,
// stdout and stderr (stderr goes to a file, so it is not a terminal: the
// progress bar must stay silent).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_test {

inline const std::string kBinary = MWAA_SIM_BINARY_DIR "/mwaa-sim";
inline const std::string kFixtures = MWAA_SIM_TEST_DIR "/cli/fixtures/";

// A scratch directory for one test, removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("mwaa-sim-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

// `args` is appended to the binary's path as shell words (quote as needed).
inline Outcome run(const std::string& args) {
  TempDir dir;
  const std::string out = dir.file("stdout"), err = dir.file("stderr");
  const int status = std::system((kBinary + " " + args + " >'" + out + "' 2>'" + err + "' </dev/null").c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = read_file(out);
  o.err = read_file(err);
  return o;
}

inline std::string fixture(const std::string& name) { return "'" + kFixtures + name + "'"; }

}  // namespace cli_test
