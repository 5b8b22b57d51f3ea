// The option parser: INI text and --set overrides from the fuzz input, every
// typed accessor on every key, the configuration written back as INI text
// (which must read back to the same values: --resume depends on it), and the
// command line's own parser on the same pieces.

#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/options.h"
#include "tools/command_line.h"

using namespace prospect;

namespace {

core::OptionTable table() {
  core::OptionTable t;
  t.add({"dt", "0.01", "", "1", "text"}).add({"batch", "100", "", "1", "text"}).add({"students", "gle, bptt2", "", "1", "text"});
  t.add({"network.tau_r", "0.1, 0.2", "", "1", "text"}).add({"learn.w", "true", "", "1", "text"}).add({"data.file", "", "", "1", "text"});
  t.add({"scheme", "reference", "", "1", "text"}).add({"a.b.c", "1", "", "1", "text"});
  return t;
}

void use_every_accessor(const core::Options& options, const std::string& key) {
  const auto attempt = [](auto&& read) {
    try {
      read();
    } catch (const Error&) {
    }
  };
  attempt([&] { options.real(key); });
  attempt([&] { options.positive(key); });
  attempt([&] { options.non_negative(key); });
  attempt([&] { options.integer(key); });
  attempt([&] { options.positive_integer(key); });
  attempt([&] { options.non_negative_integer(key); });
  attempt([&] { options.flag(key); });
  attempt([&] { options.reals(key); });
  attempt([&] { options.words(key); });
  attempt([&] { options.choice(key, {"reference", "ode"}); });
  attempt([&] { options.steps(key, 0.01); });
  attempt([&] { options.steps(key, 1e-300, 0); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Pieces separated by '\0': the INI text, then --set overrides.
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      pieces.emplace_back();
    } else {
      pieces.back() += static_cast<char>(data[i]);
    }
  }
  const std::vector<std::string> overrides(pieces.begin() + 1, pieces.end());
  const auto t = table();
  try {
    const auto options = core::Options::resolve_text(t, pieces[0], "fuzz.ini", overrides);
    for (const auto& entry : t.entries()) use_every_accessor(options, entry.key);
    const std::string ini = options.to_ini();
    const auto again = core::Options::resolve_text(t, ini, "written", {});
    if (again.to_ini() != ini) std::abort();  // the stored configuration reads back differently
  } catch (const Error&) {
  }

  namespace po = boost::program_options;
  po::options_description flags("options");
  flags.add_options()("config,c", po::value<std::string>()->default_value(""), "")(
      "set,s", po::value<std::vector<std::string>>()->composing(), "")(
      "seed", po::value<std::string>()->default_value("1"), "")(
      "threads", po::value<int>()->default_value(1), "")("quiet,q", "")("resume", "");
  try {
    tools::parse_arguments(pieces, flags, "task");
  } catch (const po::error&) {
  }
  return 0;
}
