// edgeav.video bindings: the H.264 Encoder and its Packet.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <vector>

#include "python/bindings.h"
#include "python/numpy_image.h"
#include "video/h264/encoder.h"
#include "video/h264/roi.h"

namespace edgeav {

namespace {

using h264::EncoderConfig;

// One access unit. Its bytes are the encoder's output buffer handed over
// without a copy (buffer protocol); the encoder reuses a buffer only once no
// packet refers to it.
struct Packet {
  std::shared_ptr<std::vector<uint8_t>> bytes;
  bool keyframe = false;
  char type = 'P';
  double qp = 0;
  int64_t index = 0;
  int temporal_id = 0;
  bool reference = true, ltr = false, recovery = false;
};

h264::RateControl parse_rc(const std::string& s) {
  if (s == "cbr") return h264::RateControl::kCbr;
  if (s == "vbr") return h264::RateControl::kVbr;
  if (s == "cqp") return h264::RateControl::kCqp;
  throw InvalidArgumentError("rc must be 'cbr', 'vbr' or 'cqp', not '" + s + "'");
}

h264::Speed parse_speed(const std::string& s) {
  if (s == "fastest") return h264::Speed::kFastest;
  if (s == "fast") return h264::Speed::kFast;
  if (s == "default") return h264::Speed::kDefault;
  if (s == "slow") return h264::Speed::kSlow;
  if (s == "best") return h264::Speed::kBest;
  throw InvalidArgumentError("speed must be 'fastest', 'fast', 'default', 'slow' or 'best', not '" + s + "'");
}

h264::Profile parse_profile(const std::string& s) {
  if (s == "baseline") return h264::Profile::kBaseline;
  if (s == "high") return h264::Profile::kHigh;
  throw InvalidArgumentError("profile must be 'baseline' or 'high', not '" + s + "'");
}

class PyEncoder {
 public:
  PyEncoder(int width, int height, double fps, int bitrate_kbps, const std::string& rc, const py::object& qp,
            const std::string& speed, int keyint, bool intra_refresh, const py::object& vbv_ms,
            const py::object& max_bitrate_kbps, const py::object& max_frame_bytes, bool full_range,
            const std::string& matrix, const py::object& max_slice_bytes, int temporal_layers, bool ltr,
            const py::object& ltr_interval, const std::string& profile) {
    EncoderConfig c;
    c.width = width, c.height = height, c.fps = fps, c.bitrate_kbps = bitrate_kbps;
    c.rc = parse_rc(rc);
    if (c.rc == h264::RateControl::kCqp) {
      if (qp.is_none()) throw InvalidArgumentError("rc='cqp' needs qp");
      c.qp = qp.cast<int>();
    } else if (!qp.is_none()) {
      throw InvalidArgumentError("qp is only used with rc='cqp'");
    }
    c.speed = parse_speed(speed);
    c.profile = parse_profile(profile);
    c.keyint = keyint;
    c.intra_refresh = intra_refresh;
    if (!vbv_ms.is_none()) c.vbv_ms = vbv_ms.cast<int>();
    if (!max_bitrate_kbps.is_none()) c.max_bitrate_kbps = max_bitrate_kbps.cast<int>();
    if (!max_frame_bytes.is_none()) c.max_frame_bytes = max_frame_bytes.cast<int>();
    if (!max_slice_bytes.is_none()) c.max_slice_bytes = max_slice_bytes.cast<int>();
    c.temporal_layers = temporal_layers;
    c.ltr = ltr;
    if (!ltr_interval.is_none()) {
      if (!ltr) throw InvalidArgumentError("ltr_interval is only used with ltr=True");
      c.ltr_interval = ltr_interval.cast<int>();
      if (c.ltr_interval < 1) throw InvalidArgumentError("ltr_interval must be at least 1 frame");
    }
    c.full_range = full_range;
    if (matrix != "bt709" && matrix != "bt601") throw InvalidArgumentError("matrix must be 'bt709' or 'bt601'");
    c.bt709 = matrix == "bt709";
    raise_if_error(h264::Encoder::create(c, &impl_));
  }

