#pragma once
// What an unknown key was probably meant to be: the known keys nearest to it
// by edit distance, for "unknown key 'ode.dtt' (did you mean
// 'integrator.dt'?)". Every parser of keys (options on the command line, in
// configuration and sweep files, Python keywords) suggests through here.

#include <string>
#include <vector>

namespace prospect::core {

// Up to `at_most` of `known` (in the order given), those nearest to `word`
// among the ones within a few edits of it, whole or in its last dotted part
// (a typo in the name under the wrong section still finds it). Empty when
// none is close.
std::vector<std::string> nearest_keys(const std::string& word, const std::vector<std::string>& known,
                                      std::size_t at_most = 3);

// " (did you mean 'a' or 'b'?)", or "" when nothing is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known);

}  // namespace prospect::core
