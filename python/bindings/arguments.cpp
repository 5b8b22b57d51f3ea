#include "arguments.h"

#include <limits>

namespace prospect::python {
namespace {

// The value as the message shows it: its type and a short repr.
std::string shown(const py::handle& value) {
  std::string text = py::repr(value).cast<std::string>();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>() + " " + text;
}

// Python's own comparison, so that ints beyond 64 bits compare exactly.
bool within(const py::int_& number, Index least, Index most) {
  return number >= py::int_(least) && number <= py::int_(most);
}

py::int_ integer(const py::handle& value, const std::string& what, const std::string& expected) {
  if (is_bool(value) || !PyIndex_Check(value.ptr())) wrong_kind(value, what, expected);
  PyObject* number = PyNumber_Index(value.ptr());
  if (number == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::int_>(number);
}

// Each element of a list, tuple or 1-D array, converted by `convert(element, "what[i]")`.
template <typename T, typename Convert>
std::vector<T> elements(const py::handle& value, const std::string& what,
                        const std::string& expected, Convert convert) {
  if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value) ||
      py::isinstance<py::dict>(value) || !PySequence_Check(value.ptr())) {
    wrong_kind(value, what, expected);
  }
  std::vector<T> out;
  const auto sequence = py::reinterpret_borrow<py::sequence>(value);
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    out.push_back(convert(sequence[i], what + "[" + std::to_string(i) + "]"));
  }
  return out;
}

}  // namespace

void wrong_kind(const py::handle& value, const std::string& what, const std::string& expected) {
  throw py::type_error(what + ": expected " + expected + ", got " + shown(value));
}

double number(const py::handle& value, const std::string& what) {
  if (is_bool(value) || !py::isinstance(value, py::module_::import("numbers").attr("Real"))) {
    wrong_kind(value, what, "a number");
  }
  try {
    return py::float_(py::reinterpret_borrow<py::object>(value)).cast<double>();
  } catch (const py::error_already_set&) {  // an int beyond the range of a double
    throw py::value_error(what + ": expected a number a double can hold, got " + shown(value));
  }
}

Index whole(const py::handle& value, const std::string& what, Index least, Index most) {
  const std::string expected = "a whole number from " + std::to_string(least) + " to " +
                               std::to_string(most);
  const auto number = integer(value, what, expected + " (an int)");
  if (!within(number, least, most)) {
    throw py::value_error(what + ": expected " + expected + ", got " + shown(value));
  }
  return number.cast<Index>();
}

std::uint64_t seed(const py::handle& value, const std::string& what) {
  const std::string expected = "a seed, a whole number from 0 to 2^64 - 1";
  const auto number = integer(value, what, expected + " (an int)");
  if (number < py::int_(0) || number > py::int_(std::numeric_limits<std::uint64_t>::max())) {
    throw py::value_error(what + ": expected " + expected + ", got " + shown(value));
  }
  return number.cast<std::uint64_t>();
}

bool is_bool(const py::handle& value) {
  return PyBool_Check(value.ptr()) ||
         py::isinstance(value, py::module_::import("numpy").attr("bool_"));
}

bool flag(const py::handle& value, const std::string& what) {
  if (!is_bool(value)) wrong_kind(value, what, "True or False");
  return value.cast<bool>();
}

std::vector<double> numbers(const py::handle& value, const std::string& what) {
  return elements<double>(value, what, "a list of numbers", number);
}

std::vector<Index> wholes(const py::handle& value, const std::string& what, Index least,
                          Index most) {
  return elements<Index>(value, what, "a list of whole numbers",
                         [&](const py::handle& item, const std::string& name) {
                           return whole(item, name, least, most);
                         });
}

std::map<std::string, double> named_numbers(const py::handle& value, const std::string& what) {
  if (!py::isinstance<py::dict>(value)) wrong_kind(value, what, "a dict {name: number}");
  std::map<std::string, double> out;
  for (const auto& [key, item] : py::reinterpret_borrow<py::dict>(value)) {
    if (!py::isinstance<py::str>(key)) wrong_kind(key, what + " key", "a name (str)");
    const auto name = key.cast<std::string>();
    out[name] = number(item, what + "[" + name + "]");
  }
  return out;
}

}  // namespace prospect::python
