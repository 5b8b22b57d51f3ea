#include "datasets/data_fingerprint.h"

#include "core/run_inputs.h"

namespace prospect::datasets {

void note_data(const std::string& name, const std::string& source,
               std::initializer_list<const LabelledSet*> sets) {
  core::Fingerprinter fingerprint;
  for (const LabelledSet* set : sets) {
    fingerprint.add(set->x.data(), static_cast<std::size_t>(set->x.size()) * sizeof(float))
        .add(set->y.data(), static_cast<std::size_t>(set->y.size()) * sizeof(int));
  }
  core::note_data_input(fingerprint.finish(name, source));
}

}  // namespace prospect::datasets
