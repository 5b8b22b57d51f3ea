#include "tools/data/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>

#include "core/error.h"
#include "core/file_system.h"

namespace prospect::data {
namespace {

class Digest {
 public:
  Digest() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      fail("SHA-256: OpenSSL cannot start a digest");
    }
  }
  void add(const void* bytes, std::size_t size) { EVP_DigestUpdate(context_.get(), bytes, size); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &size);
    std::string text;
    char pair[3];
    for (unsigned int i = 0; i < size; ++i) {
      std::snprintf(pair, sizeof pair, "%02x", digest[i]);
      text += pair;
    }
    return text;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

}  // namespace

std::string sha256_of_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) fail(path, ": cannot open (", core::system_reason(), ")");
  Digest digest;
  char block[1 << 16];
  std::size_t read = 0;
  while ((read = std::fread(block, 1, sizeof block, file.get())) > 0) digest.add(block, read);
  if (std::ferror(file.get())) fail(path, ": cannot read (", core::system_reason(), ")");
  return digest.hex();
}

std::string sha256_of_text(const std::string& text) {
  Digest digest;
  digest.add(text.data(), text.size());
  return digest.hex();
}

}  // namespace prospect::data
