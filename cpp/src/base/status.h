// The internal result type. Both bindings translate it: the C API into an
// eav_status plus a thread-local message, pybind11 into the edgeav.Error classes.
#pragma once
#include <string>
#include <utility>

#include "edgeav/edgeav.h"

namespace edgeav {

class Status {
 public:
  Status() = default;
  Status(eav_status code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status invalid(std::string m) { return {EAV_ERR_INVALID_ARGUMENT, std::move(m)}; }
  static Status unsupported(std::string m) { return {EAV_ERR_UNSUPPORTED, std::move(m)}; }

  bool ok() const { return code_ == EAV_OK; }
  eav_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  eav_status code_ = EAV_OK;
  std::string message_;
};

#define EDGEAV_RETURN_IF_ERROR(expr) \
  do {                               \
    ::edgeav::Status s_ = (expr);    \
    if (!s_.ok()) return s_;         \
  } while (0)

}  // namespace edgeav
