#pragma once
// Prometheus text exposition (format 0.0.4) for counters and gauges. A Metrics object is owned by
// the command that runs; workers accumulate locally and publish once, so no locking is needed here.
#include <map>
#include <string>
#include <vector>

namespace hush {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  void describe(const std::string& name, const std::string& type, const std::string& help);
  void set(const std::string& name, double value, const Labels& labels = {});
  void add(const std::string& name, double value, const Labels& labels = {});

  [[nodiscard]] std::string render() const;
  // Writes atomically (temporary file + rename) so a scraper never reads half a file.
  void write_file(const std::string& path) const;

 private:
  struct Family {
    std::string type = "gauge";
    std::string help;
    std::map<std::string, double> samples;  // rendered label set -> value
  };
  std::map<std::string, Family> families_;
};

}  // namespace hush
