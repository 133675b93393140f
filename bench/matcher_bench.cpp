// hush_matcher_bench: throughput of hush's Matcher (one Hyperscan pass + PCRE2 confirmation)
// against the naive baseline of running every rule's PCRE2 regex over the same bytes.
//
//   hush_matcher_bench CORPUS [--rules PATH]... [--threads N] [--chunk KIB] [--runs R]
//                      [--baseline-mib M] [--no-baseline] [--per-rule] [--per-rule-mib M]
//                      [--only RULE_ID]...
//
// Everything runs in-process on data already in memory: no file I/O is timed. MB are 10^6 bytes.
#include <hs.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/scanner/ruleset.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using hush::scanner::Rule;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
double mb(std::size_t bytes) { return static_cast<double>(bytes) / 1e6; }

struct Options {
  std::filesystem::path corpus;
  std::vector<std::filesystem::path> rule_paths;
  std::vector<std::string> only;
  unsigned threads = 1;
  std::size_t chunk = 1024 * 1024;
  int runs = 3;
  double baseline_mib = 64;
  bool baseline = true;
  bool per_rule = false;
  double per_rule_mib = 64;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "%s\nusage: hush_matcher_bench CORPUS [--rules PATH]... [--threads N] [--chunk KIB] [--runs R]\n"
               "       [--baseline-mib M] [--no-baseline] [--per-rule] [--per-rule-mib M] [--only RULE_ID]...\n"
               "  --rules PATH       add a rule file or directory to the builtin pack\n"
               "  --threads N        also run hush's matcher on N threads over disjoint parts\n"
               "  --chunk KIB        matcher input size, split at newlines (default 1024)\n"
               "  --runs R           hush runs, best is reported (default 3)\n"
               "  --baseline-mib M   run the PCRE2 baseline on the first M MiB (default 64, 0 = all)\n"
               "  --no-baseline      skip the PCRE2 baseline\n"
               "  --per-rule         per rule: Hyperscan candidates, hush and PCRE2 throughput alone\n"
               "  --per-rule-mib M   corpus prefix for --per-rule (default 64, 0 = all)\n"
               "  --only RULE_ID     keep only these rules (repeatable)\n",
               msg);
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  bool have_corpus = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage("option needs a value");
      return argv[++i];
    };
    if (a == "--rules") o.rule_paths.emplace_back(value());
    else if (a == "--only") o.only.emplace_back(value());
    else if (a == "--threads") o.threads = static_cast<unsigned>(std::max(1L, std::strtol(value(), nullptr, 10)));
    else if (a == "--chunk") o.chunk = static_cast<std::size_t>(std::max(1L, std::strtol(value(), nullptr, 10))) * 1024;
    else if (a == "--runs") o.runs = static_cast<int>(std::max(1L, std::strtol(value(), nullptr, 10)));
    else if (a == "--baseline-mib") o.baseline_mib = std::strtod(value(), nullptr);
    else if (a == "--no-baseline") o.baseline = false;
    else if (a == "--per-rule") o.per_rule = true;
    else if (a == "--per-rule-mib") o.per_rule_mib = std::strtod(value(), nullptr);
    else if (a == "-h" || a == "--help") usage("hush_matcher_bench: matcher throughput against a PCRE2 baseline");
    else if (a.starts_with("--")) usage("unknown option");
    else if (!have_corpus) {
      o.corpus = a;
      have_corpus = true;
    } else usage("more than one corpus given");
  }
  if (!have_corpus) usage("no corpus given");
  return o;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string data;
  in.seekg(0, std::ios::end);
  data.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (!in) throw std::runtime_error("short read on " + path.string());
  return data;
}

