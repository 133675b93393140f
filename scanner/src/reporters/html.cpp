// A self-contained HTML report for people who triage in a browser: one file, its style and a
// small filtering script inline, no external asset, no network request (its Content-Security-
// Policy forbids them). Every value is escaped: paths, contexts and commit subjects come from the
// scanned repository. The secret appears only with --reveal, as in every format.
#include <map>
#include <ostream>

#include "hush/scanner/report.hpp"
#include "reporters/finding_json.hpp"

namespace hush::scanner::detail {
namespace {

bool html_char(char32_t c) noexcept { return c >= 0x20 ? c != 0x7F : c == '\t' || c == '\n'; }

std::string html(std::string_view raw) { return escape_markup(raw, html_char, true); }

constexpr const char* style = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:20px;margin:0 0 4px}
.summary{color:#444;margin:0 0 12px}
.gap{background:#fff4e5;border-left:4px solid #d97706;padding:6px 10px;margin:6px 0}
.gap.damaged{background:#fdecec;border-color:#c62828}
.controls{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}
.controls input,.controls select{font:inherit;padding:4px 6px}
table{border-collapse:collapse}#findings{width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e3e6ea}
th{background:#f5f7f9;position:sticky;top:0}
code{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.sev-critical,.sev-high{color:#b71c1c;font-weight:600}.sev-medium{color:#9a5b00}.sev-low,.sev-info{color:#555}
.conf-low{color:#777}
.meta{color:#555;font-size:12px}
#count{color:#444;align-self:center}
)";

// Filters rows by the search box and the two selects; the state is kept in the URL's fragment
// so a filtered view can be shared (and tested).
constexpr const char* script = R"(
(function(){
var q=document.getElementById('q'),sev=document.getElementById('severity'),conf=document.getElementById('confidence');
var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));
var order={low:0,medium:1,high:2};
function apply(){
  var text=q.value.toLowerCase(),s=sev.value,c=conf.value,shown=0;
  rows.forEach(function(r){
    var ok=(!text||r.textContent.toLowerCase().indexOf(text)>=0)&&(!s||r.dataset.severity===s)&&
      (!c||order[r.dataset.confidence]>=order[c]);
    r.hidden=!ok;if(ok)shown++;
  });
  document.getElementById('count').textContent=shown+' of '+rows.length+' shown';
  var state=new URLSearchParams();
  if(text)state.set('q',q.value);if(s)state.set('severity',s);if(c)state.set('confidence',c);
  history.replaceState(null,'',state.toString()?'#'+state.toString():location.pathname);
}
var initial=new URLSearchParams(location.hash.slice(1));
q.value=initial.get('q')||'';sev.value=initial.get('severity')||'';conf.value=initial.get('confidence')||'';
[q,sev,conf].forEach(function(e){e.addEventListener('input',apply);e.addEventListener('change',apply);});
apply();
})();
)";

void write_row(const Finding& f, bool reveal, std::ostream& out) {
  out << "<tr data-severity=\"" << severity_name(f.severity) << "\" data-confidence=\"" << confidence_name(f.confidence)
      << "\">"
      << "<td class=\"sev-" << severity_name(f.severity) << "\">" << severity_name(f.severity) << "</td>"
      << "<td class=\"conf-" << confidence_name(f.confidence) << "\">" << confidence_name(f.confidence) << "</td>"
      << "<td><code>" << html(f.rule_id) << "</code><div class=\"meta\">" << html(f.rule_name) << "</div></td>"
      << "<td><code>" << html(f.path) << ":" << f.line << ":" << f.column << "</code>";
  if (!f.repository.empty()) out << "<div class=\"meta\">repository <code>" << html(f.repository) << "</code></div>";
  if (f.git) {
    out << "<div class=\"meta\">commit <code>" << html(f.git->commit.substr(0, 12)) << "</code>";
    if (!f.git->author.empty()) out << " by " << html(f.git->author);
    if (!f.git->date.empty()) out << " on " << html(f.git->date);
    if (!f.git->message.empty()) out << "<br>" << html(f.git->message);
    out << "</div>";
  }
  out << "</td><td><code>" << html(reveal ? f.secret : f.redacted) << "</code>";
  if (!f.context.empty()) out << "<div class=\"meta\"><code>" << html(f.context) << "</code></div>";
  out << "</td><td><code>" << html(f.fingerprint) << "</code>";
  if (!f.validation.empty()) out << "<div class=\"meta\">" << html(f.validation) << "</div>";
  out << "</td></tr>\n";
}

}  // namespace

void write_html(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>hush report: "
      << findings.size() << (findings.size() == 1 ? " finding" : " findings") << "</title>\n<style>" << style
      << "</style></head>\n<body>\n"
      << "<h1>hush report</h1>\n<p class=\"summary\" id=\"summary\">" << html(summary_line(findings, summary));
  if (!options.tool_version.empty()) out << " · hush " << html(options.tool_version);
  out << "</p>\n";
  for (const auto& gap : summary.counters.gaps) {
    out << "<div class=\"gap" << (gap.damaged ? " damaged" : "") << "\">not scanned (" << gap.count
        << "): " << html(gap.what);
    if (!gap.fix.empty()) out << "<br>fix: " << html(gap.fix);
    out << "</div>\n";
  }
  std::map<std::string, std::size_t> per_rule;
  for (const auto& f : findings) ++per_rule[f.rule_id];
  out << "<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"filter: path, rule, commit...\" "
         "aria-label=\"filter\">"
         "<select id=\"severity\" aria-label=\"severity\"><option value=\"\">any severity</option>";
  for (const char* s : {"critical", "high", "medium", "low", "info"}) out << "<option>" << s << "</option>";
  out << "</select><select id=\"confidence\" aria-label=\"confidence\"><option value=\"\">any confidence</option>"
         "<option value=\"medium\">medium or high</option><option value=\"high\">high</option></select>"
         "<span id=\"count\"></span></div>\n"
         "<table "
         "id=\"findings\"><thead><tr><th>severity</th><th>confidence</th><th>rule</th><th>location</th><th>secret</th>"
         "<th>fingerprint</th></tr></thead>\n<tbody>\n";
  for (const auto& f : findings) write_row(f, options.reveal, out);
  out << "</tbody></table>\n";
  if (!per_rule.empty()) {
    out << "<h2>Findings by rule</h2>\n<table id=\"by-rule\"><tbody>\n";
    for (const auto& [rule, count] : per_rule)
      out << "<tr><td><code>" << html(rule) << "</code></td><td>" << count << "</td></tr>\n";
    out << "</tbody></table>\n";
  }
  out << "<script>" << script << "</script>\n</body></html>\n";
}

}  // namespace hush::scanner::detail
