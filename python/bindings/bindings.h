#pragma once
// The parts of the compiled module prospect._prospect, one per job; each
// adds its classes and functions to the module.

#include <pybind11/pybind11.h>

namespace prospect::python {

void bind_errors(pybind11::module_& module);
void bind_models(pybind11::module_& module);    // Model (the face) and Optimizer
void bind_gle(pybind11::module_& module);       // gle.Network
void bind_ep(pybind11::module_& module);        // ep.Network
void bind_shunting(pybind11::module_& module);  // shunting.Network
void bind_random(pybind11::module_& module);    // derive_seed, shuffled_indices
void bind_tasks(pybind11::module_& module);     // run_task, tasks
void bind_spectrum(pybind11::module_& module);  // phase

}  // namespace prospect::python
