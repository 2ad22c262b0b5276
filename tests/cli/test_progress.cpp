// The progress bar (tools/cli/progress.*). test_cli links only the models
// library, not the CLI's sources, so the one source file under test is
// compiled in here; it depends on nothing else of the CLI.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

#include "tools/cli/progress.cpp"  // NOLINT(bugprone-suspicious-include): see above

using namespace mwaa::cli;
using namespace std::chrono_literals;

namespace {

// A clock the test moves by hand.
struct FakeClock {
  ProgressBar::Clock::time_point now{};
  ProgressBar::Now fn() {
    return [this] { return now; };
  }
};

std::size_t count_of(const std::string& s, char c) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), c)); }

}  // namespace

TEST_CASE("format_clock") {
  CHECK(format_clock(0s) == "0:00");
  CHECK(format_clock(7s) == "0:07");
  CHECK(format_clock(754s) == "12:34");
  CHECK(format_clock(3723s) == "1:02:03");
}

TEST_CASE("progress line: count, percent, elapsed and time left") {
  // 12 of 50 after 7 s: 7 s / 12 per item, 38 left: 22.2 s, rounded up to 0:23; 12 * 24 / 50 = 5 of 24 filled.
  CHECK(format_progress_line("replications", 12, 50, 7000ms) ==
        "replications [#####...................] 12/50 24% elapsed 0:07 left ~0:23");
  CHECK(format_progress_line("replications", 0, 50, 0ms) ==
        "replications [........................] 0/50 0% elapsed 0:00 left ?");
  CHECK(format_progress_line("sweep", 4, 4, 65000ms) == "sweep [########################] 4/4 100% elapsed 1:05 left ~0:00");
}

TEST_CASE("progress bar is silent when disabled, and stderr is not a terminal in a string stream") {
  std::ostringstream out;
  CHECK_FALSE(progress_enabled_for(out));
  {
    ProgressBar bar(out, "replications", 10, false);
    for (int i = 1; i <= 10; ++i) bar.update(i);
    bar.callback()(3, 10);
    bar.finish();
  }
  CHECK(out.str().empty());
}

TEST_CASE("progress bar redraws at most every 100 ms and clears its line at the end") {
  std::ostringstream out;
  FakeClock clock;
  ProgressBar bar(out, "replications", 10, true, clock.fn());
  CHECK(count_of(out.str(), '\r') == 1);  // 0/10 at once
  bar.update(1);                           // the first item always shows
  CHECK(out.str().find("1/10") != std::string::npos);
  clock.now += 50ms;
  bar.update(2);  // too soon
  CHECK(out.str().find("2/10") == std::string::npos);
  clock.now += 60ms;
  bar.update(3);
  CHECK(out.str().find("3/10 30%") != std::string::npos);
  bar.update(2);  // late report from another thread: ignored
  clock.now += 1ms;
  bar.update(10);  // the last always shows
  CHECK(out.str().find("10/10 100%") != std::string::npos);
  const std::size_t before = out.str().size();
  bar.finish();
  const std::string end = out.str().substr(before);
  CHECK(end.front() == '\r');
  CHECK(end.back() == '\r');
  CHECK(end.find_first_not_of("\r ") == std::string::npos);  // blanks only: the line is cleared
  bar.finish();
  bar.update(10);
  CHECK(out.str().size() == before + end.size());  // nothing after finish
}

TEST_CASE("progress bar takes updates from many threads") {
  std::ostringstream out;
  {
    ProgressBar bar(out, "replications", 800, true);
    auto cb = bar.callback();
    std::vector<std::thread> threads;
    std::atomic<int> done{0};
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 100; ++i) cb(++done, 800);
      });
    for (auto& t : threads) t.join();
  }
  CHECK(out.str().find("800/800 100%") != std::string::npos);
  CHECK(out.str().back() == '\r');
}
