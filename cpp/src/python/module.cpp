// edgeav._core: the pybind11 binding. It turns numpy arrays into views,
// releases the GIL around the internal layer, and turns Status into the
// edgeav.Error hierarchy. No validation of sizes here: the internal layer owns it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "api/dsp_tables.h"
#include "base/cpu.h"
#include "convert/convert.h"
#include "edgeav_version.h"
#include "python/bindings.h"
#include "python/numpy_image.h"

namespace py = pybind11;
using namespace edgeav;

namespace {

YuvMatrix parse_matrix(const std::string& name) {
  if (name == "bt601") return YuvMatrix::kBT601;
  if (name == "bt709") return YuvMatrix::kBT709;
  throw InvalidArgumentError("unknown matrix '" + name + "'; expected 'bt601' or 'bt709'");
}

py::object convert(py::object src, const std::string& src_format, const std::string& dst_format,
                   const std::string& matrix, bool full_range, py::object out) {
  const PixelFormat sf = parse_format(src_format), df = parse_format(dst_format);
  const YuvMatrix m = parse_matrix(matrix);
  const Image s = image_from_numpy(src, sf, false, "src");
  if (out.is_none()) out = new_image_array(df, s.width, s.height);
  const Image d = image_from_numpy(out, df, true, "out");
  Status status;
  {
    py::gil_scoped_release release;
    status = convert_image(s, d, m, full_range);
  }
  raise_if_error(status);
  return out;
}

py::object downscale2(py::object src, py::object out) {
  const PlaneView s = plane_from_numpy(src, false, "src");
  if (out.is_none()) out = py::array_t<uint8_t>({(s.height + 1) / 2, (s.width + 1) / 2});
  const PlaneView d = plane_from_numpy(out, true, "out");
  if (d.width != (s.width + 1) / 2 || d.height != (s.height + 1) / 2)
    throw InvalidArgumentError("out must have shape (" + std::to_string((s.height + 1) / 2) + ", " +
                               std::to_string((s.width + 1) / 2) + ")");
  Status status;
  {
    py::gil_scoped_release release;
    status = downscale2_plane(s.data, s.stride, s.width, s.height, d.data, d.stride);
  }
  raise_if_error(status);
  return out;
}

std::vector<std::string> flag_names(uint32_t flags) {
  std::vector<std::string> names;
  for (const auto& f : cpu_flag_names())
    if (flags & f.flag) names.push_back(f.name);
  return names;
}

void set_mask(const py::object& flags) {
  if (flags.is_none()) return apply_cpu_mask(~0u);
  if (py::isinstance<py::str>(flags)) throw InvalidArgumentError("flags must be a list of names, not a string");
  uint32_t mask = 0;
  for (const py::handle h : flags) {
    const std::string name = py::str(h);
    uint32_t bit = 0;
    std::string bad;
    if (!parse_cpu_mask(name, &bit, &bad) || name == "all")
      throw InvalidArgumentError("unknown CPU feature '" + name + "'; known: " + cpu_flags_to_string(~0u));
    mask |= bit;
  }
  apply_cpu_mask(mask);
}

py::dict dsp_isas() {
  py::dict tables;
  for (const DspTableInfo* t : all_dsp_tables()) {
    py::dict entries;
    for (size_t i = 0; i < t->entry_count; i++) entries[t->entry_names[i]] = isa_name(dsp_entry_isa(*t, i, cpu_flags()));
    tables[t->module] = entries;
  }
  return tables;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "edgeav native core";
  register_errors(m);
  bind_enhance(m);
  bind_license(m);
  bind_video(m);
  bind_audio(m);

  m.attr("__version__") = EDGEAV_VERSION;
  m.def("convert", &convert, py::arg("src"), py::arg("src_format"), py::arg("dst_format"), py::kw_only(),
        py::arg("matrix") = "bt601", py::arg("full_range") = false, py::arg("out") = py::none(),
        "Converts a frame between RGB/BGR/RGBA/BGRA and I420/NV12, or I420 <-> NV12.");
  m.def("downscale2", &downscale2, py::arg("src"), py::kw_only(), py::arg("out") = py::none(),
        "Halves a uint8 plane in both directions with a 2x2 box filter.");
  m.def("cpu_features", [] { return flag_names(cpu_detected()); }, "CPU features detected on this machine.");
  m.def("cpu_flags", [] { return flag_names(cpu_flags()); }, "CPU features in use (detected and allowed by the mask).");
  m.def("set_cpu_mask", &set_mask, py::arg("flags"),
        "Restricts the SIMD paths to `flags` (a list of names; [] means C only, None all).");
  m.def("build_info", [] {
    py::dict d;
    d["version"] = EDGEAV_VERSION;
    d["build_type"] = EDGEAV_BUILD_TYPE;
    d["compiler"] = EDGEAV_COMPILER;
    d["cpu_detected"] = flag_names(cpu_detected());
    d["cpu_in_use"] = flag_names(cpu_flags());
    d["dsp"] = dsp_isas();
    return d;
  }, "Version, build and the ISA each DSP function uses.");
}
