// The human report: findings grouped by file, then one summary line. Everything taken from scanned
// content goes through terminal_safe(), because a committed file must not be able to drive the
// reader's terminal.
#include <algorithm>
#include <map>
#include <ostream>
#include <unordered_map>

#include "hush/common/text.hpp"
#include "reporters/finding_json.hpp"

namespace hush::scanner::detail {
namespace {

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view dim = "\x1b[2m";
constexpr std::string_view red = "\x1b[31m";
constexpr std::string_view bold_red = "\x1b[1;31m";
constexpr std::string_view yellow = "\x1b[33m";
constexpr std::string_view cyan = "\x1b[36m";
constexpr std::string_view green = "\x1b[32m";
constexpr std::string_view reset = "\x1b[0m";

// C0/C1 controls start escape sequences (U+009B is a one-character CSI); bidi overrides and
// isolates can make a line display differently from what it contains.
bool printable(char32_t c) noexcept {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return false;
  if (c >= 0x202A && c <= 0x202E) return false;
  if (c >= 0x2066 && c <= 0x2069) return false;
  return true;
}

std::string terminal_safe(std::string_view raw) {
  std::string text(raw);
  std::replace(text.begin(), text.end(), '\t', ' ');
  return sanitize_utf8(text, printable);
}

class Painter {
 public:
  explicit Painter(bool color) noexcept : color_(color) {}
  [[nodiscard]] std::string operator()(std::string_view style, std::string_view text) const {
    if (!color_) return std::string(text);
    std::string out;
    out.reserve(style.size() + text.size() + reset.size());
    out.append(style).append(text).append(reset);
    return out;
  }

