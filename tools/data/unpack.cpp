#include "tools/data/unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/file_system.h"

namespace prospect::data {
namespace fs = std::filesystem;

void gunzip_file(const std::string& from, const std::string& to) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(from.c_str(), "rb"), gzclose);
  if (!in) fail(from, ": cannot open (", core::system_reason(), ")");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(to.c_str(), "wb"), std::fclose);
  if (!out) fail(to, ": cannot create (", core::system_reason(), ")");
  char block[1 << 16];
  int read = 0;
  while ((read = gzread(in.get(), block, sizeof block)) > 0) {
    if (std::fwrite(block, 1, static_cast<std::size_t>(read), out.get()) != static_cast<std::size_t>(read)) {
      fail(to, ": cannot write (", core::system_reason(), ")");
    }
  }
  if (read < 0) {
    int status = 0;
    fail(from, ": damaged or truncated gzip stream (", gzerror(in.get(), &status), ")");
  }
  if (std::fflush(out.get()) != 0) fail(to, ": cannot write (", core::system_reason(), ")");
}

namespace {
using Reader = std::unique_ptr<archive, int (*)(archive*)>;
}  // namespace

void extract_archive(const std::string& path, const std::string& folder) {
  Reader in(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(in.get());
  archive_read_support_format_tar(in.get());
  archive_read_support_format_zip(in.get());
  if (archive_read_open_filename(in.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    fail(path, ": not a readable zip or tar archive (", archive_error_string(in.get()), ")");
  }
  Reader out(archive_write_disk_new(), archive_write_free);
  archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(in.get(), &entry)) == ARCHIVE_OK) {
    const std::string name = archive_entry_pathname(entry);
    if (name.empty() || name.front() == '/') fail(path, ": entry '", name, "' is an absolute path");
    const auto type = archive_entry_filetype(entry);
    if ((type != AE_IFREG && type != AE_IFDIR) || archive_entry_hardlink(entry) != nullptr) {
      fail(path, ": entry '", name, "' is a link or device (a data set holds files and folders)");
    }
    // Written under `folder`; NODOTDOT refuses names that climb out of it.
    archive_entry_set_pathname(entry, (fs::path(folder) / name).c_str());
    if (archive_write_header(out.get(), entry) != ARCHIVE_OK) {
      fail(path, ": cannot unpack '", name, "' (", archive_error_string(out.get()), ")");
    }
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int read = ARCHIVE_OK;
    while ((read = archive_read_data_block(in.get(), &block, &size, &offset)) == ARCHIVE_OK) {
      if (archive_write_data_block(out.get(), block, size, offset) < ARCHIVE_OK) {
        fail(path, ": cannot write '", name, "' (", archive_error_string(out.get()), ")");
      }
    }
    if (read != ARCHIVE_EOF) fail(path, ": damaged at '", name, "' (", archive_error_string(in.get()), ")");
    if (archive_write_finish_entry(out.get()) < ARCHIVE_OK) {
      fail(path, ": cannot finish '", name, "' (", archive_error_string(out.get()), ")");
    }
  }
  if (status != ARCHIVE_EOF) fail(path, ": damaged archive (", archive_error_string(in.get()), ")");
}

void lift_single_folder(const std::string& path) {
  const fs::path folder = path;
  auto entries = fs::directory_iterator(folder);
  if (entries == fs::directory_iterator()) return;
  const fs::path top = entries->path();
  if (++entries != fs::directory_iterator() || !fs::is_directory(fs::symlink_status(top))) return;
  const fs::path moved = folder / ".top-folder";  // its content may hold its own name
  fs::rename(top, moved);
  for (const auto& child : fs::directory_iterator(moved)) fs::rename(child.path(), folder / child.path().filename());
  fs::remove(moved);
}

void copy_tree(const std::string& from, const std::string& to) {
  std::error_code error;
  fs::copy(from, to, fs::copy_options::recursive, error);
  if (error) fail("copying ", from, " to ", to, ": ", error.message());
}

}  // namespace prospect::data
