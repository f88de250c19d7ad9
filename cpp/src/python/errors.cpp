// The edgeav.Error hierarchy, created in the module and raised from Status.
#include <map>

#include "python/bindings.h"
#include "python/numpy_image.h"

namespace edgeav {

namespace {

PyObject* error_class = nullptr;
PyObject* invalid_argument_class = nullptr;
std::map<eav_status, PyObject*> class_of_status;

PyObject* new_exception(py::module_& m, const char* name, std::initializer_list<PyObject*> bases, const char* doc) {
  const std::string qualified = std::string("edgeav.") + name;
  py::tuple base_tuple(bases.size());
  size_t i = 0;
  for (PyObject* b : bases) base_tuple[i++] = py::handle(b);
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base_tuple.ptr(), nullptr);
  if (!cls) throw py::error_already_set();
  m.add_object(name, py::handle(cls));
  return cls;
}

}  // namespace

void raise_if_error(const Status& s) {
  if (s.ok()) return;
  auto it = class_of_status.find(s.code());
  PyErr_SetString(it == class_of_status.end() ? error_class : it->second, s.message().c_str());
  throw py::error_already_set();
}

void register_errors(py::module_& m) {
  error_class = new_exception(m, "Error", {PyExc_Exception}, "Base of every edgeav error.");
  invalid_argument_class = new_exception(m, "InvalidArgument", {error_class, PyExc_ValueError},
                                         "A bad argument: dtype, shape, size, stride, format or value.");
  class_of_status[EAV_ERR_INVALID_ARGUMENT] = invalid_argument_class;
  class_of_status[EAV_ERR_UNSUPPORTED] =
      new_exception(m, "Unsupported", {error_class, PyExc_ValueError}, "A valid request this build cannot serve.");
  PyObject* license = new_exception(m, "LicenseError", {error_class}, "Base of the licensing errors.");
  class_of_status[EAV_ERR_LICENSE_INVALID] =
      new_exception(m, "LicenseInvalid", {license}, "Bad format or signature, or a key this build does not trust.");
  class_of_status[EAV_ERR_LICENSE_EXPIRED] = new_exception(m, "LicenseExpired", {license}, "The license has expired.");
  class_of_status[EAV_ERR_LICENSE_NOT_YET_VALID] =
      new_exception(m, "LicenseNotYetValid", {license}, "The license starts later.");
  class_of_status[EAV_ERR_APP_ID_MISMATCH] =
      new_exception(m, "AppIdMismatch", {license}, "The license does not cover this app id.");
  class_of_status[EAV_ERR_FEATURE_NOT_LICENSED] = new_exception(
      m, "FeatureNotLicensed", {license}, "The license does not grant the edition this feature needs.");
  class_of_status[EAV_ERR_EVALUATION_LIMIT] = new_exception(
      m, "EvaluationLimitReached", {error_class}, "Evaluation mode: an object has processed 10 minutes of media.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidArgumentError& e) {
      PyErr_SetString(invalid_argument_class, e.what());
    }
  });
}

}  // namespace edgeav
