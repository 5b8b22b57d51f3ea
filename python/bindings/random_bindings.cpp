// The random streams of the tasks, so that Python can reproduce their
// draws: derived seeds and the shuffles of the batch training loop.

#include <pybind11/numpy.h>

#include "arguments.h"
#include "bindings.h"
#include "core/random.h"

namespace prospect::python {

namespace py = pybind11;

void bind_random(py::module_& m) {
  m.def(
      "derive_seed",
      [](const py::handle& base, const py::handle& a, const py::handle& b) {
        return core::derive_seed(seed(base, "seed"), seed(a, "a"), seed(b, "b"));
      },
      py::arg("seed"), py::arg("a"), py::arg("b") = 0,
        "The seed of an independent random stream labelled (a, b), as the tasks derive them.");
  m.def(
      "shuffled_indices",
      [](const py::handle& n_given, const py::handle& seed_given) {
        const Index n = whole(n_given, "n", 0);
        core::Rng rng(seed(seed_given, "seed"));
        const auto order = core::shuffled_indices(n, rng);
        return py::array_t<Index>(static_cast<py::ssize_t>(order.size()), order.data());
      },
      py::arg("n"), py::arg("seed"),
      "0 ... n-1 shuffled by core::Rng(seed), as the tasks shuffle (the batch training loop "
      "draws epoch e's order from derive_seed(run seed, 21, e)).");
}

}  // namespace prospect::python
