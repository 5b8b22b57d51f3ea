#include "keyword_options.h"

#include <algorithm>

#include "core/error.h"
#include "core/suggestion.h"

namespace prospect::python {
namespace py = pybind11;
namespace {

std::string keyword(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// A Python value as option text, as prospect.run writes its options.
std::string option_text(const py::handle& value) {
  return py::module_::import("prospect").attr("option_text")(value).cast<std::string>();
}

}  // namespace

core::Options keyword_options(const core::OptionTable& table, const py::kwargs& keywords,
                              const std::vector<std::string>& own, const std::string& where) {
  std::vector<std::string> overrides;
  for (const auto& [name, value] : keywords) {
    const auto word = py::str(name).cast<std::string>();
    if (std::find(own.begin(), own.end(), word) != own.end()) continue;
    const auto& entries = table.entries();
    const auto entry = std::find_if(entries.begin(), entries.end(),
                                    [&](const core::OptionInfo& e) { return keyword(e.key) == word; });
    if (entry == entries.end()) {
      std::vector<std::string> keywords;
      for (const auto& e : entries) keywords.push_back(keyword(e.key));
      keywords.insert(keywords.end(), own.begin(), own.end());
      std::string known;
      for (const auto& k : keywords) known += (known.empty() ? "" : ", ") + k;
      throw py::type_error(where + ": unexpected keyword '" + word + "'" +
                           core::did_you_mean(word, keywords) + " (expected " + known + ")");
    }
    overrides.push_back(entry->key + "=" + option_text(value));
  }
  return core::Options::resolve_text(table, "", where, overrides);
}

std::string keyword_defaults(const core::OptionTable& table) {
  std::string text;
  for (const auto& e : table.entries()) {
    text += (text.empty() ? "" : ", ") + keyword(e.key) + "=" + e.default_value;
  }
  return text;
}

py::list option_list(const core::OptionTable& table) {
  py::list out;
  for (const auto& e : table.entries()) {
    out.append(py::dict(py::arg("key") = e.key, py::arg("keyword") = keyword(e.key),
                        py::arg("default") = e.default_value, py::arg("unit") = e.unit,
                        py::arg("range") = e.range, py::arg("help") = e.help));
  }
  return out;
}

}  // namespace prospect::python
