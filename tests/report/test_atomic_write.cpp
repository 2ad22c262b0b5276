#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
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

TEST_CASE("atomic write through a symlink replaces the file it points to and keeps the link", "[report][atomic]") {
  TempDir dir("symlink");
  const auto real = dir.path / "real.json", link = dir.path / "link.json";
  std::ofstream(real) << "old\n";
  fs::create_symlink(real, link);
  mwaa::write_file_atomically(link.string(), "new\n");
  CHECK(fs::is_symlink(link));
  CHECK(read(real) == "new\n");
  CHECK(dir.entries() == std::vector<std::string>{"link.json", "real.json"});
}

TEST_CASE("atomic write to a device writes through it instead of replacing it", "[report][atomic]") {
  // /dev/null cannot be renamed over (and must never be, even as root).
  mwaa::write_file_atomically("/dev/null", "discarded\n");
  CHECK(fs::is_character_file("/dev/null"));
  // /dev/full: the write itself fails, and says so.
  if (fs::is_character_file("/dev/full"))
    CHECK_THROWS_WITH(mwaa::write_file_atomically("/dev/full", "x"), "cannot write /dev/full: No space left on device");
}

TEST_CASE("several outputs are all written or none of them replaced", "[report][atomic]") {
  TempDir dir("several");
  const auto a = dir.path / "a.json", b = dir.path / "missing" / "b.json";
  std::ofstream(a) << "old a\n";
  CHECK_THROWS_WITH(mwaa::write_files_atomically({{a.string(), "new a\n"}, {b.string(), "new b\n"}}),
                    "cannot write " + b.string() + ": No such file or directory");
  CHECK(read(a) == "old a\n");                               // the first one was not replaced
  CHECK(dir.entries() == std::vector<std::string>{"a.json"});  // and its temp file is gone

  const auto c = dir.path / "c.json";
  mwaa::write_files_atomically({{a.string(), "new a\n"}, {c.string(), "c\n"}});
  CHECK(read(a) == "new a\n");
  CHECK(read(c) == "c\n");
}

TEST_CASE("a directory among several outputs fails before any file is touched", "[report][atomic]") {
  TempDir dir("dir-first");
  const auto a = dir.path / "a.json";
  std::ofstream(a) << "old\n";
  CHECK_THROWS_WITH(mwaa::write_files_atomically({{a.string(), "new\n"}, {dir.path.string(), "x"}}),
                    "cannot write " + dir.path.string() + ": Is a directory");
  CHECK(read(a) == "old\n");
  CHECK(dir.entries() == std::vector<std::string>{"a.json"});
}
