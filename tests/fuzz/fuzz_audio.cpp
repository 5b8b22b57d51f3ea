// The audio reader: the fuzz input is the file (seeds: small WAV, FLAC and
// AIFF files). Every outcome but an Error is a bug, ours or libsndfile's.

#include <cstdint>

#include "core/error.h"
#include "datasets/audio.h"
#include "tests/fuzz/memory_file.h"

using namespace prospect;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const MemoryFile file(data, size);
  try {
    datasets::read_audio(file.path());
  } catch (const Error&) {
  }
  return 0;
}
