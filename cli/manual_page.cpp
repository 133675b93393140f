// hush(1), generated from the command table so that it lists exactly the options the parser
// accepts (command_docs.hpp).
#include "command_docs.hpp"

namespace hush::cli {
namespace {

// Text as roff prints it: backslashes and hyphens escaped (a bare '-' may become a hyphen that
// copy-paste breaks), a leading '.' or '\'' kept from being read as a request.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

}  // namespace

std::string manual_page(const std::string& version) {
  std::string s =
      ".TH HUSH 1 \"\" \"hush " + roff(version) +
      "\" \"User Commands\"\n"
      ".SH NAME\nhush \\- keep secrets out of Git and put them into processes\n"
      ".SH SYNOPSIS\n.B hush\n.I command\n[\\fIoptions\\fR] [\\fIarguments\\fR]\n"
      ".SH DESCRIPTION\n"
      ".B hush scan\nfinds secrets in files, standard input, staged changes, commit ranges and whole Git\n"
      "histories, as a pre\\-commit hook, a CI gate or an audit.\n"
      ".B hush run\nfetches credentials from HashiCorp Vault, AWS SSM Parameter Store, AWS Secrets Manager or an\n"
      "encrypted file, puts them into a command's environment and supervises the command (signals,\n"
      "reaping, exit codes, refresh).\n"
      ".SH COMMANDS\n";
  for (const auto& doc : command_docs()) {
    s += ".SS \"hush " + roff(doc.name) + (doc.synopsis.empty() ? "" : " " + roff(doc.synopsis)) + "\"\n" +
         roff(doc.summary) + ".\n";
    for (const auto& o : doc.options) {
      s += ".TP\n";
      if (o.short_name) s += "\\fB\\-" + std::string(1, o.short_name) + "\\fR, ";
      s += "\\fB\\-\\-" + roff(o.name) + "\\fR";
      if (o.takes_value) s += " \\fI" + roff(o.value_name) + "\\fR";
      s += "\n" + roff(o.help) + "\n";
    }
  }
  s += ".SH EXIT STATUS\n"
       ".TP\n0\nno findings (scan); the command succeeded\n"
       ".TP\n1\nfindings remain (scan; see \\fB\\-\\-exit\\-code\\fR)\n"
       ".TP\n2\nusage or configuration error\n"
       ".TP\n3\nruntime failure: I/O, an unreadable input or a damaged repository, a store that failed\n"
       ".PP\n\\fBhush run\\fR exits with the command's own status (128 + N when a signal N ended it).\n"
       ".SH ENVIRONMENT\n"
       ".TP\n.B NO_COLOR\nno colour in text reports\n"
       ".TP\n.B HUSH_SKIP\nset to 1, the pre\\-commit hook lets one commit through\n"
       ".TP\n.B GITLEAKS_CONFIG\nthe scan configuration when \\fB\\-\\-config\\fR is not given\n"
       ".TP\n.B HUSH_CONFIG\nthe hush.toml of \\fBrun\\fR, \\fBenv\\fR and \\fBget\\fR, and of \\fBscan\\fR when "
       "--config is not given\n"
       ".TP\n.B VAULT_ADDR\\fR, \\fBVAULT_TOKEN\\fR, \\fBAWS_REGION\\fR, \\fBEJSON_KEYDIR\n"
       "where the stores are and how hush authenticates to them\n"
       ".TP\n.B XDG_CACHE_HOME\nthe compiled rule cache lives in $XDG_CACHE_HOME/hush\n"
       ".SH FILES\n"
       ".TP\n.I .hush.toml\nscan configuration at the scanned root (\\fI.gitleaks.toml\\fR when there is none)\n"
       ".TP\n.I .hushignore\nfingerprints of findings to suppress, one a line\n"
       ".SH SEE ALSO\n.BR git (1),\n.BR githooks (5)\n";
  return s;
}

}  // namespace hush::cli
