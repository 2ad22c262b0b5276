#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/report/atomic_write.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh, empty directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("mwaa-sim-report-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("atomic write creates the file", "[report][atomic]") {
  TempDir dir("create");
  const auto file = dir.path / "out.json";
  mwaa::write_file_atomically(file.string(), "{\"a\": 1}\n");
  CHECK(read(file) == "{\"a\": 1}\n");
  CHECK(dir.entries() == std::vector<std::string>{"out.json"});
}

TEST_CASE("atomic write replaces an existing file whole", "[report][atomic]") {
  TempDir dir("replace");
  const auto file = dir.path / "out.csv";
  { std::ofstream(file) << "an older and much longer content that must disappear entirely\n"; }
  mwaa::write_file_atomically(file.string(), "new\n");
  CHECK(read(file) == "new\n");
  mwaa::write_file_atomically(file.string(), "");
  CHECK(read(file).empty());
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});  // no temporary left behind
}

TEST_CASE("atomic write fails cleanly when the directory does not exist", "[report][atomic]") {
  TempDir dir("missing");
  const auto file = dir.path / "no-such-dir" / "out.json";
  try {
    mwaa::write_file_atomically(file.string(), "x");
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "cannot write " + file.string() + ": No such file or directory");
  }
  CHECK_FALSE(fs::exists(file));
  CHECK(dir.entries().empty());
}

TEST_CASE("atomic write leaves the target and no temporary when the rename fails", "[report][atomic]") {
  TempDir dir("rename");
  const auto target = dir.path / "taken";
  fs::create_directories(target / "inside");  // a non-empty directory cannot be replaced by a file
  CHECK_THROWS_WITH(mwaa::write_file_atomically(target.string(), "data"),
                    Catch::Matchers::StartsWith("cannot write " + target.string() + ": "));
  CHECK(fs::is_directory(target / "inside"));
  CHECK(dir.entries() == std::vector<std::string>{"taken"});
}
