// Minimal SVG line/area charts for the HTML report: axes with round ticks,
// lines, P5-P95 bands, vertical markers and horizontal bars. Output is plain
// SVG text with no scripts and no external references.
#pragma once

#include <string>
#include <vector>

namespace mwaa::svg {

struct Series {
  std::string name, color;
  std::vector<double> x, y;
  std::vector<double> low, high;  // optional band (same length as x)
  bool dashed = false;
};

struct Marker {
  double x = 0;
  std::string label, color;
  bool dashed = true;
};

struct Chart {
  std::string title, x_label, y_label;
  double width = 860, height = 260;
  std::vector<Series> series;
  std::vector<Marker> markers;
  bool x_is_time = true;  // x in seconds, ticks as durations
};

std::string render(const Chart& chart);

// A horizontal timeline: for each interval [x0, x1) a coloured bar in the row
// of its category.
struct Segment {
  double x0 = 0, x1 = 0;
  std::size_t row = 0;
};
std::string render_timeline(const std::string& title, const std::vector<std::string>& rows,
                            const std::vector<std::string>& colors, const std::vector<Segment>& segments, double x_max);

std::string escape(const std::string& text);

}  // namespace mwaa::svg
