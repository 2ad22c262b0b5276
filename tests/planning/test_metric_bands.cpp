// banded_series: mean, P5 and P95 per period over replications, aligned by
// period index, shorter replications padded with their last value.
#include <catch2/catch.hpp>

#include "models/planning/metric_bands.hpp"

using namespace mwaa;

namespace {

MetricSeries series(const std::string& id, std::vector<double> values) {
  MetricSeries s;
  s.id = id;
  s.label = "QueuedTasks";
  s.namespace_ = "AWS/MWAA";
  s.metric = "QueuedTasks";
  s.stat = Statistic::Maximum;
  for (std::size_t k = 0; k < values.size(); ++k) s.timestamps.push_back(1000 + 60 * static_cast<std::int64_t>(k));
  s.values = std::move(values);
  return s;
}

}  // namespace

TEST_CASE("banded_series: mean and P5 / P95 bands, padded with the last value") {
  // Replication 2 ends after two periods: its third and fourth values are its last, 6.
  const std::vector<std::vector<MetricSeries>> reps = {
      {series("queue", {0, 10, 20, 30})},
      {series("queue", {2, 4, 8, 16})},
      {series("queue", {4, 6})},
  };
  const std::vector<MetricSeries> out = banded_series(reps);
  REQUIRE(out.size() == 3);
  const MetricSeries &mean = out[0], &p5 = out[1], &p95 = out[2];
  CHECK(mean.id == "queue");
  CHECK(mean.label == "QueuedTasks");
  CHECK(p5.id == "queue_p5");
  CHECK(p5.label == "QueuedTasks p5");
  CHECK(p95.id == "queue_p95");
  CHECK(p95.label == "QueuedTasks p95");
  CHECK(p95.metric == "QueuedTasks");
  CHECK(mean.timestamps == std::vector<std::int64_t>{1000, 1060, 1120, 1180});
  CHECK(p5.timestamps == mean.timestamps);
  // Period 2: values 20, 8, 6 (padded): mean 34/3; sorted 6, 8, 20:
  // P5 at rank 0.1 = 6 + 0.1 * 2 = 6.2; P95 at rank 1.9 = 8 + 0.9 * 12 = 18.8.
  REQUIRE(mean.values.size() == 4);
  CHECK(mean.values[0] == Approx(2));
  CHECK(mean.values[2] == Approx(11.333));  // 34 / 3, rounded to 3 decimals
  CHECK(p5.values[2] == Approx(6.2));
  CHECK(p95.values[2] == Approx(18.8));
  // Period 3: 30, 16, 6: mean 52/3, P5 = 6 + 0.1 * 10 = 7, P95 = 16 + 0.9 * 14 = 28.6.
  CHECK(mean.values[3] == Approx(17.333));  // 52 / 3
  CHECK(p5.values[3] == Approx(7));
  CHECK(p95.values[3] == Approx(28.6));
}

TEST_CASE("banded_series keeps the series order: each series, then its bands") {
  const std::vector<std::vector<MetricSeries>> reps = {
      {series("a", {1}), series("b", {2})},
      {series("a", {3}), series("b", {4})},
  };
  const auto out = banded_series(reps);
  REQUIRE(out.size() == 6);
  CHECK(out[0].id == "a");
  CHECK(out[1].id == "a_p5");
  CHECK(out[2].id == "a_p95");
  CHECK(out[3].id == "b");
  CHECK(out[3].values == std::vector<double>{3});
  // A single replication is its own mean and bands; no replication gives nothing.
  const auto single = banded_series({{series("a", {5, 7})}});
  CHECK(single[1].values == std::vector<double>{5, 7});
  CHECK(banded_series({}).empty());
}

TEST_CASE("banded_series rejects replications with different series") {
  CHECK_THROWS_AS(banded_series({{series("a", {1})}, {series("b", {1})}}), std::invalid_argument);
  CHECK_THROWS_AS(banded_series({{series("a", {1})}, {}}), std::invalid_argument);
}
