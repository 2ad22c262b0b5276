// MWAA's Celery workers (Fargate containers) and the tasks they run.
//
// A worker has `capacity` slots (celery.worker_autoscale max, or the class
// default). A slot is held from the moment the worker takes the message
// (prefetch = concurrency, acks late) through start-up, the task's run time
// and the final state write (model-notes 7). Per task the events are:
//   take (message leaves SQS) -> Pickup (+worker_pickup_latency)
//   -> CodeStart (+task_startup_overhead) -> CodeEnd (+duration)
//   -> Finish (+task_state_write_latency: state written, slot free, ack).
// start_date is Pickup in Airflow 3 and CodeStart in Airflow 2 (model-notes 6).
// Worker lifecycle: Provisioning -> Active -> (Draining | Stopping) -> Gone.
// Worker 0 is the BaseWorker; it is never removed.
// Dispatch policy: the active worker with the most free slots takes the next
// message (ties: lowest index), approximating several long-polling consumers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/random.hpp"

namespace mwaa {

class Environment;

class WorkerFleet final : public sim::EventHandler {
 public:
  enum Kind : std::uint32_t { Provisioned, Pickup, CodeStart, CodeEnd, Finish, ExitCheck, Kill };
  enum class State : std::uint8_t { Provisioning, Active, Draining, Stopping, Gone };

  struct Worker {
    State state = State::Provisioning;
    int busy = 0;
    sim::Time launched;
    sim::Time ready;
    sim::EventId pending;            // provisioning, exit check or kill
    std::vector<std::uint32_t> tis;  // tasks holding a slot
  };

  WorkerFleet(Environment& env, int capacity, std::uint64_t seed);
  void on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) override;

  // Starts n workers already active at t = 0 (MinWorkers).
  void start_initial(int n, sim::Time now);
  void launch(sim::Time now);                 // a new worker, active after provisioning
  void drain(int worker, sim::Time now);      // stop intake, leave when idle
  void stop(int worker, sim::Time now, sim::Time kill_after);  // legacy: leave when idle, kill at the deadline
  bool resume(int worker, sim::Time now);     // cancel draining/provisioning-cancel
  void cancel_provisioning(int worker, sim::Time now);
  // Gives visible SQS messages to workers with free slots.
  void dispatch(sim::Time now);

  int capacity() const { return capacity_; }
  const std::vector<Worker>& workers() const { return workers_; }
  int count(State s) const;
  int live() const { return count(State::Active) + count(State::Draining) + count(State::Stopping); }
  int free_active_slots() const;

 private:
  int choose_worker() const;
  void release_slot(int worker, std::uint32_t ti, sim::Time now);
  void maybe_exit(int worker, sim::Time now);
  void set_state(int worker, State s, sim::Time now);
  void update_gauges(sim::Time now);
  sim::RandomStream ti_stream(std::uint32_t ti, std::uint64_t purpose) const;

  Environment& env_;
  int capacity_;
  std::uint64_t seed_;
  sim::RandomStream provisioning_rng_;
  std::vector<Worker> workers_;
  std::vector<sim::EventId> ti_event_;   // pending task event per TI (for kills)
  std::vector<std::uint8_t> executing_;  // per TI: its code is running
  std::vector<std::uint32_t> slot_index_;  // per TI: its position in its worker's tis
  int counts_[5] = {0, 0, 0, 0, 0};
};

}  // namespace mwaa