// Chunks of about `target` bytes ending just after a newline (or at `target` for a line longer than that).
std::vector<std::string_view> split_chunks(std::string_view data, std::size_t target) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = std::min(data.size(), pos + target);
    if (end < data.size()) {
      const std::size_t nl = data.rfind('\n', end - 1);
      if (nl != std::string_view::npos && nl >= pos) end = nl + 1;
    }
    out.push_back(data.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// The leading chunks that cover at least `mib` MiB (all when mib <= 0).
std::vector<std::string_view> prefix_chunks(const std::vector<std::string_view>& chunks, double mib) {
  if (mib <= 0) return chunks;
  const auto want = static_cast<std::size_t>(mib * 1024 * 1024);
  std::vector<std::string_view> out;
  std::size_t got = 0;
  for (auto c : chunks) {
    if (got >= want) break;
    out.push_back(c);
    got += c.size();
  }
  return out;
}

std::size_t total_bytes(const std::vector<std::string_view>& chunks) {
  std::size_t n = 0;
  for (auto c : chunks) n += c.size();
  return n;
}

// ---- hush's matcher --------------------------------------------------------------------------

struct HushRun {
  double seconds = 0;
  std::uint64_t matches = 0;
  std::uint64_t rejected = 0;
  std::vector<std::uint64_t> per_rule;
};

HushRun run_hush(hush::scanner::Matcher& matcher, const std::vector<std::string_view>& chunks, std::size_t rule_count) {
  HushRun r;
  r.per_rule.assign(rule_count, 0);
  const std::uint64_t rejected_before = matcher.rejected_candidates();
  const auto t0 = Clock::now();
  for (auto c : chunks) {
    const auto& found = matcher.find(c);
    r.matches += found.size();
    for (const auto& m : found) ++r.per_rule[m.rule_index];
  }
  r.seconds = seconds_since(t0);
  r.rejected = matcher.rejected_candidates() - rejected_before;
  return r;
}

HushRun best_hush(const hush::scanner::RuleSet& set, const std::vector<std::string_view>& chunks, int runs) {
  hush::scanner::Matcher matcher(set);
  HushRun best;
  for (int i = 0; i < runs; ++i) {
    HushRun r = run_hush(matcher, chunks, set.rules().size());
    if (i == 0 || r.seconds < best.seconds) best = std::move(r);
  }
  return best;
}

struct ThreadedRun {
  double wall = 0;
  std::vector<double> per_thread_seconds;
  std::vector<std::size_t> per_thread_bytes;
  std::uint64_t matches = 0;
};

ThreadedRun run_threaded(const hush::scanner::RuleSet& set, const std::vector<std::string_view>& chunks, unsigned n,
                         int runs) {
  // Disjoint contiguous parts of about equal bytes.
  std::vector<std::vector<std::string_view>> parts(n);
  const std::size_t total = total_bytes(chunks);
  std::size_t acc = 0;
  for (auto c : chunks) {
    // By the chunk's midpoint, so a few big chunks still spread evenly.
    const std::size_t idx = std::min<std::size_t>(n - 1, (acc + c.size() / 2) * n / std::max<std::size_t>(total, 1));
    parts[idx].push_back(c);
    acc += c.size();
  }
  std::vector<hush::scanner::Matcher> matchers;
  for (unsigned t = 0; t < n; ++t) matchers.emplace_back(set);
  ThreadedRun best;
  for (int run = 0; run < runs; ++run) {
    ThreadedRun r;
    r.per_thread_seconds.assign(n, 0);
    r.per_thread_bytes.assign(n, 0);
    std::vector<std::uint64_t> found(n, 0);
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    for (unsigned t = 0; t < n; ++t) {
      threads.emplace_back([&, t] {
        HushRun h = run_hush(matchers[t], parts[t], set.rules().size());
        r.per_thread_seconds[t] = h.seconds;
        r.per_thread_bytes[t] = total_bytes(parts[t]);
        found[t] = h.matches;
      });
    }
    for (auto& th : threads) th.join();
    r.wall = seconds_since(t0);
    for (auto f : found) r.matches += f;
    if (run == 0 || r.wall < best.wall) best = std::move(r);
  }
  return best;
}

// ---- Hyperscan alone (candidates, no confirmation) ---------------------------------------------

struct HsDb {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  HsDb() = default;
  HsDb(const HsDb&) = delete;
  HsDb& operator=(const HsDb&) = delete;
  ~HsDb() {
    if (scratch) hs_free_scratch(scratch);
    if (db) hs_free_database(db);
  }
};

// What hush gives Hyperscan: a rule's prefilter when it has one, else its regex.
const std::string& hs_expression(const Rule& rule) { return rule.prefilter.empty() ? rule.regex : rule.prefilter; }

// Same flags as hush: multiline, and prefilter mode for a construct Hyperscan lacks.
unsigned hs_flags_for(const Rule& rule) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  const hs_error_t rc = hs_expression_info(hs_expression(rule).c_str(), HS_FLAG_MULTILINE, &info, &error);
  std::free(info);
  if (error) hs_free_compile_error(error);
  return rc == HS_SUCCESS ? HS_FLAG_MULTILINE : HS_FLAG_MULTILINE | HS_FLAG_PREFILTER;
}

