#include "tools/data/download.h"

#include <curl/curl.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/error.h"
#include "core/file_system.h"
#include "core/interrupt.h"

namespace prospect::data {
namespace {

struct Transfer {
  std::FILE* file = nullptr;
  bool progress = false;
  curl_off_t resumed_at = 0;
  long shown = -1;  // tenths of a MB last printed: the line changes only when they do
};

std::size_t write_block(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  return std::fwrite(bytes, size, count, transfer->file) * size;  // short: libcurl stops with an error
}

int report_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (core::stop_signal() != 0) return 1;  // libcurl ends the transfer; the caller says why
  const long tenths = static_cast<long>((transfer->resumed_at + now) / 100000);
  if (transfer->progress && total > 0 && tenths != transfer->shown) {
    transfer->shown = tenths;
    std::fprintf(stderr, "\r  %.1f / %.1f MB", tenths / 10.0, double(transfer->resumed_at + total) / 1e6);
  }
  return 0;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) fail("libcurl cannot start");
  });
}

// One attempt from the end of `part`; the libcurl result and HTTP status.
std::pair<CURLcode, long> transfer_once(const std::string& url, const std::string& part, bool progress,
                                        std::string& message) {
  using Handle = std::unique_ptr<CURL, void (*)(CURL*)>;
  Handle curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) fail(url, ": libcurl cannot make a transfer");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(part.c_str(), "ab"), std::fclose);
  if (!file) fail(part, ": cannot open for writing (", core::system_reason(), ")");
  std::setvbuf(file.get(), nullptr, _IONBF, 0);  // what arrived is on disk even if the process is killed
  Transfer transfer{file.get(), progress, static_cast<curl_off_t>(std::filesystem::file_size(part))};
  char error[CURL_ERROR_SIZE] = "";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_block);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, report_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, transfer.resumed_at);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled server is an error after a minute
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  const CURLcode result = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (transfer.shown >= 0) std::fprintf(stderr, "\n");  // ends the progress line
  if (std::fflush(file.get()) != 0) fail(part, ": cannot write (", core::system_reason(), ")");
  message = *error != '\0' ? error : curl_easy_strerror(result);
  return {result, status};
}

}  // namespace

void download(const std::string& url, const std::string& target, bool progress) {
  global_init();
  const std::string part = target + ".part";
  std::string message;
  auto [result, status] = transfer_once(url, part, progress, message);
  if (result == CURLE_RANGE_ERROR) {  // the server sent the whole file: start again
    std::filesystem::resize_file(part, 0);
    std::tie(result, status) = transfer_once(url, part, progress, message);
  }
  // 416: nothing left to send after the bytes already here (a transfer cut
  // between its last byte and its end); the checks after unpacking judge them.
  const bool complete = result == CURLE_OK || (status == 416 && std::filesystem::file_size(part) > 0);
  if (!complete) {
    if (core::stop_signal() != 0) {
      core::throw_interrupted("while downloading " + url + " (" + part + " keeps what arrived)");
    }
    const auto kept = std::filesystem::file_size(part);
    if (kept == 0) std::filesystem::remove(part);
    fail("downloading ", url, ": ", message,
         kept > 0 ? " (" + std::to_string(kept) + " bytes kept in " + part + "; fetching again resumes)"
                  : std::string());
  }
  std::filesystem::rename(part, target);
}

}  // namespace prospect::data
