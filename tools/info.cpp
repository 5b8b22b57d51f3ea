#include "tools/info.h"

#include <set>

#include "core/h5_file.h"

namespace prospect::tools {
namespace {

// `shown` holds the groups listed so far: a link back to one of them (a
// damaged or hand-made file may have loops) is named, not followed.
void print_tree(const core::H5Reader& file, const std::string& group, std::ostream& out,
                std::set<haddr_t>& shown) {
  shown.insert(file.address(group));
  for (const auto& name : file.members(group)) {
    const std::string path = (group == "/" ? "" : group) + "/" + name;
    if (file.is_group(path)) {
      if (shown.count(file.address(path)) != 0) {
        out << "  " << path << " (a link to a group listed above)\n";
      } else {
        print_tree(file, path, out, shown);
      }
      continue;
    }
    if (!file.is_dataset(path)) {
      out << "  " << path << " (neither a group nor a dataset)\n";
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
  std::set<haddr_t> shown;
  print_tree(file, "/", out, shown);
}

}  // namespace prospect::tools
