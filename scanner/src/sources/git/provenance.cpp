#include "sources/git/provenance.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "git_library.hpp"
#include "hush/common/text.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/object_parse.hpp"

namespace hush::scanner::git {
namespace {

std::string iso8601(const git_time& when) {
  const std::time_t local = static_cast<std::time_t>(when.time) + static_cast<std::time_t>(when.offset) * 60;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  const int offset = when.offset;
  const int magnitude = offset < 0 ? -offset : offset;
  std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return buf;
}

// "Name <email> seconds zone": the parts git log would show; a part that does not parse is left
// empty (a bad date leaves the date empty, not the name).
void parse_signature(std::string_view sig, GitProvenance& p) {
  const std::size_t open = sig.find('<');
  const std::size_t close = sig.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    p.author = std::string(trim(sig));
    return;
  }
  p.author = std::string(trim(sig.substr(0, open)));
  p.email = std::string(sig.substr(open + 1, close - open - 1));
  const std::string_view when = trim(sig.substr(close + 1));
  const std::size_t space = when.find(' ');
  if (space == std::string_view::npos) return;
  const std::string_view seconds = when.substr(0, space), zone = trim(when.substr(space + 1));
  std::int64_t time = 0;
  if (const auto [end, ec] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), time);
      ec != std::errc{} || end != seconds.data() + seconds.size())
    return;
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-')) return;
  int hhmm = 0;
  if (const auto [end, ec] = std::from_chars(zone.data() + 1, zone.data() + 5, hhmm);
      ec != std::errc{} || end != zone.data() + 5)
    return;
  git_time t{};
  t.time = time;
  t.offset = (zone[0] == '-' ? -1 : 1) * ((hhmm / 100) * 60 + hhmm % 100);
  p.date = iso8601(t);
}

// The first paragraph of a message, its lines joined by spaces, as git's summary.
std::string summary_of(std::string_view message) {
  std::string out;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find('\n', pos);
    if (end == std::string_view::npos) end = message.size();
    const std::string_view line = trim(message.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) {
      if (out.empty()) continue;
      break;
    }
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

}  // namespace

GitProvenance provenance_of_raw(std::string id_hex, std::string_view raw, std::string_view signature_field) {
  GitProvenance p;
  p.commit = std::move(id_hex);
  parse_signature(header_field(raw, signature_field), p);
  const std::size_t blank = raw.find("\n\n");
  if (blank != std::string_view::npos) p.message = summary_of(raw.substr(blank + 2));
  return p;
}

GitProvenance provenance_of(git_commit* commit) {
  GitProvenance p;
  p.commit = oid_hex(*git_commit_id(commit));
  if (const git_signature* author = git_commit_author(commit)) {
    p.author = author->name ? author->name : "";
    p.email = author->email ? author->email : "";
    p.date = iso8601(author->when);
  }
  if (const char* summary = git_commit_summary(commit)) p.message = summary;
  return p;
}

std::optional<Finding> finding_at_path(const Scanner& scanner, const Finding& f, const std::string& path) {
  const std::string full_path = path + f.path;
  const char* allowlisted = nullptr;
  if (scanner.path_suppresses(f.rule_id, full_path)) {
    allowlisted = scanner.keeps_suppressed() ? scanner.path_allowlist_reason(f.rule_id, full_path) : nullptr;
    if (!allowlisted) return std::nullopt;
  }
  Finding copy = f;
  if (allowlisted && copy.suppressed_by.empty()) copy.suppressed_by = allowlisted;
  copy.path = full_path;
  return copy;
}

}  // namespace hush::scanner::git
