#include "models/airflow_config.hpp"

#include <charconv>
#include <stdexcept>

namespace mwaa {

AirflowVersion AirflowVersion::parse(std::string_view text) {
  AirflowVersion v;
  v.text = std::string(text);
  std::string_view s = text;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  int parts[3] = {0, 0, 0};
  int count = 0;
  while (!s.empty() && count < 3) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || value < 0) break;
    parts[count++] = value;
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    if (s.empty() || s[0] != '.') break;
    s.remove_prefix(1);
  }
  if (count < 2 || !s.empty() || parts[0] < 2 || parts[0] > 3)
    throw std::invalid_argument("expected an Airflow version such as \"3.0.6\" or \"2.10.3\" (2.x or 3.x), got \"" +
                                std::string(text) + "\"");
  v.major = parts[0];
  v.minor = parts[1];
  v.patch = parts[2];
  return v;
}

}  // namespace mwaa
