// The edgeav.Error hierarchy, created in the module and raised from Status.
#include "python/bindings.h"
#include "python/numpy_image.h"

namespace edgeav {

namespace {

PyObject* error_class = nullptr;
PyObject* invalid_argument_class = nullptr;
PyObject* unsupported_class = nullptr;

PyObject* new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("edgeav.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!cls) throw py::error_already_set();
  m.add_object(name, py::handle(cls));
  return cls;
}

}  // namespace

void raise_if_error(const Status& s) {
  if (s.ok()) return;
  PyObject* cls = s.code() == EAV_ERR_INVALID_ARGUMENT ? invalid_argument_class
                  : s.code() == EAV_ERR_UNSUPPORTED    ? unsupported_class
                                                       : error_class;
  PyErr_SetString(cls, s.message().c_str());
  throw py::error_already_set();
}

void register_errors(py::module_& m) {
  error_class = new_exception(m, "Error", py::make_tuple(py::handle(PyExc_Exception)), "Base of every edgeav error.");
  invalid_argument_class = new_exception(m, "InvalidArgument", py::make_tuple(py::handle(error_class), py::handle(PyExc_ValueError)),
                                         "A bad argument: dtype, shape, size, stride, format or value.");
  unsupported_class = new_exception(m, "Unsupported", py::make_tuple(py::handle(error_class), py::handle(PyExc_ValueError)),
                                    "A valid request this build cannot serve.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidArgumentError& e) {
      PyErr_SetString(invalid_argument_class, e.what());
    }
  });

}

}  // namespace edgeav
