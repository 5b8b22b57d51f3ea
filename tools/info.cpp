#include "tools/info.h"

#include "core/h5_file.h"

namespace prospect::tools {
namespace {

void print_tree(const core::H5Reader& file, const std::string& group, std::ostream& out) {
  for (const auto& name : file.members(group)) {
    const std::string path = (group == "/" ? "" : group) + "/" + name;
    if (file.is_group(path)) {
      print_tree(file, path, out);
      continue;
    }
    out << "  " << path << " (";
    const auto shape = file.shape(path);
    for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
    out << ")";
    for (const auto& attribute : file.attribute_names(path)) {
      out << " " << attribute << "=" << file.attribute_text(path, attribute);
    }
    out << "\n";
  }
}

}  // namespace

void print_info(const std::string& path, std::ostream& out) {
  const core::H5Reader file(path);
  out << path << "\nattributes:\n";
  for (const auto& name : file.attribute_names("/")) {
    std::string value = file.attribute_text("/", name);
    if (value.find('\n') != std::string::npos) {
      std::string indented;
      for (const char c : value) indented += c == '\n' ? std::string("\n      ") : std::string(1, c);
      value = "\n      " + indented;
    }
    out << "  " << name << " = " << value << "\n";
  }
  out << "datasets:\n";
  print_tree(file, "/", out);
}

}  // namespace prospect::tools