  Packet encode(py::object frame, const py::object& roi, bool force_keyframe, const py::object& format) {
    const EncoderConfig& c = impl_->config();
    PixelFormat f = EAV_FORMAT_I420;
    if (!format.is_none()) f = parse_format(py::str(format));
    else if (py::isinstance<py::tuple>(frame) && py::len(frame) == 2) f = EAV_FORMAT_NV12;
    if (f != EAV_FORMAT_I420 && f != EAV_FORMAT_NV12) throw InvalidArgumentError("frames must be 'i420' or 'nv12'");
    const Image img = image_from_numpy(frame, f, false, "frame");
    const int8_t* map = nullptr;
    ptrdiff_t map_stride = 0;
    const int mb_w = (c.width + 15) / 16, mb_h = (c.height + 15) / 16;
    py::array roi_array;
    std::vector<h264::Roi> rois;
    bool roi_list = false;
    if (!roi.is_none()) {
      if (py::isinstance<py::array>(roi)) {
        roi_array = py::reinterpret_borrow<py::array>(roi);
        if (!roi_array.dtype().is(py::dtype::of<int8_t>()))
          throw InvalidArgumentError("a ROI map must be an int8 array, not " + std::string(py::str(roi_array.dtype())));
        if (roi_array.ndim() != 2 || roi_array.shape(0) != mb_h || roi_array.shape(1) != mb_w)
          throw InvalidArgumentError("a ROI map must have shape (" + std::to_string(mb_h) + ", " + std::to_string(mb_w) +
                                     "): one QP offset per macroblock");
        if (roi_array.strides(1) != 1 || roi_array.strides(0) <= 0)
          throw InvalidArgumentError("a ROI map's rows must be contiguous");
        map = static_cast<const int8_t*>(roi_array.data());
        map_stride = roi_array.strides(0);
      } else {
        for (const py::handle r : roi) {
          if (!py::hasattr(r, "qp_offset"))
            throw InvalidArgumentError("roi must be an int8 map or a list of edgeav.video.Roi");
          rois.push_back({r.attr("x").cast<int>(), r.attr("y").cast<int>(), r.attr("w").cast<int>(),
                          r.attr("h").cast<int>(), r.attr("qp_offset").cast<int>()});
        }
        roi_list = true;  // drawn into roi_map_ under the lock: another thread's encode may be reading it
      }
    }
    Packet packet;
    // Reuse the last packet's buffer when Python no longer holds it.
    packet.bytes = last_ && last_.use_count() == 1 ? last_ : std::make_shared<std::vector<uint8_t>>();
    Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      if (roi_list) {
        status = h264::roi_map(rois, c.width, c.height, &roi_map_);
        map = roi_map_.data(), map_stride = mb_w;
      }
      h264::EncodedFrame out;
      if (status.ok()) status = impl_->encode_into(img, map, map_stride, force_keyframe, packet.bytes.get(), &out);
      if (status.ok()) {
        packet.keyframe = out.keyframe, packet.type = out.type, packet.qp = out.average_qp, packet.index = out.index;
        packet.temporal_id = out.temporal_id, packet.reference = out.reference, packet.ltr = out.ltr;
        packet.recovery = out.recovery;
      }
    }
    raise_if_error(status);
    last_ = packet.bytes;
    return packet;
  }

  // reconfigure and recon take the lock too: a network thread may change the
  // rate while the capture thread's encode() runs.
  void reconfigure(const py::object& bitrate_kbps, const py::object& fps) {
    const int kbps = bitrate_kbps.is_none() ? 0 : bitrate_kbps.cast<int>();
    const double rate = fps.is_none() ? 0.0 : fps.cast<double>();
    Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      status = impl_->reconfigure(kbps, rate);
    }
    raise_if_error(status);
  }

  py::object recon(py::object out) {
    const EncoderConfig& c = impl_->config();
    if (out.is_none()) out = new_image_array(EAV_FORMAT_I420, c.width, c.height);
    const Image dst = image_from_numpy(out, EAV_FORMAT_I420, true, "out");
    Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      status = impl_->recon(dst);
    }
    raise_if_error(status);
    return out;
  }

  bool ack_ltr(int64_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    return impl_->acknowledge_ltr(index);
  }

  void request_recovery() {
    std::lock_guard<std::mutex> lock(mutex_);
    impl_->request_recovery();
  }

  int width() const { return impl_->config().width; }
  int height() const { return impl_->config().height; }

 private:
  std::unique_ptr<h264::Encoder> impl_;
  std::shared_ptr<std::vector<uint8_t>> last_;
  std::vector<int8_t> roi_map_;
  std::mutex mutex_;
};

}  // namespace

