// Pieces of the pybind11 module that live in their own files.
#pragma once
#include <pybind11/pybind11.h>

#include "base/status.h"

namespace edgeav {
namespace py = pybind11;

// Creates edgeav.Error and its subclasses and translates InvalidArgumentError.
void register_errors(py::module_& m);
// Raises the edgeav exception for a failed Status.
void raise_if_error(const Status& status);

void bind_enhance(py::module_& m);
void bind_license(py::module_& m);
void bind_video(py::module_& m);
void bind_audio(py::module_& m);

}  // namespace edgeav
