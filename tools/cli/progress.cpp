#include "tools/cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace mwaa::cli {

bool progress_enabled_for(const std::ostream& err) { return &err == &std::cerr && ::isatty(STDERR_FILENO) == 1; }

std::string format_clock(std::chrono::seconds s) {
  const long long t = std::max<long long>(0, s.count());
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", t / 60, t % 60);
  return buf;
}

std::string format_progress_line(const std::string& label, int done, int total, std::chrono::milliseconds elapsed) {
  constexpr int kWidth = 24;
  total = std::max(total, 1);
  done = std::clamp(done, 0, total);
  const int filled = done * kWidth / total;
  std::string line = label + " [" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " + std::to_string(done) + "/" +
                     std::to_string(total) + " " + std::to_string(done * 100 / total) + "% elapsed " +
                     format_clock(std::chrono::duration_cast<std::chrono::seconds>(elapsed)) + " left ";
  if (done == 0) return line + "?";
  const auto left = elapsed * (total - done) / done;
  // Round up: "left ~0:00" while work remains would read as done.
  return line + "~" + format_clock(std::chrono::ceil<std::chrono::seconds>(left));
}

ProgressBar::ProgressBar(std::ostream& out, std::string label, int total, bool enabled, Now now)
    : out_(out), label_(std::move(label)), total_(total), enabled_(enabled), now_(std::move(now)), start_(now_()),
      last_draw_(start_) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  draw_locked(start_);
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(int done) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_ || done <= done_) return;
  done_ = done;
  const Clock::time_point at = now_();
  if (done_ >= total_ || done_ == 1 || at - last_draw_ >= kRedrawInterval) draw_locked(at);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  out_ << '\r' << std::string(drawn_width_, ' ') << '\r' << std::flush;
  drawn_width_ = 0;
}

std::function<void(int, int)> ProgressBar::callback() {
  return [this](int done, int) { update(done); };
}

void ProgressBar::draw_locked(Clock::time_point at) {
  const std::string line =
      format_progress_line(label_, done_, total_, std::chrono::duration_cast<std::chrono::milliseconds>(at - start_));
  // Pad over a longer previous line so no stale characters remain.
  const std::size_t pad = drawn_width_ > line.size() ? drawn_width_ - line.size() : 0;
  out_ << '\r' << line << std::string(pad, ' ') << std::flush;
  drawn_width_ = std::max(line.size(), drawn_width_);
  last_draw_ = at;
}

}  // namespace mwaa::cli