void bind_video(py::module_& m) {
  py::class_<Packet>(m, "Packet", py::buffer_protocol(), "One encoded frame: Annex B bytes (buffer protocol).")
      .def_buffer([](Packet& p) {
        return py::buffer_info(p.bytes->data(), 1, py::format_descriptor<uint8_t>::format(), 1,
                               {static_cast<py::ssize_t>(p.bytes->size())}, {1}, true);
      })
      .def_property_readonly("keyframe", [](const Packet& p) { return p.keyframe; })
      .def_property_readonly("frame_type", [](const Packet& p) { return std::string(1, p.type); })
      .def_property_readonly("qp", [](const Packet& p) { return p.qp; }, "Average QP of the frame's macroblocks.")
      .def_property_readonly("size", [](const Packet& p) { return p.bytes->size(); })
      .def_property_readonly("index", [](const Packet& p) { return p.index; })
      .def_property_readonly("temporal_id", [](const Packet& p) { return p.temporal_id; },
                             "Temporal layer: the packets of layers <= k decode on their own.")
      .def_property_readonly("reference", [](const Packet& p) { return p.reference; },
                             "Whether later frames predict from this one (False: droppable).")
      .def_property_readonly("ltr", [](const Packet& p) { return p.ltr; },
                             "Marked as a long-term reference: ack_ltr(index) once the receiver has it.")
      .def_property_readonly("recovery", [](const Packet& p) { return p.recovery; },
                             "Predicts only from the newest acknowledged long-term reference.")
      .def("__len__", [](const Packet& p) { return p.bytes->size(); })
      .def("__bytes__", [](const Packet& p) {
        return py::bytes(reinterpret_cast<const char*>(p.bytes->data()), p.bytes->size());
      });
  py::class_<PyEncoder>(m, "Encoder", "Real-time H.264 encoder (Constrained Baseline or High, one thread, zero latency).")
      .def(py::init<int, int, double, int, const std::string&, const py::object&, const std::string&, int, bool,
                    const py::object&, const py::object&, const py::object&, bool, const std::string&,
                    const py::object&, int, bool, const py::object&, const std::string&>(),
           py::arg("width"), py::arg("height"), py::kw_only(), py::arg("fps") = 30.0, py::arg("bitrate_kbps") = 1000,
           py::arg("rc") = "cbr", py::arg("qp") = py::none(), py::arg("speed") = "default", py::arg("keyint") = 0,
           py::arg("intra_refresh") = false, py::arg("vbv_ms") = py::none(), py::arg("max_bitrate_kbps") = py::none(),
           py::arg("max_frame_bytes") = py::none(), py::arg("full_range") = false, py::arg("matrix") = "bt709",
           py::arg("max_slice_bytes") = py::none(), py::arg("temporal_layers") = 1, py::arg("ltr") = false,
           py::arg("ltr_interval") = py::none(), py::arg("profile") = "baseline")
      .def("encode", &PyEncoder::encode, py::arg("frame"), py::kw_only(), py::arg("roi") = py::none(),
           py::arg("force_keyframe") = false, py::arg("format") = py::none(),
           "Encodes one I420 (or NV12) frame into a Packet.")
      .def("reconfigure", &PyEncoder::reconfigure, py::kw_only(), py::arg("bitrate_kbps") = py::none(),
           py::arg("fps") = py::none(), "Changes the bitrate and/or frame rate from the next frame on, without an IDR.")
      .def("recon", &PyEncoder::recon, py::kw_only(), py::arg("out") = py::none(),
           "The last frame as a decoder reconstructs it, as an I420 (H*3/2, W) array.")
      .def("ack_ltr", &PyEncoder::ack_ltr, py::arg("index"),
           "The receiver holds the LTR frame of this Packet.index; returns whether it is still an LTR here.")
      .def("request_recovery", &PyEncoder::request_recovery,
           "After a loss: the next frame predicts only from the newest acknowledged LTR (an IDR if there is none).")
      .def_property_readonly("width", &PyEncoder::width)
      .def_property_readonly("height", &PyEncoder::height);
}

}  // namespace edgeav
