// toml++ compiled once, into hush itself: the distribution's libtomlplusplus.so would bring the
// shared C++ runtime and one more library for the dynamic loader to every start.
#define TOML_IMPLEMENTATION 1
#include "hush/common/toml.hpp"
