// edgeav.license's native half: activate, status, deactivate.
#include <pybind11/stl.h>

#include "license/ed25519.h"
#include "license/license.h"
#include "python/bindings.h"

namespace edgeav {

namespace {

py::dict to_dict(const LicenseInfo& info) {
  py::dict d, editions;
  for (size_t p = 0; p < static_cast<size_t>(Product::kCount); p++)
    editions[product_name(static_cast<Product>(p))] = info.licensed && info.editions[p] != Edition::kNone
                                                         ? py::object(py::str(edition_name(info.editions[p])))
                                                         : py::object(py::none());
  d["licensed"] = info.licensed;
  d["license_id"] = info.license_id;
  d["licensee"] = info.licensee;
  d["editions"] = editions;
  d["not_before"] = info.not_before;
  d["expires"] = info.expires;
  d["app_ids"] = info.app_ids;
  d["development_build"] = license_development_build();
  d["trusted_keys"] = license_trusted_keys();
  return d;
}

}  // namespace

void bind_license(py::module_& m) {
  m.def("_license_activate", [](const std::string& token, const std::string& app_id, int64_t now) {
    LicenseInfo info;
    raise_if_error(license_activate(token, app_id, now, &info));
    return to_dict(info);
  }, py::arg("token"), py::arg("app_id"), py::arg("now"));
  m.def("_license_status", [] { return to_dict(license_status()); });
  m.def("_license_deactivate", [] { license_deactivate(); });
  m.def("_license_require", [](const std::string& feature) { raise_if_error(license_require(feature)); },
        py::arg("feature"));
  m.def("_license_features", [] {
    std::vector<py::tuple> rows;
    for (size_t i = 0; i < static_cast<size_t>(Feature::kCount); i++) {
      const FeatureInfo& f = feature_info(static_cast<Feature>(i));
      rows.push_back(py::make_tuple(f.name, product_name(f.product), edition_name(f.minimum)));
    }
    return rows;
  });
  // The core's own verifier, for the cross-check against `cryptography` in tests.
  m.def("_ed25519_verify", [](const py::bytes& signature, const py::bytes& message, const py::bytes& key) {
    const std::string s = signature, msg = message, k = key;
    if (s.size() != 64 || k.size() != 32) return false;
    return ed25519_verify(reinterpret_cast<const uint8_t*>(s.data()), reinterpret_cast<const uint8_t*>(msg.data()),
                          msg.size(), reinterpret_cast<const uint8_t*>(k.data()));
  }, py::arg("signature"), py::arg("message"), py::arg("public_key"));
}

}  // namespace edgeav
