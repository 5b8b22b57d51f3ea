#include "tools/data/verify.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "tools/data/sha256.h"

namespace prospect::data {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void check_file(const FileCheck& check, const fs::path& folder) {
  const fs::path path = folder / check.path;
  if (!fs::is_regular_file(fs::symlink_status(path))) fail(check.path, ": missing (expected a file)");
  const auto bytes = fs::file_size(path);
  if (bytes != check.bytes) fail(check.path, ": ", bytes, " bytes, expected ", check.bytes);
  if (!check.sha256.empty()) {
    const auto digest = sha256_of_file(path.string());
    if (digest != check.sha256) fail(check.path, ": SHA-256 ", digest, ", expected ", check.sha256);
  }
}

// Paths relative to `folder`, as `find FOLDER` prints them, sorted bytewise.
void check_tree(const TreeCheck& check, const fs::path& folder) {
  const fs::path root = folder / check.folder;
  const auto where = check.folder + "/: ";
  if (!fs::is_directory(fs::symlink_status(root))) fail(where, "missing (expected a folder)");
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && ends_with(entry.path().filename().string(), check.suffix)) {
      names.push_back((fs::path(check.folder) / fs::relative(entry.path(), root)).string());
    }
  }
  std::sort(names.begin(), names.end());
  if (static_cast<long>(names.size()) != check.count) {
    fail(where, names.size(), " *", check.suffix, " files, expected ", check.count);
  }
  std::uintmax_t bytes = 0;
  for (const auto& name : names) bytes += fs::file_size(folder / name);
  if (check.bytes != 0 && bytes != check.bytes) {
    fail(where, "*", check.suffix, " files of ", bytes, " bytes in all, expected ", check.bytes);
  }
  if (check.sha256.empty()) return;
  std::string listing;
  for (const auto& name : names) listing += sha256_of_file((folder / name).string()) + "  " + name + "\n";
  const auto digest = sha256_of_text(listing);
  if (digest != check.sha256) {
    fail(where, "SHA-256 of the *", check.suffix, " files' listing ", digest, ", expected ", check.sha256,
         " (a file differs from the publisher's)");
  }
}

}  // namespace

std::string verify(const DataSet& set, const std::string& folder) {
  for (const auto& check : set.files) check_file(check, folder);
  for (const auto& check : set.trees) check_tree(check, folder);
  long files = static_cast<long>(set.files.size());
  for (const auto& tree : set.trees) files += tree.count;
  const std::string counted = std::to_string(files) + " file" + (files == 1 ? "" : "s");
  return set.has_checksums() ? "SHA-256 of " + counted
                             : "sizes and counts of " + counted + " only: the publisher gives no checksum";
}

}  // namespace prospect::data
