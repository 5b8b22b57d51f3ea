#pragma once
// Scalars and lists from Python, checked for what C++ cannot see once they
// are converted: a wrong kind of value (text or a bool for a number, a float
// for a whole number) is a TypeError, a whole number beyond the C++ type a
// ValueError; both name the argument (`what`) and what it expects. The C++
// side then checks what it knows (a learning rate finite and > 0, a time
// constant >= dt) and raises prospect.Error, for Python as for the command
// line.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/types.h"

namespace prospect::python {

namespace py = pybind11;

// Sizes (batch, widths, counts) are at most 2^31 - 1: the product of any two
// of them (a matrix's element count) still fits Index. Where the C++ side
// checks a size, Python takes -kMostSize to kMostSize and leaves the range
// to it; an int is a whole number of that range too.
inline constexpr Index kMostSize = 2147483647;
inline constexpr Index kMostInt = 2147483647;

// The TypeError for a value of the wrong kind: "`what`: expected `expected`,
// got <type> <repr>".
[[noreturn]] void wrong_kind(const py::handle& value, const std::string& what,
                             const std::string& expected);

// A number: an int, a float or a numpy scalar, not a bool (NaN and infinity
// pass: the C++ side refuses them where they do not belong).
double number(const py::handle& value, const std::string& what);
// A whole number (an int or a numpy integer, not a bool) from `least` to `most`.
Index whole(const py::handle& value, const std::string& what, Index least, Index most = kMostSize);
// A whole number from 0 to 2^64 - 1, as core::Rng takes its seeds.
std::uint64_t seed(const py::handle& value, const std::string& what);
// Whether it is True or False (or a numpy bool).
bool is_bool(const py::handle& value);
// True or False (or a numpy bool): never None or another value taken for one.
bool flag(const py::handle& value, const std::string& what);
// A list, tuple or 1-D array of numbers (`what[i]` names a bad element).
std::vector<double> numbers(const py::handle& value, const std::string& what);
// The same of whole numbers from `least` to `most`.
std::vector<Index> wholes(const py::handle& value, const std::string& what, Index least,
                          Index most = kMostSize);
// A dict {text: number}.
std::map<std::string, double> named_numbers(const py::handle& value, const std::string& what);

}  // namespace prospect::python
