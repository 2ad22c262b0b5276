// CloudWatch series over replications: for each series, the mean over the
// replications plus P5 and P95 bands, as extra series that any CloudWatch
// writer (metric_data_json, metric_data_csv) prints next to it.
//
// Replications are aligned by period index (period k of every replication is
// the same offset from the scenario start). A replication shorter than the
// longest is padded with its last value (its state when it ended holds on; a
// series with no period at all counts as 0), so the bands cover the longest run.
#pragma once

#include <vector>

#include "models/report/cloudwatch_export.hpp"

namespace mwaa {

// The suffixes of the band series: Id "<id>_p5", Label "<label> p5".
inline constexpr const char* kLowBandId = "_p5";
inline constexpr const char* kLowBandLabel = " p5";
inline constexpr const char* kHighBandId = "_p95";
inline constexpr const char* kHighBandLabel = " p95";

// per_replication[r] = cloudwatch_series() of replication r; every replication
// must list the same series (same Ids, same order), as runs of one scenario do,
// else std::invalid_argument. Returns, per series: the mean series (the
// original Id and Label), then its P5 band, then its P95 band; timestamps are
// those of the longest replication. Values are rounded to 3 decimals.
std::vector<MetricSeries> banded_series(const std::vector<std::vector<MetricSeries>>& per_replication);

}  // namespace mwaa
