#include "models/result.hpp"

namespace mwaa {

std::string to_string(TiState s) {
  switch (s) {
    case TiState::None: return "none";
    case TiState::Scheduled: return "scheduled";
    case TiState::Queued: return "queued";
    case TiState::Running: return "running";
    case TiState::Success: return "success";
    case TiState::Failed: return "failed";
    case TiState::UpForRetry: return "up_for_retry";
    case TiState::UpstreamFailed: return "upstream_failed";
  }
  return "none";
}

std::string to_string(RunState s) {
  switch (s) {
    case RunState::Queued: return "queued";
    case RunState::Running: return "running";
    case RunState::Success: return "success";
    case RunState::Failed: return "failed";
  }
  return "queued";
}

std::string to_string(HoldReason r) {
  switch (r) {
    case HoldReason::PoolFull: return "pool_full";
    case HoldReason::MaxActiveTasks: return "max_active_tasks";
    case HoldReason::TaskConcurrency: return "task_concurrency";
    case HoldReason::Parallelism: return "parallelism";
    case HoldReason::SchedulerThroughput: return "scheduler_throughput";
    case HoldReason::WorkerSlots: return "worker_slots";
    case HoldReason::AutoscalingLag: return "autoscaling_lag";
    case HoldReason::Count: break;
  }
  return "unknown";
}

}  // namespace mwaa
