// A progress bar on stderr for long jobs (replications now; sweeps and
// calibration later): "replications [#####.....] 12/50 24% elapsed 0:07 left ~0:22".
//
// Shown only when stderr is a terminal, so logs, pipes and CI output stay
// clean; redrawn in place at most every 100 ms; cleared when the job ends, so
// the report printed afterwards starts on a clean line. update() is
// thread-safe: replications report from their worker threads.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>

namespace mwaa::cli {

// True when `err` is std::cerr and file descriptor 2 is a terminal.
bool progress_enabled_for(const std::ostream& err);

// "0:07", "12:34", "1:02:03".
std::string format_clock(std::chrono::seconds s);

// The bar's line for `done` of `total` after `elapsed`; the time left is
// estimated from the mean time per item so far ("left ?" before the first).
std::string format_progress_line(const std::string& label, int done, int total, std::chrono::milliseconds elapsed);

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  static constexpr std::chrono::milliseconds kRedrawInterval{100};

  // Draws nothing at all unless `enabled`. `now` is replaceable for tests.
  ProgressBar(std::ostream& out, std::string label, int total, bool enabled, Now now = Clock::now);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  // `done` items of total are finished. Reports may arrive out of order from
  // several threads; the highest count wins. Redraws when the last redraw is
  // at least kRedrawInterval old, and always for the first and the last item.
  void update(int done);
  // Clears the line (once; later calls and updates do nothing).
  void finish();
  // update() as a callback of (done, total), e.g. ReplicationOptions::progress.
  std::function<void(int, int)> callback();

 private:
  void draw_locked(Clock::time_point at);

  std::mutex mutex_;
  std::ostream& out_;
  const std::string label_;
  const int total_;
  const bool enabled_;
  const Now now_;
  const Clock::time_point start_;
  Clock::time_point last_draw_;
  int done_ = 0;
  std::size_t drawn_width_ = 0;  // characters on the line now, to clear it
  bool finished_ = false;
};

}  // namespace mwaa::cli
