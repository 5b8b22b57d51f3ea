#pragma once
// Task options: a table of keys with defaults and help text, resolved from an
// INI file and `--set key=value` overrides through Boost.Program_options.
// Values are kept as text and parsed by typed accessors, so every malformed or
// out-of-range value is reported with its key, and the resolved set can be
// written back as INI text into each output file.

#include <climits>
#include <map>
#include <istream>
#include <utility>
#include <string>
#include <vector>

namespace prospect::core {

struct OptionInfo {
  std::string key;  // dotted: "network.tau_r" is [network] tau_r = ... in INI
  std::string default_value;
  std::string help;
  // e.g. "time" (the model's time unit), "1" (a dimensionless number),
  // "none" (names, flags, paths).
  std::string unit;
  // The values it takes, checked whenever options are resolved: "> 0",
  // "(0, 1]", "whole >= 1", "true | false", "auto | > 0", ... (core/option_range.h).
  std::string range;
};

class OptionTable {
 public:
  // Every option says its unit and range (OptionInfo): --help shows them.
  OptionTable& add(OptionInfo info);
  // Every entry of `other`, after this table's.
  OptionTable& append(const OptionTable& other);
  // A key that no longer exists: using it is an error that names its successor.
  OptionTable& renamed(std::string old_key, std::string new_key);
  // `keys` have an effect only when `condition` holds: "k = a | b", "k != a"
  // ('' stands for the empty value), or alternatives joined by " or ". Set to
  // other than its default where the condition fails, such a key is an error
  // when options are resolved, before any work (a run never ignores a value
  // it was given), or a warning on stderr when only "!=" alternatives fail:
  // the key belongs to a feature the run switches off (record.every with
  // record.samples = 0). A condition on a key the table lacks (a model's
  // table used alone, as the Python module does) is taken to hold.
  OptionTable& used_only_when(const std::vector<std::string>& keys, const std::string& condition);
  const std::map<std::string, std::string>& conditions() const { return used_when_; }
  const std::vector<OptionInfo>& entries() const { return entries_; }
  bool contains(const std::string& key) const;
  std::vector<std::string> keys() const;  // in the order declared
  const OptionInfo& entry(const std::string& key) const;
  // Fails with "unknown key", suggesting the nearest known keys
  // (core/suggestion.h), or names the new key of a renamed one.
  void check_known(const std::string& key, const std::string& where) const;
  // One line per option: key, default, help, unit, range (for --help and `prospect list`).
  std::string describe() const;

 private:
  std::vector<OptionInfo> entries_;
  std::map<std::string, std::string> renamed_;
  std::map<std::string, std::string> used_when_;  // key -> condition
};


class Options {
 public:
  // Defaults, then the INI file (if not empty), then the overrides in order.
  // Unknown keys and malformed `key=value` pairs are errors naming them.
  static Options resolve(const OptionTable& table, const std::string& config_file,
                         const std::vector<std::string>& overrides);
  // The same with INI text in place of the file (`source` names it in errors).
  static Options resolve_text(const OptionTable& table, const std::string& ini_text,
                              const std::string& source, const std::vector<std::string>& overrides);

  const std::string& text(const std::string& key) const;
  double real(const std::string& key) const;
  double positive(const std::string& key) const;      // > 0
  double non_negative(const std::string& key) const;  // >= 0
  // A whole number written in digits (core/whole_number.h) from `minimum` to
  // `maximum` (what the caller can hold), or an error naming the key, the
  // text and the range.
  long integer(const std::string& key, long minimum = LONG_MIN, long maximum = LONG_MAX) const;
  long positive_integer(const std::string& key) const;  // >= 1
  long non_negative_integer(const std::string& key) const;  // >= 0
  // A comma-separated list of such numbers; an error names the item too.
  std::vector<long> whole_numbers(const std::string& key, long minimum,
                                  long maximum = LONG_MAX) const;
  // A duration [time] in steps of dt, rounded to the nearest: an error naming
  // the key if it is shorter than `minimum` steps or too long to count.
  long steps(const std::string& key, double dt, long minimum = 1) const;
  bool flag(const std::string& key) const;  // true/false, on/off, yes/no, 1/0
  std::vector<double> reals(const std::string& key) const;  // comma-separated
  std::vector<std::string> words(const std::string& key) const;  // comma-separated
  // `value` must be one of `choices`.
  const std::string& choice(const std::string& key, const std::vector<std::string>& choices) const;

  void set(const std::string& key, const std::string& value);

  // The resolved values as INI text, grouped by section.
  std::string to_ini() const;

  // The whole numbers read so far from keys set to other than their default
  // (of a list, its largest item) that are >= at_least, largest first: what
  // to name when the memory runs out.
  std::vector<std::pair<std::string, long>> largest_integers(long at_least) const;

 private:
  static Options resolve_stream(const OptionTable& table, std::istream* ini,
                                const std::string& source,
                                const std::vector<std::string>& overrides);
  void note_integer(const std::string& key, long value) const;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> defaults_;
  mutable std::map<std::string, long> integers_read_;
};

// Fails with "key 'k' = 'v': <expectation>".
[[noreturn]] void fail_value(const std::string& key, const std::string& value,
                             const std::string& expectation);

}  // namespace prospect::core