std::unique_ptr<HsDb> compile_hs(const std::vector<Rule>& rules) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    exprs.push_back(hs_expression(rules[i]).c_str());
    flags.push_back(hs_flags_for(rules[i]));
    ids.push_back(static_cast<unsigned>(i));
  }
  auto out = std::make_unique<HsDb>();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(rules.size()), HS_MODE_BLOCK,
                       nullptr, &out->db, &error) != HS_SUCCESS) {
    std::string msg = error ? error->message : "unknown error";
    if (error) hs_free_compile_error(error);
    throw std::runtime_error("Hyperscan compile failed: " + msg);
  }
  if (hs_alloc_scratch(out->db, &out->scratch) != HS_SUCCESS) throw std::runtime_error("hs_alloc_scratch failed");
  return out;
}

struct HsRun {
  double seconds = 0;
  std::uint64_t candidates = 0;
  std::vector<std::uint64_t> per_rule;
};

int count_candidate(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  auto* r = static_cast<HsRun*>(ctx);
  ++r->candidates;
  ++r->per_rule[id];
  return 0;
}

HsRun best_hs(const HsDb& db, const std::vector<std::string_view>& chunks, std::size_t rule_count, int runs) {
  HsRun best;
  for (int i = 0; i < runs; ++i) {
    HsRun r;
    r.per_rule.assign(rule_count, 0);
    const auto t0 = Clock::now();
    for (auto c : chunks)
      if (hs_scan(db.db, c.data(), static_cast<unsigned>(c.size()), 0, db.scratch, count_candidate, &r) != HS_SUCCESS)
        throw std::runtime_error("hs_scan failed");
    r.seconds = seconds_since(t0);
    if (i == 0 || r.seconds < best.seconds) best = std::move(r);
  }
  return best;
}

// ---- PCRE2 baseline: every rule's regex, one after another ----------------------------------

struct PcreRule {
  pcre2_code* code = nullptr;
  explicit PcreRule(const Rule& rule) {
    int err = 0;
    PCRE2_SIZE off = 0;
    code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(rule.regex.data()), rule.regex.size(), PCRE2_MULTILINE, &err,
                         &off, nullptr);
    if (!code) throw std::runtime_error("PCRE2 rejects rule " + rule.id);
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  }
  PcreRule(const PcreRule&) = delete;
  PcreRule& operator=(const PcreRule&) = delete;
  PcreRule(PcreRule&& o) noexcept : code(std::exchange(o.code, nullptr)) {}
  ~PcreRule() { pcre2_code_free(code); }
};

struct PcreRun {
  double seconds = 0;
  std::uint64_t matches = 0;
  std::uint64_t errors = 0;  // match limit / JIT stack exhausted
  std::vector<std::uint64_t> per_rule;
  std::vector<double> per_rule_seconds;
};

