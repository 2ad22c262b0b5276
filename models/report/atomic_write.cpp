#include "models/report/atomic_write.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace mwaa {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& tmp, int err, bool remove_tmp) {
  if (remove_tmp) ::unlink(tmp.c_str());
  throw std::runtime_error("cannot write " + path + ": " + std::strerror(err));
}

// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT in this thread from the temp
// file's creation to its rename, so Ctrl-C can never leave FILE.tmp.PID
// behind: a signal that arrives meanwhile is delivered when the mask is
// restored, after the rename (the process then ends with a complete file, or
// its handler records the signal). Outputs are written after the simulation
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

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  const SignalsDeferred deferred;
  const std::string tmp = path + ".tmp." + std::to_string(static_cast<long long>(::getpid()));
  // 0666 & ~umask: the same permissions an ordinary ofstream would create.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, tmp, errno, false);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail(path, tmp, err, true);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  // fsync before rename: otherwise a crash can leave the new name pointing at
  // an empty file on some file systems.
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail(path, tmp, err, true);
  }
  if (::close(fd) != 0) fail(path, tmp, errno, true);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail(path, tmp, errno, true);
}

}  // namespace mwaa
