#include "hush/injector/reference.hpp"

#include <cctype>
#include <charconv>
#include <optional>

#include "hush/common/enum_names.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

namespace hush::injector {
namespace {

[[noreturn]] void bad_reference(std::string_view text, const std::string& why) {
  throw Error(ErrorKind::usage, "malformed secret reference '" + std::string(text) + "': " + why);
}

// Splits "a?b=c#d" style suffixes: the query may come before or after the fragment.
struct UriParts {
  std::string body;
  std::string fragment;
  std::string query;
};

UriParts split_uri(std::string_view rest) {
  UriParts parts;
  const auto hash = rest.find('#');
  std::string_view before = rest.substr(0, hash);
  std::string_view fragment = hash == std::string_view::npos ? std::string_view{} : rest.substr(hash + 1);
  if (const auto q = before.find('?'); q != std::string_view::npos) {
    parts.query = std::string(before.substr(q + 1));
    before = before.substr(0, q);
  } else if (const auto fq = fragment.find('?'); fq != std::string_view::npos) {
    parts.query = std::string(fragment.substr(fq + 1));
    fragment = fragment.substr(0, fq);
  }
  parts.body = std::string(before);
  parts.fragment = std::string(fragment);
  return parts;
}

// "version=3&recursive" -> calls fn(name, value) for each parameter.
template <typename Fn>
void for_each_param(std::string_view query, Fn fn) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    const auto eq = item.find('=');
    fn(item.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

// A backend's name is also its reference's scheme (vault://...) and its bulk source's (vault:...).
constexpr EnumName<Backend> backend_names[] = {{Backend::vault, "vault"},
                                               {Backend::ssm, "ssm"},
                                               {Backend::secrets_manager, "secretsmanager"},
                                               {Backend::file, "file"}};

struct Scheme {
  Backend backend;
  std::string_view rest;  // what follows the scheme and its separator
};

// The backend `text` starts with the name of, followed by `separator`; nullopt for another scheme.
std::optional<Scheme> split_scheme(std::string_view text, std::string_view separator) {
  const auto end = text.find(separator);
  if (end == std::string_view::npos) return std::nullopt;
  const auto backend = value_named(backend_names, text.substr(0, end));
  if (!backend) return std::nullopt;
  return Scheme{*backend, text.substr(end + separator.size())};
}

int parse_version(std::string_view text, std::string_view whole) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size() || v < 0)
    bad_reference(whole, "version must be a non-negative integer");
  return v;
}

}  // namespace

const char* backend_name(Backend backend) noexcept { return name_of(backend_names, backend, "unknown"); }

std::optional<Reference> parse_reference(std::string_view value) {
  if (const auto scheme = split_scheme(value, "://")) {
    Reference ref;
    ref.backend = scheme->backend;
    ref.text = std::string(value);
    UriParts parts = split_uri(scheme->rest);
    for_each_param(parts.query, [&](std::string_view name, std::string_view v) {
      if (name == "version") ref.version = parse_version(v, value);
      else bad_reference(value, "unknown parameter '" + std::string(name) + "'");
    });
    ref.path = parts.body;
    ref.key = parts.fragment;
    switch (ref.backend) {
      case Backend::vault:
        while (ref.path.ends_with('/')) ref.path.pop_back();
        if (ref.path.empty() || ref.path.find('/') == std::string::npos)
          bad_reference(value, "expected vault://MOUNT/PATH#KEY");
        if (ref.key.empty()) bad_reference(value, "expected #KEY naming the field to read");
        break;
      case Backend::ssm:
        if (!ref.path.starts_with('/') || ref.path.size() < 2) bad_reference(value, "expected ssm:///PARAMETER/NAME");
        if (!ref.key.empty()) bad_reference(value, "SSM parameters hold one value: no #KEY");
        if (ref.version) bad_reference(value, "version is not supported for SSM references");
        break;
      case Backend::secrets_manager:
        if (ref.path.empty()) bad_reference(value, "expected secretsmanager://NAME[#JSON.KEY]");
        break;
      case Backend::file:
        if (ref.path.empty() || ref.key.empty()) bad_reference(value, "expected file://PATH#KEY");
        if (ref.version) bad_reference(value, "version is not supported for file references");
        break;
    }
    return ref;
  }
  return std::nullopt;
}

BulkSource parse_bulk_source(std::string_view spec) {
  if (const auto scheme = split_scheme(spec, ":")) {
    BulkSource source;
    source.backend = scheme->backend;
    std::string_view rest = scheme->rest;
    source.text = std::string(spec);
    const auto q = rest.find('?');
    if (q != std::string_view::npos) {
      for_each_param(rest.substr(q + 1), [&](std::string_view name, std::string_view v) {
        if (name == "recursive" && source.backend == Backend::ssm) source.recursive = v.empty() || v == "true";
        else if (name == "prefix") {
          if (!v.empty()) require_variable_name(v, "--from " + std::string(spec) + ": prefix");
          source.prefix = std::string(v);
        } else
          throw Error(ErrorKind::usage,
                      "--from " + std::string(spec) + ": unknown parameter '" + std::string(name) + "'");
      });
      rest = rest.substr(0, q);
    }
    source.path = std::string(rest);
    if (source.path.empty()) throw Error(ErrorKind::usage, "--from " + std::string(spec) + ": no path");
    if (source.backend == Backend::ssm && !source.path.starts_with('/'))
      throw Error(ErrorKind::usage, "--from " + std::string(spec) + ": SSM paths start with '/'");
    if (source.backend == Backend::vault) {
      while (source.path.ends_with('/')) source.path.pop_back();
      if (source.path.find('/') == std::string::npos)
        throw Error(ErrorKind::usage, "--from " + std::string(spec) + ": expected vault:MOUNT/PATH");
    }
    return source;
  }
  throw Error(ErrorKind::usage, "--from " + std::string(spec) +
                                    ": expected vault:PATH, ssm:/PATH/, secretsmanager:NAME or file:PATH.ejson");
}

std::string variable_name_for(std::string_view key, std::string_view prefix) {
  if (const auto slash = key.find_last_of('/'); slash != std::string_view::npos) key.remove_prefix(slash + 1);
  std::string name(prefix);
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) != 0 || c == '_' ? static_cast<char>(std::toupper(u)) : '_';
  }
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) != 0) name.insert(name.begin(), '_');
  return name;
}

}  // namespace hush::injector

namespace hush::injector {

bool is_valid_variable_name(std::string_view name) noexcept {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (const char c : name)
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string invalid_variable_name(std::string_view name) {
  return "'" + printable(name, 100) +
         "' is not a valid variable name (letters, digits and _, not starting with a digit)";
}

void require_variable_name(std::string_view name, std::string_view where) {
  if (!is_valid_variable_name(name))
    throw Error(ErrorKind::usage, std::string(where) + " " + invalid_variable_name(name));
}

}  // namespace hush::injector
