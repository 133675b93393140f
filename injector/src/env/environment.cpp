#include "hush/injector/environment.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/injector/store_provider.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::injector {
namespace {

constexpr std::array<std::string_view, 12> auth_variables = {
    "VAULT_TOKEN",           "VAULT_ROLE_ID",      "VAULT_SECRET_ID",      "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",  "AWS_SECURITY_TOKEN",   "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "HUSH_EJSON_KEY_FILE",   "HUSH_VAULT_ROLE_ID", "HUSH_VAULT_SECRET_ID", "HUSH_VAULT_CLIENT_KEY_PASSPHRASE",
};

// glibc's list of variables it drops for set-user-ID programs (its "unsecure" list), less TMPDIR,
// which only says where files go; the loader prefixes of glibc, musl and macOS; and the variables
// that make a shell source a file.
constexpr std::array<std::string_view, 14> loader_variables = {
    "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES",   "HOSTALIASES", "LOCALDOMAIN", "LOCPATH",  "MALLOC_TRACE",
    "NIS_PATH",   "NLSPATH",     "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR",       "BASH_ENV", "ENV",
};

std::string describe_failure(const std::exception& e) {
  if (const auto* store = dynamic_cast<const vault_client::StoreError*>(&e))
    return std::string(vault_client::failure_name(store->failure())) + ": " + store->what();
  return e.what();
}

class Assembly {
  using WholeKey = std::tuple<Backend, std::string, std::optional<int>>;

 public:
  Assembly(const EnvironmentSpec& spec, StoreProvider& stores, Clock::time_point deadline)
      : spec_(spec), stores_(stores), deadline_(deadline) {
    // Mistakes in what was declared are usage errors, found before any store is asked. And how
    // many references take keys from each secret: the last one may move its value out of the
    // secret read for them all instead of copying it (one guarded allocation less per reference).
    std::string mistakes;
    auto check = [&](const std::string& name, const std::string& value) {
      try {
        if (const auto ref = parse_reference(value)) ++uses_left_[WholeKey{ref->backend, ref->path, ref->version}];
      } catch (const Error& e) {
        mistakes += "\n  " + printable(name, 100) + ": " + e.what();
      }
    };
    for (const auto& [name, value] : spec_.inherited) {
      if (spec_.pass_auth_env || !is_auth_variable(name)) check(name, value);
    }
    for (const auto& [name, value] : spec_.declared) {
      if (!is_valid_variable_name(name)) mistakes += "\n  " + invalid_variable_name(name);
      else check(name, value);
    }
    if (!mistakes.empty()) throw Error(ErrorKind::usage, "the environment to inject is not usable:" + mistakes);
  }

  ResolvedEnvironment run() {
    prefetch_secrets(stores_, spec_, deadline_);  // everything at once; the reads below take it
    for (const auto& [name, value] : spec_.inherited) {
      if (!spec_.pass_auth_env && is_auth_variable(name)) continue;
      place(name, value, "inherited", /*from_source=*/false);
      inherited_.insert(name);
    }
    for (const auto& source : spec_.bulk) import(source);
    for (const auto& [name, value] : spec_.declared) place(name, value, "declared", /*from_source=*/true);
    if (!failures_.empty()) {
      std::string message = std::to_string(failures_.size()) + " secret(s) could not be resolved:";
      for (const auto& f : failures_) message += "\n  " + f;
      throw Error(ErrorKind::runtime, message);
    }
    ResolvedEnvironment out;
    out.warnings = std::move(warnings_);
    for (auto& [name, entry] : entries_) out.entries.push_back(std::move(entry));
    return out;
  }

 private:
  bool may_be_missing(const std::string& name) const {
    return spec_.allow_missing_all || spec_.allow_missing.contains(name);
  }

  void fail(const std::string& name, const std::string& what, const std::string& reason) {
    const std::string line = name + " (" + what + "): " + reason;
    if (may_be_missing(name)) warnings_.push_back(line);
    else failures_.push_back(line);
  }

  // Two explicit sources naming the same variable is ambiguous unless a precedence says otherwise.
  bool claim(const std::string& name, const std::string& origin) {
    const auto it = claimed_by_.find(name);
    if (it == claimed_by_.end()) {
      claimed_by_.emplace(name, origin);
      return true;
    }
    switch (spec_.precedence) {
      case Precedence::first_wins:
        return false;
      case Precedence::last_wins:
        it->second = origin;
        return true;
      case Precedence::error:
        failures_.push_back(name + ": set by both " + it->second + " and " + origin +
                            " (choose with --precedence first|last, or remove one)");
        return false;
    }
    return false;
  }

  // Checked by the constructor: parse_reference cannot throw here.
  void place(const std::string& name, const std::string& value, const std::string& origin, bool from_source) {
    const std::optional<Reference> ref = parse_reference(value);
    if (from_source && !claim(name, ref ? ref->text : origin)) return;
    if (!ref) {
      entries_.insert_or_assign(name, EnvEntry{name, SecretBuffer(value), false, origin, std::nullopt});
      return;
    }
    try {
      FetchedValue fetched = fetch(*ref);
      entries_.insert_or_assign(name, EnvEntry{name, std::move(fetched.value), true, ref->text, fetched.lease});
    } catch (const std::exception& e) {
      rethrow_if_configuration(e);
      entries_.erase(name);  // never fall back to the reference text itself
      fail(name, ref->text, describe_failure(e));
    }
  }

