// edgeav.enhance bindings: SuperResolution, QualityEnhancer, FrameInterpolator, Adjust.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <array>
#include <mutex>

#include "enhance/adjust.h"
#include "enhance/frame_interpolator.h"
#include "enhance/quality_enhancer.h"
#include "enhance/super_resolution.h"
#include "license/license.h"
#include "python/bindings.h"
#include "python/numpy_image.h"

namespace edgeav {

namespace {

// A frame's format from its shape when the caller gives none: only tuples and
// 3-D arrays are unambiguous (a 2-D array could be gray, I420 or NV12).
PixelFormat infer_format(py::handle frame, const py::object& format) {
  if (!format.is_none()) return parse_format(py::str(format));
  if (py::isinstance<py::tuple>(frame)) {
    const size_t n = py::len(frame);
    if (n == 3) return EAV_FORMAT_I420;
    if (n == 2) return EAV_FORMAT_NV12;
  } else if (py::isinstance<py::array>(frame)) {
    const py::array a = py::reinterpret_borrow<py::array>(frame);
    if (a.ndim() == 3 && a.shape(2) == 3) return EAV_FORMAT_RGB24;
    if (a.ndim() == 3 && a.shape(2) == 4) return EAV_FORMAT_RGBA;
  }
  throw InvalidArgumentError("cannot tell the frame's format from its shape; pass format='i420', 'nv12', 'gray', "
                             "'rgb24', 'bgr24', 'rgba' or 'bgra'");
}

// Frames through a frame object: `frames` (inputs of one format, named by
// `roles` in messages) give `out` (new when None, sized by size(format, &w, &h)
// from the first input's size), written by process(src, dst) with the GIL
// released, one call at a time per object. Sizes and overlaps between the
// images are the core's to check.
template <size_t N, typename Size, typename Process>
py::object process_frames(const std::array<py::handle, N>& frames, const std::array<const char*, N>& roles,
                          const py::object& format, py::object out, std::mutex& mutex, Size size, Process process) {
  const PixelFormat f = infer_format(frames[0], format);
  std::array<Image, N> src;
  for (size_t i = 0; i < N; i++) src[i] = image_from_numpy(frames[i], f, false, roles[i]);
  if (out.is_none()) {
    int w = src[0].width, h = src[0].height;
    raise_if_error(size(f, &w, &h));
    out = new_image_array(f, w, h);
  }
  const Image dst = image_from_numpy(out, f, true, "out");
  Status status;
  {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex);
    status = process(src, dst);
  }
  raise_if_error(status);
  return out;
}

// One frame: process(src, dst).
template <typename Size, typename Process>
py::object process_frame(py::object frame, const py::object& format, py::object out, std::mutex& mutex, Size size,
                         Process process) {
  return process_frames<1>({frame}, {"frame"}, format, std::move(out), mutex, size,
                           [&](const std::array<Image, 1>& src, const Image& dst) { return process(src[0], dst); });
}

Status same_size(PixelFormat, int*, int*) { return {}; }

class PySuperResolution {
 public:
  PySuperResolution(const py::object& scale, const std::string& mode, double sharpness, double brightness,
                    double contrast, double saturation, double fps) {
    if (mode != "standard" && mode != "professional")
      throw InvalidArgumentError("mode must be 'standard' or 'professional', not '" + mode + "'");
    SrConfig config;
    config.professional = mode == "professional";
    config.sharpness = sharpness;
    config.brightness = brightness, config.contrast = contrast, config.saturation = saturation;
    config.fps = fps;
    if (py::isinstance<py::tuple>(scale) || py::isinstance<py::list>(scale)) {
      const auto size = scale.cast<std::vector<int>>();
      if (size.size() != 2) throw InvalidArgumentError("scale as a size must be (out_width, out_height)");
      config.out_width = size[0], config.out_height = size[1];
    } else {
      config.scale = scale.cast<double>();
    }
    raise_if_error(SuperResolution::create(config, &impl_));
  }

  py::tuple output_size(int width, int height, const std::string& format) const {
    int w = 0, h = 0;
    raise_if_error(impl_->output_size(parse_format(format), width, height, &w, &h));
    return py::make_tuple(w, h);
  }

  py::object process(py::object frame, const py::object& format, py::object out) {
    return process_frame(
        frame, format, out, mutex_,
        [&](PixelFormat f, int* w, int* h) { return impl_->output_size(f, *w, *h, w, h); },
        [&](const Image& src, const Image& dst) { return impl_->process(src, dst); });
  }

