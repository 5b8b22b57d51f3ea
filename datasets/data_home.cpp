#include "datasets/data_home.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/options.h"
#include "datasets/idx.h"

namespace prospect::datasets {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

std::string data_home() {
  if (const auto own = environment("PROSPECT_DATA"); !own.empty()) return own;
  if (const auto xdg = environment("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/prospect";
  if (const auto home = environment("HOME"); !home.empty()) return home + "/.local/share/prospect";
  fail("no data directory: set PROSPECT_DATA (or XDG_DATA_HOME or HOME)");
}

std::string data_set_folder(const std::string& name) { return data_home() + "/" + name; }

std::string data_set_directory(const std::string& directory, const std::string& name,
                               const std::string& key) {
  if (!directory.empty()) return directory;
  const std::string folder = data_set_folder(name);
  if (std::filesystem::is_directory(folder)) return folder;
  if (name == "fashion_mnist" && std::filesystem::is_directory(fashion_mnist_directory)) {
    return fashion_mnist_directory;
  }
  core::fail_value(key, directory,
                   "no directory given and no " + name + " in " + folder + " (fetch it with 'prospect data fetch " +
                       name + "', or give its directory)");
}

}  // namespace prospect::datasets
