#include "models/report/atomic_write.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace mwaa {

namespace {

[[noreturn]] void fail(const std::string& path, int err) {
  throw std::runtime_error("cannot write " + path + ": " + std::strerror(err));
}

// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT in this thread from the
// first temp file's creation to the last rename, so Ctrl-C can never leave
// FILE.tmp.PID behind: a signal that arrives meanwhile is delivered when the
// mask is restored (the process then ends with complete files, or its
// handler records the signal). Outputs are written after the simulation
// threads have joined, so this thread is the one the signal reaches.
class SignalsDeferred {
 public:
  SignalsDeferred() {
    sigset_t block;
    sigemptyset(&block);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&block, s);
    pthread_sigmask(SIG_BLOCK, &block, &previous_);
  }
  ~SignalsDeferred() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsDeferred(const SignalsDeferred&) = delete;
  SignalsDeferred& operator=(const SignalsDeferred&) = delete;

 private:
  sigset_t previous_;
};

// Writes all of `content` to fd; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// An existing target that is not a regular file, following symlinks. A
// directory fails here, before any file of the call is touched.
bool is_special(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (S_ISDIR(st.st_mode)) fail(path, EISDIR);
  return !S_ISREG(st.st_mode);
}

// The file a symlink finally points to; the path itself otherwise (also for
// a dangling link, which rename then replaces).
std::string resolved(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return path;
  std::string out(real);
  std::free(real);
  return out;
}

struct Pending {
  const std::string* path;  // as the user gave it, for messages
  std::string target, tmp;
};

void remove_temps(const std::vector<Pending>& pending) {
  for (const Pending& p : pending) ::unlink(p.tmp.c_str());
}

// Creates, fills and syncs one temp file; on failure removes every temp file
// made so far and throws.
void write_temp(const Pending& p, std::string_view content, const std::vector<Pending>& made) {
  // 0666 & ~umask: the same permissions an ordinary ofstream would create.
  const int fd = ::open(p.tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int err = errno;
    remove_temps(made);
    fail(*p.path, err);
  }
  int err = write_all(fd, content);
  // fsync before rename: otherwise a crash can leave the new name pointing at
  // an empty file on some file systems.
  if (!err && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (err) {
    remove_temps(made);
    ::unlink(p.tmp.c_str());
    fail(*p.path, err);
  }
}

using FileViews = std::vector<std::pair<const std::string*, std::string_view>>;

void write_all_files(const FileViews& files) {
  for (const auto& [path, content] : files) is_special(*path);  // directories refused first
  std::vector<std::size_t> direct;
  {
    const SignalsDeferred deferred;
    std::vector<Pending> made;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string& path = *files[i].first;
      if (is_special(path)) {
        direct.push_back(i);
        continue;
      }
      Pending p{&path, resolved(path), ""};
      p.tmp = p.target + ".tmp." + std::to_string(static_cast<long long>(::getpid()));
      write_temp(p, files[i].second, made);
      made.push_back(std::move(p));
    }
    for (std::size_t k = 0; k < made.size(); ++k)
      if (std::rename(made[k].tmp.c_str(), made[k].target.c_str()) != 0) {
        const int err = errno;
        remove_temps({made.begin() + static_cast<std::ptrdiff_t>(k), made.end()});
        fail(*made[k].path, err);
      }
  }
  for (std::size_t i : direct) {
    const std::string& path = *files[i].first;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(path, errno);
    const int err = write_all(fd, files[i].second);
    if (::close(fd) != 0 && !err) fail(path, errno);
    if (err) fail(path, err);
  }
}

}  // namespace

void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
  FileViews views;
  for (const auto& [path, content] : files) views.emplace_back(&path, content);
  write_all_files(views);
}

void write_file_atomically(const std::string& path, std::string_view content) { write_all_files({{&path, content}}); }

}  // namespace mwaa
