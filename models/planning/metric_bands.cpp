#include "models/planning/metric_bands.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/planning/statistics.hpp"
#include "models/report/number_format.hpp"

namespace mwaa {

namespace {

MetricSeries band_like(const MetricSeries& model, const std::string& id_suffix, const std::string& label_suffix) {
  MetricSeries b = model;
  b.id += id_suffix;
  b.label += label_suffix;
  b.values.clear();
  return b;
}

// Value of `s` at period k, padded with its last value past its end.
double padded(const MetricSeries& s, std::size_t k) {
  if (s.values.empty()) return 0;
  return k < s.values.size() ? s.values[k] : s.values.back();
}

}  // namespace

std::vector<MetricSeries> banded_series(const std::vector<std::vector<MetricSeries>>& per_replication) {
  std::vector<MetricSeries> out;
  if (per_replication.empty()) return out;
  const std::vector<MetricSeries>& first = per_replication.front();
  for (const auto& rep : per_replication) {
    if (rep.size() != first.size())
      throw std::invalid_argument("banded_series: replications list different numbers of series");
    for (std::size_t i = 0; i < rep.size(); ++i)
      if (rep[i].id != first[i].id)
        throw std::invalid_argument("banded_series: series " + std::to_string(i) + " is '" + rep[i].id +
                                    "' in one replication and '" + first[i].id + "' in another");
  }

  out.reserve(first.size() * 3);
  std::vector<double> at_k(per_replication.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    // The longest replication gives the timestamps (and the definition).
    const MetricSeries* longest = &first[i];
    for (const auto& rep : per_replication)
      if (rep[i].timestamps.size() > longest->timestamps.size()) longest = &rep[i];
    MetricSeries mean = band_like(*longest, "", "");
    MetricSeries low = band_like(*longest, kLowBandId, kLowBandLabel);
    MetricSeries high = band_like(*longest, kHighBandId, kHighBandLabel);
    for (std::size_t k = 0; k < longest->timestamps.size(); ++k) {
      double sum = 0;  // in replication order: the same sum for any thread count
      for (std::size_t r = 0; r < per_replication.size(); ++r) {
        at_k[r] = padded(per_replication[r][i], k);
        sum += at_k[r];
      }
      // Rounded to 3 decimals like every other exported number: byte-stable and readable.
      mean.values.push_back(round3(sum / static_cast<double>(per_replication.size())));
      std::sort(at_k.begin(), at_k.end());
      low.values.push_back(round3(percentile_sorted(at_k, 0.05)));
      high.values.push_back(round3(percentile_sorted(at_k, 0.95)));
    }
    out.push_back(std::move(mean));
    out.push_back(std::move(low));
    out.push_back(std::move(high));
  }
  return out;
}

}  // namespace mwaa