  void import(const BulkSource& source) {
    std::vector<FetchedEntry> fetched;
    try {
      fetched = stores_.store(source.backend).read_all(source, deadline_);
    } catch (const std::exception& e) {
      rethrow_if_configuration(e);
      if (spec_.allow_missing_all) warnings_.push_back(source.text + ": " + describe_failure(e));
      else failures_.push_back("--from " + source.text + ": " + describe_failure(e));
      return;
    }
    for (auto& item : fetched) {
      const std::string name = variable_name_for(item.key, source.prefix);
      if (const auto refused = refuse_import(name, item.key)) {
        failures_.push_back("--from " + source.text + ": " + *refused);
        continue;
      }
      if (!claim(name, source.text)) continue;
      entries_.insert_or_assign(name, EnvEntry{name, std::move(item.value), true, source.text, std::nullopt});
    }
  }

  // A store's keys are not the user's choice of names: some are never imported, and replacing
  // what the child would inherit must be asked for.
  std::optional<std::string> refuse_import(const std::string& name, const std::string& key) const {
    const std::string what = "key '" + printable(key, 100) + "'";
    if (!is_valid_variable_name(name)) return what + " gives no valid variable name";
    if (is_loader_variable(name))
      return what + " would set " + name +
             ", which decides what code the child loads or runs; hush never imports it (set it with -e if you must)";
    if (!spec_.overwrite_env && inherited_.contains(name))
      return what + " would replace the inherited variable " + name +
             " (pass --overwrite-env to let imports replace inherited variables, or add ?prefix=)";
    return std::nullopt;
  }

  // A store that cannot even be set up (an unusable VAULT_ADDR, an unknown auth method) is a
  // configuration mistake for the user to fix, not a failed reference.
  static void rethrow_if_configuration(const std::exception& e) {
    if (const auto* error = dynamic_cast<const Error*>(&e); error != nullptr && error->kind() != ErrorKind::runtime)
      throw *error;
  }

  // One read per secret however many references take keys from it (see SecretStore::read_whole).
  FetchedValue fetch(const Reference& ref) {
    SecretStore& store = stores_.store(ref.backend);
    const WholeKey whole_key{ref.backend, ref.path, ref.version};
    auto it = whole_secrets_.find(whole_key);
    if (it == whole_secrets_.end()) {
      std::optional<FetchedSecret> whole = store.read_whole(ref, deadline_);
      if (!whole) return store.read(ref, deadline_);
      it = whole_secrets_.emplace(whole_key, std::move(*whole)).first;
    }
    std::size_t& left = uses_left_[whole_key];
    if (left > 0) --left;
    return store.select(it->second, ref, /*last_use=*/left == 0);
  }

  const EnvironmentSpec& spec_;
  StoreProvider& stores_;
  Clock::time_point deadline_;
  std::map<WholeKey, FetchedSecret> whole_secrets_;
  std::map<WholeKey, std::size_t> uses_left_;
  std::map<std::string, EnvEntry> entries_;
  std::map<std::string, std::string> claimed_by_;
  std::set<std::string> inherited_;
  std::vector<std::string> failures_;
  std::vector<std::string> warnings_;
};

}  // namespace

std::chrono::seconds SecretStore::renew(const LeaseInfo& lease, Clock::time_point) {
  throw Error(ErrorKind::runtime, "lease " + lease.lease_id + " cannot be renewed by this store");
}

void SecretStore::revoke(const LeaseInfo&, Clock::time_point) {}

std::optional<FetchedSecret> SecretStore::read_whole(const Reference&, Clock::time_point) { return std::nullopt; }

FetchedValue SecretStore::select(FetchedSecret& whole, const Reference& ref, bool last_use) const {
  for (FetchedEntry& entry : whole.entries)
    if (entry.key == ref.key) return {last_use ? std::move(entry.value) : entry.value.clone(), whole.lease};
  throw vault_client::StoreError(vault_client::StoreFailure::not_found,
                                 "secret " + ref.path + " has no key '" + ref.key + "'");
}

bool is_auth_variable(std::string_view name) {
  return std::find(auth_variables.begin(), auth_variables.end(), name) != auth_variables.end();
}

bool is_loader_variable(std::string_view name) {
  return name.starts_with("LD_") || name.starts_with("DYLD_") ||
         std::find(loader_variables.begin(), loader_variables.end(), name) != loader_variables.end();
}

bool ResolvedEnvironment::same_as(const ResolvedEnvironment& other) const {
  if (entries.size() != other.entries.size()) return false;
  bool same = true;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    // Names are sorted and not secret; values are compared without early exit.
    if (entries[i].name != other.entries[i].name) return false;
    same = entries[i].value.equals(other.entries[i].value.view()) && same;
  }
  return same;
}

const EnvEntry* ResolvedEnvironment::find(std::string_view name) const {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

ResolvedEnvironment resolve_environment(const EnvironmentSpec& spec, StoreProvider& stores,
                                        Clock::time_point deadline) {
  return Assembly(spec, stores, deadline).run();
}

}  // namespace hush::injector
