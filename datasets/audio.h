#pragma once
// Audio files through libsndfile: WAV, FLAC and the other formats it reads,
// at any sample rate and bit depth.
//
// Scale: integer formats are divided by 2^(bits-1), so full scale is 1 and
// int16 32767 reads as 32767/32768 (as torchaudio and soundfile do); float
// formats are read as stored. Several channels are mixed down to their mean.

#include <string>
#include <vector>

namespace prospect::datasets {

struct Audio {
  std::vector<float> samples;  // mono, full scale = 1
  int sample_rate = 0;         // [Hz]
};

// Throws prospect::Error naming the file when it cannot be opened or is not
// audio (with libsndfile's reason), has no frames, ends before the length its
// header gives (for WAV files, the size of the 'data' chunk, which libsndfile
// itself does not hold against the file), or holds a non-finite sample.
Audio read_audio(const std::string& path);

}  // namespace prospect::datasets
