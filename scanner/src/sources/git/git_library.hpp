#pragma once
// The scanner's Git sources (hush::scanner::git) take the Git library's names (hush::git) as their
// own, so `git::X` names the library's X from anywhere in the scanner, whichever of the two
// namespaces the lookup of `git` finds first.
namespace hush::git {}

namespace hush::scanner::git {
using namespace hush::git;
}  // namespace hush::scanner::git
