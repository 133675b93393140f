#include "sources/git/commit_provenance.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "sources/git/libgit2.hpp"

namespace hush::scanner::git {
namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// The header: everything before the first empty line.
std::string_view header_of(std::string_view raw) {
  if (raw.starts_with('\n')) return {};
  const auto end = raw.find("\n\n");
  return end == std::string_view::npos ? raw : raw.substr(0, end + 1);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

std::optional<Signature> parse_signature(std::string_view raw_object, std::string_view keyword) {
  const std::string_view header = header_of(raw_object);
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find('\n', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view line = header.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() <= keyword.size() || !line.starts_with(keyword) || line[keyword.size()] != ' ') continue;
    line.remove_prefix(keyword.size() + 1);
    Signature sig;
    const auto open = line.find('<');
    const auto close = open == std::string_view::npos ? std::string_view::npos : line.find('>', open + 1);
    if (close == std::string_view::npos) return sig;  // git log shows nothing of a line without "<...>"
    sig.name = trim(line.substr(0, open));
    sig.email = trim(line.substr(open + 1, close - open - 1));
    std::string_view rest = trim(line.substr(close + 1));
    const char* digits_end = rest.data();
    std::int64_t time = 0;
    const auto [after_time, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), time);
    if (ec == std::errc() && after_time != rest.data() && !rest.starts_with('-') && !rest.starts_with('+')) {
      sig.time = time;
      digits_end = after_time;
    }
    rest = trim(rest.substr(static_cast<std::size_t>(digits_end - rest.data())));
    if (sig.time && rest.size() == 5 && (rest[0] == '+' || rest[0] == '-')) {
      int hhmm = 0;
      const auto [zone_end, zone_ec] = std::from_chars(rest.data() + 1, rest.data() + 5, hhmm);
      if (zone_ec == std::errc() && zone_end == rest.data() + 5 && hhmm % 100 < 60) {
        sig.offset_minutes = (hhmm / 100) * 60 + hhmm % 100;
        if (rest[0] == '-') sig.offset_minutes = -sig.offset_minutes;
      }
    }
    return sig;
  }
  return std::nullopt;
}

std::string iso8601(std::int64_t time, int offset_minutes) {
  std::int64_t local = 0;
  if (__builtin_add_overflow(time, static_cast<std::int64_t>(offset_minutes) * 60, &local)) return {};
  const auto as_time_t = static_cast<std::time_t>(local);
  std::tm tm{};
  if (!gmtime_r(&as_time_t, &tm) || tm.tm_year > 9999 - 1900) return {};
  char buf[48];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (n == 0) return {};
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return buf;
}

std::string commit_summary(std::string_view message) {
  while (message.starts_with('\n')) message.remove_prefix(1);
  std::string summary;
  std::size_t space = std::string_view::npos;  // start of the pending run of white space
  bool space_has_newline = false;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '\n') {
      // The paragraph ends at an empty line, or one of white space only.
      std::size_t next = i + 1;
      while (next < message.size() && message[next] != '\n' && is_space(message[next])) ++next;
      if (next >= message.size() || message[next] == '\n') break;
    }
    if (is_space(c)) {
      if (space == std::string_view::npos) {
        space = i;
        space_has_newline = false;
      }
      space_has_newline |= c == '\n';
      continue;
    }
    if (space != std::string_view::npos) {
      if (space_has_newline) summary += ' ';
      else summary.append(message.substr(space, i - space));
      space = std::string_view::npos;
    }
    summary += c;
  }
  return summary;
}

GitProvenance commit_provenance(const git_oid& id, std::string_view raw_commit) {
  GitProvenance p;
  p.commit = oid_hex(id);
  if (const auto author = parse_signature(raw_commit, "author")) {
    p.author = author->name;
    p.email = author->email;
    if (author->time) p.date = iso8601(*author->time, author->offset_minutes);
  }
  const std::string_view header = header_of(raw_commit);
  const std::size_t body = header.size() + 1;
  if (body <= raw_commit.size()) p.message = commit_summary(raw_commit.substr(body));
  return p;
}

}  // namespace hush::scanner::git