 private:
  std::unique_ptr<SuperResolution> impl_;
  std::mutex mutex_;
};

class PyQualityEnhancer {
 public:
  PyQualityEnhancer(double strength, double fps) { raise_if_error(QualityEnhancer::create(strength, fps, &impl_)); }

  py::object process(py::object frame, const py::object& format, py::object out) {
    return process_frame(frame, format, out, mutex_, same_size,
                         [&](const Image& src, const Image& dst) { return impl_->process(src, dst); });
  }

 private:
  std::unique_ptr<QualityEnhancer> impl_;
  std::mutex mutex_;
};

class PyFrameInterpolator {
 public:
  explicit PyFrameInterpolator(double fps) { raise_if_error(FrameInterpolator::create(fps, &impl_)); }

  py::object process(py::object prev, py::object next, double t, const py::object& format, py::object out) {
    return process_frames<2>({prev, next}, {"prev", "next"}, format, out, mutex_, same_size,
                             [&](const std::array<Image, 2>& src, const Image& dst) {
                               return impl_->process(src[0], src[1], t, dst);
                             });
  }

 private:
  std::unique_ptr<FrameInterpolator> impl_;
  std::mutex mutex_;
};

class PyAdjust {
 public:
  PyAdjust(double brightness, double contrast, double saturation, double fps) {
    raise_if_error(stream_.configure(brightness, contrast, saturation, fps));
  }

  py::object process(py::object frame, const py::object& format, py::object out) {
    return process_frame(frame, format, out, mutex_, same_size,
                         [&](const Image& src, const Image& dst) { return stream_.process(src, dst); });
  }

 private:
  AdjustStream stream_;
  std::mutex mutex_;
};

}  // namespace

void bind_enhance(py::module_& m) {
  py::class_<PySuperResolution>(m, "SuperResolution",
                                "Super-resolution, 1.0x to 4.0x: edge-adaptive learned filters (mode='standard'), "
                                "refined by a network (mode='professional').")
      .def(py::init<const py::object&, const std::string&, double, double, double, double, double>(),
           py::arg("scale") = 2.0, py::kw_only(), py::arg("mode") = "standard", py::arg("sharpness") = 1.0,
           py::arg("brightness") = 0.0, py::arg("contrast") = 1.0, py::arg("saturation") = 1.0, py::arg("fps") = 30.0)
      .def("output_size", &PySuperResolution::output_size, py::arg("width"), py::arg("height"),
           py::arg("format") = "gray", "The output size for an input size.")
      .def("process", &PySuperResolution::process, py::arg("frame"), py::kw_only(), py::arg("format") = py::none(),
           py::arg("out") = py::none(), "Upscales one frame; returns `out` (written in place) or a new array.");
  py::class_<PyQualityEnhancer>(m, "QualityEnhancer",
                                 "AI quality enhancement: removes H.264 blocking, ringing and mosquito noise "
                                 "from decoded frames (luma; chroma passes through).")
      .def(py::init<double, double>(), py::kw_only(), py::arg("strength") = 1.0, py::arg("fps") = 30.0)
      .def("process", &PyQualityEnhancer::process, py::arg("frame"), py::kw_only(), py::arg("format") = py::none(),
           py::arg("out") = py::none(), "Enhances one frame; returns `out` (written in place, may be `frame`) or a new array.");
  py::class_<PyFrameInterpolator>(m, "FrameInterpolator",
                                   "Motion-compensated frame interpolation: the frame at time t between two "
                                   "frames (gray, I420 or NV12), e.g. to double 30 fps to 60 fps.")
      .def(py::init<double>(), py::kw_only(), py::arg("fps") = 30.0)
      .def("process", &PyFrameInterpolator::process, py::arg("prev"), py::arg("next"), py::arg("t") = 0.5,
           py::kw_only(), py::arg("format") = py::none(), py::arg("out") = py::none(),
           "The frame at t in (0, 1) between prev (0) and next (1); returns `out` (written in place, sharing no "
           "memory with prev or next) or a new array.");
  py::class_<PyAdjust>(m, "Adjust", "Brightness, contrast and saturation with the semantics of FFmpeg's eq filter.")
      .def(py::init<double, double, double, double>(), py::kw_only(), py::arg("brightness") = 0.0,
           py::arg("contrast") = 1.0, py::arg("saturation") = 1.0, py::arg("fps") = 30.0)
      .def("process", &PyAdjust::process, py::arg("frame"), py::kw_only(), py::arg("format") = py::none(),
           py::arg("out") = py::none(), "Adjusts a gray, I420 or NV12 frame; `out` may be the frame itself.");
}

}  // namespace edgeav
