#include "models/mwaa/sqs_broker.hpp"

#include <algorithm>

namespace mwaa {

void SqsBroker::send(std::uint32_t ti, sim::Time now) {
  if (ti >= serial_.size()) serial_.resize(std::max<std::size_t>(ti + 1, serial_.size() * 2), 0);
  serial_[ti] += (serial_[ti] & 1u) ? 2u : 1u;  // make it odd: visible
  queue_.push_back(Message{ti, serial_[ti], now});
  ++visible_;
  update_gauges(now);
}

void SqsBroker::drop_stale_front() {
  while (!queue_.empty() && !live(queue_.front())) queue_.pop_front();
}

SqsBroker::Message SqsBroker::receive(sim::Time now) {
  drop_stale_front();
  Message m = queue_.front();
  queue_.pop_front();
  ++serial_[m.ti];  // even: no longer visible
  --visible_;
  ++in_flight_;
  update_gauges(now);
  return m;
}

void SqsBroker::ack(sim::Time now) {
  --in_flight_;
  update_gauges(now);
}

bool SqsBroker::revoke(std::uint32_t ti, sim::Time now) {
  if (!is_visible(ti)) return false;
  ++serial_[ti];
  --visible_;
  update_gauges(now);
  return true;
}

void SqsBroker::update_gauges(sim::Time now) {
  drop_stale_front();
  visible_gauge_.set(now, static_cast<double>(visible_));
  in_flight_gauge_.set(now, static_cast<double>(in_flight_));
  oldest_gauge_.set(now, queue_.empty() ? -1.0 : queue_.front().enqueued.to_seconds());
}

}  // namespace mwaa