PcreRun run_pcre(const std::vector<Rule>& rules, const std::vector<std::string_view>& chunks) {
  std::vector<PcreRule> compiled;
  for (const auto& r : rules) compiled.emplace_back(r);
  pcre2_match_data* md = pcre2_match_data_create(64, nullptr);
  pcre2_jit_stack* stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
  pcre2_match_context* mc = pcre2_match_context_create(nullptr);
  pcre2_jit_stack_assign(mc, nullptr, stack);
  pcre2_set_match_limit(mc, 1'000'000);

  PcreRun run;
  run.per_rule.assign(rules.size(), 0);
  run.per_rule_seconds.assign(rules.size(), 0);
  const auto t0 = Clock::now();
  for (std::size_t ri = 0; ri < compiled.size(); ++ri) {
    const auto tr = Clock::now();
    for (auto c : chunks) {
      const auto* subject = reinterpret_cast<PCRE2_SPTR>(c.data());
      PCRE2_SIZE start = 0;
      while (start < c.size()) {
        const int rc = pcre2_match(compiled[ri].code, subject, c.size(), start, 0, md, mc);
        if (rc < 0) {
          if (rc != PCRE2_ERROR_NOMATCH) ++run.errors;
          break;
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        ++run.per_rule[ri];
        start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
      }
    }
    run.per_rule_seconds[ri] = seconds_since(tr);
    run.matches += run.per_rule[ri];
  }
  run.seconds = seconds_since(t0);
  pcre2_match_context_free(mc);
  pcre2_jit_stack_free(stack);
  pcre2_match_data_free(md);
  return run;
}

// ---- output -----------------------------------------------------------------------------------

void rule_line() { std::printf("%s\n", std::string(100, '-').c_str()); }

void row(const char* engine, unsigned threads, std::size_t bytes, double secs, std::uint64_t found, const char* what) {
  const double rate = mb(bytes) / secs;
  std::printf("%-34s %7u %10.1f %9.3f %11.0f %12.0f %12llu %s\n", engine, threads, mb(bytes), secs, rate,
              rate / threads, static_cast<unsigned long long>(found), what);
}

hush::scanner::RuleSet build_set(std::vector<Rule> rules) {
  return hush::scanner::RuleSet::build(std::move(rules), hush::scanner::RuleSetOptions{}, hush::Logger::null());
}

void per_rule_report(const std::vector<Rule>& rules, const std::vector<std::string_view>& chunks, int runs) {
  const std::size_t bytes = total_bytes(chunks);
  std::printf("\nPer rule, each alone, over the first %.1f MB (%d runs for hush/HS, best kept):\n", mb(bytes), runs);
  std::printf("%-24s %12s %10s %12s %10s %10s %10s %12s\n", "rule", "HS cand.", "HS MB/s", "hush MB/s", "hush hits",
              "rejected", "PCRE2 MB/s", "PCRE2 hits");
  rule_line();
  for (const auto& rule : rules) {
    const std::vector<Rule> one{rule};
    const auto hs = compile_hs(one);
    const HsRun h = best_hs(*hs, chunks, 1, runs);
    const auto set = build_set(one);
    const HushRun m = best_hush(set, chunks, runs);
    const PcreRun p = run_pcre(one, chunks);
    std::printf("%-24s %12llu %10.0f %12.0f %10llu %10llu %10.0f %12llu\n", rule.id.c_str(),
                static_cast<unsigned long long>(h.candidates), mb(bytes) / h.seconds, mb(bytes) / m.seconds,
                static_cast<unsigned long long>(m.matches), static_cast<unsigned long long>(m.rejected),
                mb(bytes) / p.seconds, static_cast<unsigned long long>(p.matches));
    std::fflush(stdout);
  }
}

int run(const Options& opt) {
  // Rules: builtin pack plus --rules, minus what --only leaves out.
  auto t0 = Clock::now();
  std::vector<Rule> rules = hush::rules::builtin_rules();
  const std::size_t builtin_count = rules.size();
  for (const auto& p : opt.rule_paths) {
    auto extra = hush::scanner::load_rules_path(p);
    rules.insert(rules.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
  }
  if (!opt.only.empty()) {
    std::erase_if(rules,
                  [&](const Rule& r) { return std::find(opt.only.begin(), opt.only.end(), r.id) == opt.only.end(); });
    if (rules.empty()) throw std::runtime_error("--only left no rules");
  }
  const auto set = build_set(rules);
  const double build_secs = seconds_since(t0);

  t0 = Clock::now();
  const std::string corpus = read_file(opt.corpus);
  const double read_secs = seconds_since(t0);
  const auto chunks = split_chunks(corpus, opt.chunk);

  std::printf("hush matcher benchmark\n");
  std::printf("  corpus   %s: %.1f MB (%.1f MiB) in %zu chunks of ~%zu KiB split at newlines (read in %.2f s)\n",
              opt.corpus.c_str(), mb(corpus.size()), static_cast<double>(corpus.size()) / (1024.0 * 1024.0),
              chunks.size(), opt.chunk / 1024, read_secs);
  std::printf("  rules    %zu (builtin %zu, extra %zu%s), RuleSet built without cache in %.0f ms\n", rules.size(),
              builtin_count, rules.size() - std::min(rules.size(), builtin_count),
              opt.only.empty() ? "" : ", filtered by --only", build_secs * 1e3);
  std::printf("  engine   %s, PCRE2 JIT; MB = 10^6 bytes, timing by steady_clock, data already in memory\n\n",
              hs_version());
  std::fflush(stdout);

  std::printf("%-34s %7s %10s %9s %11s %12s %12s\n", "engine", "threads", "MB", "seconds", "MB/s total", "MB/s/thread",
              "matches");
  rule_line();

  const HushRun hush_run = best_hush(set, chunks, opt.runs);
  row("hush Matcher (HS + PCRE2 confirm)", 1, corpus.size(), hush_run.seconds, hush_run.matches, "");
  std::fflush(stdout);

  const auto hs = compile_hs(rules);
  const HsRun hs_run = best_hs(*hs, chunks, rules.size(), opt.runs);
  row("  of which Hyperscan alone", 1, corpus.size(), hs_run.seconds, hs_run.candidates, "candidates");
  std::printf("  %-32s %llu candidates not confirmed by PCRE2\n", "",
              static_cast<unsigned long long>(hush_run.rejected));
  std::fflush(stdout);

  ThreadedRun threaded;
  if (opt.threads > 1) {
    threaded = run_threaded(set, chunks, opt.threads, opt.runs);
    char label[64];
    std::snprintf(label, sizeof label, "hush Matcher, %u threads", opt.threads);
    row(label, opt.threads, corpus.size(), threaded.wall, threaded.matches, "");
    for (unsigned t = 0; t < opt.threads; ++t)
      std::printf("  %-32s thread %u: %.1f MB in %.3f s = %.0f MB/s\n", "", t, mb(threaded.per_thread_bytes[t]),
                  threaded.per_thread_seconds[t], mb(threaded.per_thread_bytes[t]) / threaded.per_thread_seconds[t]);
    std::fflush(stdout);
  }

  if (opt.baseline) {
    const auto prefix = prefix_chunks(chunks, opt.baseline_mib);
    const std::size_t prefix_bytes = total_bytes(prefix);
    const HushRun hush_prefix = best_hush(set, prefix, 1);
    const PcreRun base = run_pcre(rules, prefix);
    row("baseline: PCRE2 JIT, rule by rule", 1, prefix_bytes, base.seconds, base.matches,
        prefix_bytes < corpus.size() ? "(prefix)" : "");
    rule_line();
    const double hush_rate = mb(corpus.size()) / hush_run.seconds;
    const double base_rate = mb(prefix_bytes) / base.seconds;
    std::printf("ratio hush / baseline, per thread: %.1fx  (%.0f vs %.0f MB/s)\n", hush_rate / base_rate, hush_rate,
                base_rate);
    std::printf("matches on the baseline's %.1f MB: hush %llu, baseline %llu%s\n", mb(prefix_bytes),
                static_cast<unsigned long long>(hush_prefix.matches), static_cast<unsigned long long>(base.matches),
                base.errors ? " (baseline hit PCRE2 limits)" : "");
    std::printf("\n%-24s %12s %12s %12s %12s %12s\n", "rule", "HS cand.", "hush hits", "PCRE2 hits", "PCRE2 MB/s",
                "share of HS");
    rule_line();
    for (std::size_t i = 0; i < rules.size(); ++i)
      std::printf(
          "%-24s %12llu %12llu %12llu %12.0f %11.1f%%\n", rules[i].id.c_str(),
          static_cast<unsigned long long>(hs_run.per_rule[i]), static_cast<unsigned long long>(hush_prefix.per_rule[i]),
          static_cast<unsigned long long>(base.per_rule[i]), mb(prefix_bytes) / base.per_rule_seconds[i],
          hs_run.candidates ? 100.0 * static_cast<double>(hs_run.per_rule[i]) / static_cast<double>(hs_run.candidates)
                            : 0.0);
    std::printf("(HS candidates are over the whole corpus; hits are over the baseline's prefix)\n");
  } else {
    rule_line();
  }
  if (opt.threads > 1) {
    const double one = mb(corpus.size()) / hush_run.seconds;
    const double many = mb(corpus.size()) / threaded.wall;
    std::printf("scaling: %u threads give %.0f MB/s total, %.0f MB/s per thread (%.2fx of one thread)\n", opt.threads,
                many, many / opt.threads, many / one);
  }
  std::fflush(stdout);

  if (opt.per_rule) per_rule_report(rules, prefix_chunks(chunks, opt.per_rule_mib), opt.runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_args(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hush_matcher_bench: %s\n", e.what());
    return 3;
  }
}
