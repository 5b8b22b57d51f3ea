#include "tools/data/install.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/error.h"
#include "core/file_system.h"
#include "tools/data/download.h"
#include "tools/data/unpack.h"
#include "tools/data/verify.h"

namespace prospect::data {
namespace fs = std::filesystem;
namespace {

std::string file_name_of(const std::string& url) {
  const auto slash = url.find_last_of('/');
  const std::string name = url.substr(slash == std::string::npos ? 0 : slash + 1);
  if (name.empty() || name == "." || name == "..") fail(url, ": expected a URL ending in a file name");
  return name;
}

// Nothing to do when the set is there already (it is never replaced) or generated.
bool nothing_to_do(const DataSet& set, const fs::path& target) {
  if (set.unpack == Unpack::generated) {
    std::printf("%s: nothing to fetch: %s\n", set.name.c_str(), set.note.c_str());
    return true;
  }
  if (fs::exists(fs::symlink_status(target))) {
    std::printf("%s: already in %s (remove it to fetch or import it again)\n", set.name.c_str(),
                target.c_str());
    return true;
  }
  return false;
}

// Whether the first file or folder the set's checks look at is in `folder`.
bool layout_found(const DataSet& set, const fs::path& folder) {
  return fs::exists(folder / (set.files.empty() ? set.trees.front().folder : set.files.front().path));
}

// An archive's entries into `staging`, out of the one folder that wraps them
// all if the set's files are not found without it.
void unpack_archive(const DataSet& set, const std::string& archive, const fs::path& staging) {
  extract_archive(archive, staging.string());
  if (!layout_found(set, staging)) lift_single_folder(staging.string());
}

// `fill` puts the set's files into a fresh staging folder, which is checked
// and renamed to `target`; on any error the staging folder goes and
// `on_failure` (if any) runs before the error travels on.
void stage(const DataSet& set, const fs::path& target, const std::string& origin,
           const std::function<void(const fs::path&)>& fill, const std::function<void()>& on_failure = {}) {
  fs::create_directories(target.parent_path());
  std::string pattern = (target.parent_path() / (".unpacking-" + set.name + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) fail(pattern, ": cannot create (", core::system_reason(), ")");
  const fs::path staging = pattern;
  const mode_t mask = umask(0);  // mkdtemp's folder is private; the set is as shared as any new folder
  umask(mask);
  fs::permissions(staging, static_cast<fs::perms>(0777 & ~mask));
  try {
    fill(staging);
    std::string checked;
    try {
      checked = verify(set, staging.string());
    } catch (const Error& e) {
      fail(set.name, " from ", origin, " differs from the catalogue's: ", e.what());
    }
    fs::rename(staging, target);
    core::sync_directory(target.parent_path().string());
    std::printf("%s: %s (checked: %s)\n", set.name.c_str(), target.c_str(), checked.c_str());
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    if (on_failure) on_failure();
    throw;
  }
}

}  // namespace

void fetch_set(const DataSet& set, const std::string& home, const FetchOptions& options) {
  const fs::path target = fs::path(home) / set.name;
  if (nothing_to_do(set, target)) return;
  const fs::path downloads = fs::path(home) / ".downloads" / set.name;
  fs::create_directories(downloads);
  std::vector<fs::path> files;
  for (const auto& url : set.urls) {
    const std::string name = file_name_of(url);
    std::string from = url;
    if (!options.mirror.empty()) from = options.mirror + (options.mirror.back() == '/' ? "" : "/") + name;
    files.push_back(downloads / name);
    if (fs::exists(files.back())) continue;  // complete from an earlier fetch
    std::fprintf(stderr, "%s: downloading %s\n", set.name.c_str(), from.c_str());
    download(from, files.back().string(), options.progress);
  }
  const auto discard_downloads = [&] {
    std::error_code ignored;
    fs::remove_all(downloads, ignored);
    std::fprintf(stderr, "%s: the downloads were removed; fetching again starts afresh\n", set.name.c_str());
  };
  stage(set, target, downloads.string(), [&](const fs::path& staging) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (set.unpack == Unpack::gunzip) gunzip_file(files[i].string(), (staging / set.files[i].path).string());
      else unpack_archive(set, files[i].string(), staging);
    }
  }, discard_downloads);
  std::error_code ignored;
  fs::remove_all(downloads, ignored);
  fs::remove(downloads.parent_path(), ignored);  // when no other set's downloads wait there
}

void import_set(const DataSet& set, const std::string& path, const std::string& home) {
  const fs::path target = fs::path(home) / set.name;
  if (!fs::exists(path)) fail(path, ": no such file or folder");
  if (nothing_to_do(set, target)) return;
  stage(set, target, path, [&](const fs::path& staging) {
    if (set.unpack == Unpack::archive) {
      if (fs::is_directory(path)) copy_tree(path, staging.string());
      else unpack_archive(set, path, staging);
      return;
    }
    if (!fs::is_directory(path)) fail(path, ": expected the folder holding the set's files (plain or .gz)");
    for (const auto& file : set.files) {
      const fs::path plain = fs::path(path) / file.path;
      const fs::path packed = plain.string() + ".gz";
      if (!fs::exists(plain) && !fs::exists(packed)) fail(path, ": no ", file.path, " or ", file.path, ".gz");
      gunzip_file((fs::exists(plain) ? plain : packed).string(), (staging / file.path).string());
    }
  });
}

}  // namespace prospect::data
