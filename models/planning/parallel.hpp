// Runs fn(i) for i in [0, n) on `threads` threads (0 = all cores). Each index
// runs exactly once; callers store results by index, so the outcome does not
// depend on the thread count or the order in which indices finish.
#pragma once

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace mwaa {

template <class Fn>
void parallel_for(int n, int threads, Fn fn) {
  if (n <= 0) return;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::clamp(threads, 1, n);
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace mwaa
