// Output files appear whole or not at all: the scratch file beside the path,
// atomic publishing, the lock against a second writer, and a path replaced
// by someone else meanwhile.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/staged_file.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Files named <path>.partial-* left in the path's directory.
int scratch_files(const std::string& path) {
  int count = 0;
  const auto prefix = fs::path(path).filename().string() + ".partial-";
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path())) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("staged file: the path keeps its old content until published", "[unit]") {
  const auto path = temporary_path("staged.txt");
  write_text(path, "old");
  {
    core::StagedFile file(path, core::StagedFile::Start::empty);
    CHECK(fs::path(file.scratch()).parent_path() == fs::path(path).parent_path());
    write_text(file.scratch(), "new, first part");
    CHECK(read_text(path) == "old");
    file.publish();
    CHECK(read_text(path) == "new, first part");
    write_text(file.scratch(), "new, never published");
  }  // discarded: the path keeps the last published version
  CHECK(read_text(path) == "new, first part");
  CHECK(scratch_files(path) == 0);
  fs::remove(path);
}

TEST_CASE("staged file: a failed writer leaves a new path absent", "[unit]") {
  const auto path = temporary_path("staged_new.txt");
  {
    core::StagedFile file(path, core::StagedFile::Start::empty);
    write_text(file.scratch(), "partial");
  }
  CHECK_FALSE(fs::exists(path));
  CHECK(scratch_files(path) == 0);
}

TEST_CASE("staged file: an update starts from a copy and renames it in place", "[unit]") {
  const auto path = temporary_path("staged_update.txt");
  write_text(path, "run");
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  {
    core::StagedFile file(path, core::StagedFile::Start::from_path);
    CHECK(file.started_from_copy());
    CHECK(read_text(file.scratch()) == "run");
    std::ofstream(file.scratch(), std::ios::app) << " + spectra";
    CHECK(read_text(path) == "run");
    file.publish_final();
    CHECK_THROWS_WITH(file.publish(), Contains("already published"));
  }
  CHECK(read_text(path) == "run + spectra");
  // The file keeps its permissions.
  CHECK(fs::status(path).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(scratch_files(path) == 0);
  fs::remove(path);
}

TEST_CASE("staged file: one writer at a time", "[unit]") {
  const auto path = temporary_path("staged_lock.txt");
  write_text(path, "old");
  {
    core::StagedFile first(path, core::StagedFile::Start::from_path);
    CHECK_THROWS_WITH(core::StagedFile(path, core::StagedFile::Start::empty),
                      Contains(path) && Contains("in use by another process"));
    first.publish();  // the lock follows the published file
    CHECK_THROWS_WITH(core::StagedFile(path, core::StagedFile::Start::from_path),
                      Contains("in use by another process"));
  }
  core::StagedFile after(path, core::StagedFile::Start::from_path);  // free again
  fs::remove(path);
}

TEST_CASE("staged file: a path replaced meanwhile is not overwritten", "[unit]") {
  const auto path = temporary_path("staged_replaced.txt");
  const auto other = temporary_path("staged_other.txt");
  std::string kept;
  {
    core::StagedFile file(path, core::StagedFile::Start::empty);
    write_text(file.scratch(), "mine");
    file.publish();
    write_text(other, "theirs");
    fs::rename(other, path);
    CHECK_THROWS_WITH(file.publish(), Contains("replaced or changed by another process") &&
                                          Contains(file.scratch()));
    kept = file.scratch();
  }
  CHECK(read_text(path) == "theirs");
  CHECK(read_text(kept) == "mine");  // kept for the user
  fs::remove(kept);

  // Created by someone else while a new file was being written.
  {
    fs::remove(path);
    core::StagedFile file(path, core::StagedFile::Start::empty);
    write_text(path, "theirs");
    CHECK_THROWS_WITH(file.publish_final(), Contains("created by another process"));
    kept = file.scratch();
  }
  CHECK(read_text(path) == "theirs");
  fs::remove(kept);
  fs::remove(path);
}

TEST_CASE("staged file: paths that cannot be written are errors naming them", "[unit]") {
  const auto directory = fs::temp_directory_path().string();
  CHECK_THROWS_WITH(core::StagedFile(directory, core::StagedFile::Start::empty),
                    Contains("is a directory"));
  CHECK_THROWS_WITH(core::StagedFile("/no/such/dir/run.h5", core::StagedFile::Start::empty),
                    Contains("the directory /no/such/dir does not exist"));
  CHECK_THROWS_WITH(core::StagedFile("/dev/null", core::StagedFile::Start::empty),
                    Contains("/dev/null: is not a regular file"));
  CHECK_THROWS_WITH(core::StagedFile("", core::StagedFile::Start::empty),
                    Contains("empty output file name"));
}
