#pragma once
// A model family's option table as Python keyword arguments: each option's
// keyword is the last part of its key (network.widths -> widths), its default
// the table's, and the values are resolved and checked as the task resolves
// its options, so errors name the task's key.

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "core/options.h"

namespace prospect::python {

// The options that `keywords` set over the table's defaults. A keyword that
// is neither an option nor one of `own` (the caller's, taken separately) is
// an error listing the known ones.
core::Options keyword_options(const core::OptionTable& table, const pybind11::kwargs& keywords,
                              const std::vector<std::string>& own, const std::string& where);

// "keyword=default, ..." for a docstring's signature line, and the table as
// a list of {key, keyword, default, unit, range, help} dicts.
std::string keyword_defaults(const core::OptionTable& table);
pybind11::list option_list(const core::OptionTable& table);

}  // namespace prospect::python