 private:
  bool color_;
};

std::string_view severity_style(Severity s) noexcept {
  switch (s) {
    case Severity::critical:
      return bold_red;
    case Severity::high:
      return red;
    case Severity::medium:
      return yellow;
    case Severity::low:
      return cyan;
    case Severity::info:
      return dim;
  }
  return yellow;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string location(const Finding& f) { return std::to_string(f.line) + ":" + std::to_string(f.column); }

// Findings per file (per repository and path in a scan of several repositories), in order of
// first appearance, so the caller's sort order survives even if findings of one file are not
// adjacent.
std::vector<std::vector<const Finding*>> group_by_path(const Findings& findings) {
  std::vector<std::vector<const Finding*>> groups;
  std::unordered_map<std::string, std::size_t> group_of;
  for (const Finding& f : findings) {
    const auto [it, inserted] = group_of.emplace(f.repository + '\n' + f.path, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(&f);
  }
  return groups;
}

std::string git_line(const GitProvenance& git) {
  std::string line = !git.commit.empty() ? "commit " + git.commit.substr(0, 7) : "blob " + git.blob.substr(0, 7);
  if (!git.ref.empty()) line += " via " + git.ref;
  if (!git.author.empty() || !git.email.empty()) line += " by " + git.author + " <" + git.email + ">";
  if (!git.date.empty()) line += " on " + git.date;
  return line;
}

void write_finding(const Finding& f, std::size_t location_width, const Painter& paint, bool reveal, std::ostream& out) {
  std::string loc = location(f);
  loc.resize(std::max(loc.size(), location_width), ' ');
  const std::string indent(2 + location_width + 2, ' ');
  out << "  " << loc << "  " << paint(severity_style(f.severity), severity_name(f.severity)) << "  "
      << paint(bold, terminal_safe(f.rule_id)) << "  " << terminal_safe(f.rule_name) << "  "
      << paint(f.confidence == Confidence::low ? dim : std::string_view(),
               std::string(confidence_name(f.confidence)) + " confidence");
  if (!f.validation.empty()) {
    const std::string detail = validation_detail_text(f);
    out << "  [" << terminal_safe(detail.empty() ? f.validation : f.validation + ": " + detail) << "]";
  }
  if (!f.decoded.empty()) out << "  (decoded from " << terminal_safe(decoding_note(f)) << ")";
  if (!f.suppressed_by.empty()) out << "  " << paint(dim, "suppressed by " + terminal_safe(f.suppressed_by));
  out << '\n';
  if (const std::string_view context = trim(f.context); !context.empty())
    out << indent << terminal_safe(context) << '\n';
  out << indent << paint(dim, "fingerprint " + terminal_safe(f.fingerprint)) << '\n';
  if (f.git) out << indent << paint(dim, terminal_safe(git_line(*f.git))) << '\n';
  if (reveal) {
    // A multi-line secret (a key block) keeps its lines, each under the first.
    const std::string lead = indent + "secret: ";
    std::string_view rest = f.secret;
    for (bool first = true;; first = false) {
      const std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      if (line.ends_with('\r')) line.remove_suffix(1);
      out << (first ? lead : std::string(lead.size(), ' ')) << terminal_safe(line) << '\n';
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
}

void write_group(const std::vector<const Finding*>& group, const Painter& paint, bool reveal, std::ostream& out) {
  std::size_t width = 0;
  for (const Finding* f : group) width = std::max(width, location(*f).size());
  out << paint(bold, terminal_safe(group.front()->path));
  if (!group.front()->repository.empty()) out << "  " << paint(dim, "in " + terminal_safe(group.front()->repository));
  out << '\n';
  for (const Finding* f : group) write_finding(*f, width, paint, reveal, out);
  out << '\n';
}

std::string scan_totals(const ReportSummary& summary) {
  const ScanCounters& c = summary.counters;
  const double mib = static_cast<double>(c.bytes_scanned) / (1024.0 * 1024.0);
  std::string line = plural(c.files_scanned, "file", "files") + " scanned (" + format_fixed(mib, 1) + " MiB)";
  if (c.archives != 0) line += " · " + plural(c.archives, "archive", "archives") + " opened";
  line += " · skipped: " + std::to_string(c.skipped_binary) + " binary, " + std::to_string(c.skipped_size) +
          " too large, " + std::to_string(c.skipped_excluded) + " excluded, " + std::to_string(c.unreadable) +
          " unreadable";
  if (c.skipped_gitignored != 0) line += ", " + std::to_string(c.skipped_gitignored) + " ignored by git";
  if (c.not_fetched != 0) line += ", " + std::to_string(c.not_fetched) + " not fetched";
  if (summary.baseline_suppressed != 0)
    line += " · " + std::to_string(summary.baseline_suppressed) + " known in baseline";
  if (summary.below_confidence != 0)
    line += " · " + std::to_string(summary.below_confidence) + " below " + confidence_name(summary.min_confidence) +
            " confidence (--min-confidence low shows them)";
  line += " · " + format_fixed(summary.duration_seconds, 2) + " s";
  return line;
}

std::string headline(const Findings& findings, std::size_t files, const Painter& paint) {
  return findings.empty() ? paint(green, "no secrets found")
                          : paint(bold_red, plural(findings.size(), "finding", "findings") + " in " +
                                                plural(files, "file", "files"));
}

// --summary: findings per rule, most first, for triage of a large report.
void write_rule_summary(const Findings& findings, const Painter& paint, std::ostream& out) {
  if (findings.empty()) return;
  std::map<std::string_view, std::size_t> per_rule;
  for (const auto& f : findings) ++per_rule[f.rule_id];
  std::vector<std::pair<std::string_view, std::size_t>> rows(per_rule.begin(), per_rule.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::size_t width = 0;
  for (const auto& [rule, count] : rows) width = std::max(width, rule.size());
  out << paint(bold, "findings by rule") << '\n';
  for (const auto& [rule, count] : rows) {
    std::string name = terminal_safe(rule);
    name.resize(std::max(name.size(), width), ' ');
    out << "  " << name << "  " << count << '\n';
  }
  out << '\n';
}

}  // namespace

void write_text(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out) {
  const Painter paint(options.color);
  const auto groups = group_by_path(findings);
  for (const auto& group : groups) write_group(group, paint, options.reveal, out);
  if (options.rule_summary) write_rule_summary(findings, paint, out);
  if (options.summary) out << headline(findings, groups.size(), paint) << " · " << scan_totals(summary) << '\n';
  // What was not scanned is said even under -q: a quiet report must not read as a complete one.
  for (const auto& gap : summary.counters.gaps) {
    out << paint(gap.damaged ? bold_red : bold,
                 "not scanned (" + std::to_string(gap.count) + "): " + terminal_safe(gap.what))
        << '\n';
    if (!gap.fix.empty()) out << "  fix: " << terminal_safe(gap.fix) << '\n';
  }
}

}  // namespace hush::scanner::detail

namespace hush::scanner {

std::string summary_line(const std::vector<Finding>& findings, const ReportSummary& summary) {
  const detail::Painter plain(false);
  return detail::headline(findings, detail::group_by_path(findings).size(), plain) + " · " +
         detail::scan_totals(summary);
}

void write_baseline_changes(const BaselineChanges& changes, std::ostream& out) {
  out << "hush: baseline update: " << changes.kept << " kept, " << changes.added.size() << " added, "
      << changes.removed.size() << " removed\n";
  auto entry = [&](char sign, const BaselineEntry& e) {
    out << "hush:   " << sign << ' ' << detail::terminal_safe(e.rule_id) << ' ' << detail::terminal_safe(e.path) << ':'
        << e.line << " fingerprint " << detail::terminal_safe(e.fingerprint) << '\n';
  };
  for (const auto& e : changes.added) entry('+', e);
  for (const auto& e : changes.removed) entry('-', e);
}

}  // namespace hush::scanner
