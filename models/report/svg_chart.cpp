#include "models/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "sim/time.hpp"

namespace mwaa::svg {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr double kLeft = 60, kRight = 20, kTop = 44, kBottom = 40;

// A "nice" tick step (1, 2, 5 x 10^k) for about `count` ticks over `span`.
double nice_step(double span, int count) {
  if (span <= 0) return 1;
  const double raw = span / count;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

double time_step(double span) {
  for (double s : {1.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 21600.0})
    if (span / s <= 10) return s;
  return nice_step(span, 10);
}

std::string num(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1) << v;
  return os.str();
}

std::string tick_label(double v, bool time) {
  if (time) return sim::format_duration(sim::Time::from_seconds(std::round(v)));
  std::ostringstream os;
  if (std::fabs(v) >= 1e6) os << std::setprecision(3) << v;
  else os << std::fixed << std::setprecision(v == std::floor(v) ? 0 : 1) << v;
  return os.str();
}

}  // namespace

std::string render(const Chart& c) {
  double x_max = 1, y_max = 1;
  for (const Series& s : c.series) {
    for (double x : s.x) x_max = std::max(x_max, x);
    for (double y : s.y) y_max = std::max(y_max, y);
    for (double y : s.high) y_max = std::max(y_max, y);
  }
  for (const Marker& m : c.markers) x_max = std::max(x_max, m.x);
  y_max *= 1.05;
  const double pw = c.width - kLeft - kRight, ph = c.height - kTop - kBottom;
  auto X = [&](double x) { return kLeft + pw * x / x_max; };
  auto Y = [&](double y) { return kTop + ph * (1 - y / y_max); };
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << c.width << "\" height=\"" << c.height
     << "\" viewBox=\"0 0 " << c.width << " " << c.height << "\" role=\"img\" aria-label=\"" << escape(c.title) << "\">\n";
  os << "<text x=\"" << kLeft << "\" y=\"18\" class=\"title\">" << escape(c.title) << "</text>\n";
  // Grid and ticks.
  const double ys = nice_step(y_max, 5);
  for (double y = 0; y <= y_max + 1e-9; y += ys)
    os << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + pw << "\" y1=\"" << num(Y(y)) << "\" y2=\"" << num(Y(y))
       << "\" class=\"grid\"/><text x=\"" << kLeft - 6 << "\" y=\"" << num(Y(y) + 4) << "\" class=\"ytick\">"
       << tick_label(y, false) << "</text>\n";
  const double xs = c.x_is_time ? time_step(x_max) : nice_step(x_max, 8);
  for (double x = 0; x <= x_max + 1e-9; x += xs)
    os << "<text x=\"" << num(X(x)) << "\" y=\"" << num(kTop + ph + 16) << "\" class=\"xtick\">"
       << tick_label(x, c.x_is_time) << "</text>\n";
  os << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + pw << "\" y1=\"" << kTop + ph << "\" y2=\"" << kTop + ph
     << "\" class=\"axis\"/><line x1=\"" << kLeft << "\" x2=\"" << kLeft << "\" y1=\"" << kTop << "\" y2=\"" << kTop + ph
     << "\" class=\"axis\"/>\n";
  os << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << c.height - 6 << "\" class=\"xlabel\">" << escape(c.x_label)
     << "</text>\n";
  // Bands first, then lines.
  for (const Series& s : c.series) {
    if (s.low.size() != s.x.size() || s.high.size() != s.x.size() || s.x.empty()) continue;
    os << "<polygon class=\"band\" fill=\"" << s.color << "\" points=\"";
    for (std::size_t i = 0; i < s.x.size(); ++i) os << num(X(s.x[i])) << "," << num(Y(s.high[i])) << " ";
    for (std::size_t i = s.x.size(); i-- > 0;) os << num(X(s.x[i])) << "," << num(Y(s.low[i])) << " ";
    os << "\"/>\n";
  }
  for (const Series& s : c.series) {
    if (s.x.empty()) continue;
    os << "<polyline class=\"line" << (s.dashed ? " dashed" : "") << "\" stroke=\"" << s.color << "\" points=\"";
    for (std::size_t i = 0; i < s.x.size(); ++i) os << num(X(s.x[i])) << "," << num(Y(s.y[i])) << " ";
    os << "\"><title>" << escape(s.name) << "</title></polyline>\n";
  }
  // Marker labels are staggered over three lines so neighbours stay legible.
  for (std::size_t i = 0; i < c.markers.size(); ++i) {
    const Marker& m = c.markers[i];
    os << "<line x1=\"" << num(X(m.x)) << "\" x2=\"" << num(X(m.x)) << "\" y1=\"" << kTop << "\" y2=\"" << kTop + ph
       << "\" class=\"marker" << (m.dashed ? " dashed" : "") << "\" stroke=\"" << m.color << "\"/><text x=\""
       << num(X(m.x) + 3) << "\" y=\"" << num(kTop + 10 + 10.0 * static_cast<double>(i % 3)) << "\" class=\"mlabel\" fill=\""
       << m.color << "\">" << escape(m.label) << "</text>\n";
  }
  // Legend, on its own line under the title.
  double lx = kLeft;
  for (const Series& s : c.series) {
    os << "<rect x=\"" << num(lx) << "\" y=\"27\" width=\"12\" height=\"4\" fill=\"" << s.color << "\"/><text x=\""
       << num(lx + 16) << "\" y=\"33\" class=\"legend\">" << escape(s.name) << "</text>\n";
    lx += 24 + 7.0 * static_cast<double>(s.name.size());
  }
  os << "</svg>\n";
  return os.str();
}

std::string render_timeline(const std::string& title, const std::vector<std::string>& rows,
                            const std::vector<std::string>& colors, const std::vector<Segment>& segments, double x_max) {
  const double width = 860, row_h = 18, left = 160, right = 20, top = 30;
  const double height = top + row_h * static_cast<double>(rows.size()) + 30;
  const double pw = width - left - right;
  x_max = std::max(x_max, 1.0);
  auto X = [&](double x) { return left + pw * x / x_max; };
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width << "\" height=\"" << height
     << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"" << escape(title) << "\">\n";
  os << "<text x=\"" << left << "\" y=\"18\" class=\"title\">" << escape(title) << "</text>\n";
  for (std::size_t r = 0; r < rows.size(); ++r)
    os << "<text x=\"" << left - 6 << "\" y=\"" << num(top + row_h * static_cast<double>(r) + 13) << "\" class=\"ytick\">"
       << escape(rows[r]) << "</text>\n";
  for (const Segment& s : segments)
    os << "<rect x=\"" << num(X(s.x0)) << "\" y=\"" << num(top + row_h * static_cast<double>(s.row) + 2) << "\" width=\""
       << num(std::max(0.5, X(s.x1) - X(s.x0))) << "\" height=\"" << row_h - 4 << "\" fill=\""
       << colors[s.row % colors.size()] << "\"/>\n";
  const double step = time_step(x_max);
  const double base = top + row_h * static_cast<double>(rows.size());
  for (double x = 0; x <= x_max + 1e-9; x += step)
    os << "<text x=\"" << num(X(x)) << "\" y=\"" << num(base + 16) << "\" class=\"xtick\">" << tick_label(x, true)
       << "</text>\n";
  os << "</svg>\n";
  return os.str();
}

}  // namespace mwaa::svg
