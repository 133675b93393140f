#include "hush/common/metrics.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "hush/common/error.hpp"

namespace hush {
namespace {

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_labels(const Metrics::Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + escape_label_value(labels[i].second) + "\"";
  }
  return out + "}";
}

std::string format_value(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

void Metrics::set(const std::string& name, double value, const Labels& labels) {
  families_[name].samples[render_labels(labels)] = value;
}

void Metrics::add(const std::string& name, double value, const Labels& labels) {
  families_[name].samples[render_labels(labels)] += value;
}

std::string Metrics::render() const {
  std::string out;
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + family.type + "\n";
    for (const auto& [labels, value] : family.samples) out += name + labels + " " + format_value(value) + "\n";
  }
  return out;
}

void Metrics::write_file(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(ErrorKind::runtime, "cannot write metrics file " + path);
    const std::string text = render();
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!f) throw Error(ErrorKind::runtime, "cannot write metrics file " + path);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(ErrorKind::runtime, "cannot write metrics file " + path + ": " + ec.message());
}

}  // namespace hush
