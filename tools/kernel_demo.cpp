// Kernel demo: an M/M/c queue on the sim/ kernel, checked against theory.
// Usage: kernel-demo [seed] [customers]
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "sim/distribution.hpp"
#include "sim/engine.hpp"
#include "sim/random.hpp"
#include "sim/recorder.hpp"

namespace {

class MMc final : public sim::EventHandler {
 public:
  enum Kind : std::uint32_t { Arrival, Departure };
  MMc(std::uint64_t seed, int servers, double arrival_mean, double service_mean, long customers)
      : arrivals_(seed, "arrivals"), service_(seed, "service"), servers_(servers),
        interarrival_(sim::Distribution::exponential(arrival_mean)),
        service_time_(sim::Distribution::exponential(service_mean)), remaining_(customers) {}

  void start(sim::Engine& e) { e.schedule_in(sim::Time::zero(), *this, Arrival); }

  void on_event(sim::Engine& e, std::uint32_t kind, std::uint64_t) override {
    if (kind == Arrival) {
      if (--remaining_ > 0) e.schedule_in(sim::Time::from_seconds(interarrival_.sample(arrivals_)), *this, Arrival);
      in_system_.add(e.now(), 1);
      if (busy_ < servers_) begin(e, e.now()); else waiting_.push_back(e.now());
    } else {
      --busy_;
      in_system_.add(e.now(), -1);
      if (!waiting_.empty()) { begin(e, waiting_.front()); waiting_.pop_front(); }
    }
  }

  sim::Gauge in_system_;
  sim::Samples waits_;

 private:
  void begin(sim::Engine& e, sim::Time arrived) {
    ++busy_;
    waits_.add((e.now() - arrived).to_seconds());
    e.schedule_in(sim::Time::from_seconds(service_time_.sample(service_)), *this, Departure);
  }
  sim::RandomStream arrivals_, service_;
  int servers_, busy_ = 0;
  sim::Distribution interarrival_, service_time_;
  long remaining_;
  std::deque<sim::Time> waiting_;
};

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1;
  const long customers = argc > 2 ? std::atol(argv[2]) : 200000;
  sim::Engine engine;
  MMc model(seed, 2, 1.0, 1.6, customers);  // lambda=1, mu=1/1.6, c=2: rho=0.8
  model.start(engine);
  const auto outcome = engine.run();
  std::printf("M/M/2 queue, lambda=1/s, mean service 1.6 s (utilisation 0.8), seed %llu\n",
              static_cast<unsigned long long>(seed));
  std::printf("outcome %s after %llu events, simulated %s\n", sim::to_string(outcome).c_str(),
              static_cast<unsigned long long>(engine.events_executed()), sim::format_duration(engine.now()).c_str());
  std::printf("mean wait %.3f s (theory 2.844 s), P95 wait %.3f s, mean in system %.3f (theory 4.444)\n",
              model.waits_.mean(), model.waits_.quantile(0.95),
              model.in_system_.time_average(sim::Time::zero(), engine.now()));
  return 0;
}
