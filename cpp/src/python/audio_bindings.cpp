// edgeav.audio bindings: the 3A processor (audio/processor.h) and the volume
// equalizer (audio/volume_equalizer.h) on numpy frames of int16 or float32,
// taken without a copy.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <mutex>
#include <string>

#include "audio/ans/ai_suppressor.h"
#include "audio/processor.h"
#include "audio/volume_equalizer.h"
#include "python/bindings.h"
#include "python/numpy_image.h"

namespace edgeav {

namespace {

using audio::AnsLevel;

const char* const kAnsNames[] = {"off", "low", "moderate", "high", "very_high", "ai"};

AnsLevel parse_ans(const py::object& ans) {
  if (ans.is_none()) return AnsLevel::kOff;
  if (py::isinstance<py::str>(ans)) {
    const std::string name = py::str(ans);
    for (int i = 0; i < 6; i++)
      if (name == kAnsNames[i]) return static_cast<AnsLevel>(i);
  }
  throw InvalidArgumentError("ans must be None or one of 'off', 'low', 'moderate', 'high', 'very_high', 'ai', not " +
                             std::string(py::repr(ans)));
}

py::object ans_name(AnsLevel level) {
  if (level == AnsLevel::kOff) return py::none();
  return py::str(kAnsNames[static_cast<int>(level)]);
}

audio::AecMode parse_aec_mode(const py::object& mode) {
  if (py::isinstance<py::str>(mode)) {
    const std::string name = py::str(mode);
    if (name == "speech") return audio::AecMode::kSpeech;
    if (name == "music") return audio::AecMode::kMusic;
  }
  throw InvalidArgumentError("aec_mode must be 'speech' or 'music', not " + std::string(py::repr(mode)));
}

py::str aec_mode_name(audio::AecMode mode) { return py::str(mode == audio::AecMode::kMusic ? "music" : "speech"); }

enum class SampleType { kInt16, kFloat32 };

// A frame: int16 or float32, (frames,) for mono or (frames, channels),
// C-contiguous (channels interleaved). The frame length is the internal
// layer's to check.
struct FrameView {
  SampleType type;
  void* data;
  int samples_per_channel;
};

FrameView frame_from_numpy(const py::handle& obj, int channels, bool writable, const char* role) {
  if (!py::isinstance<py::array>(obj)) throw InvalidArgumentError(std::string(role) + " must be a numpy array");
  py::array a = py::reinterpret_borrow<py::array>(obj);
  SampleType type;
  if (a.dtype().is(py::dtype::of<int16_t>())) type = SampleType::kInt16;
  else if (a.dtype().is(py::dtype::of<float>())) type = SampleType::kFloat32;
  else
    throw InvalidArgumentError(std::string(role) + " must be int16 or float32 (-1..1), not " +
                               std::string(py::str(a.dtype())));
  const bool shape_ok = (a.ndim() == 1 && channels == 1) || (a.ndim() == 2 && a.shape(1) == channels);
  if (!shape_ok)
    throw InvalidArgumentError(std::string(role) + " must have shape (frame_size,)" + (channels == 1 ? " or" : "") +
                               " (frame_size, " + std::to_string(channels) + ")");
  const ssize_t item = a.itemsize();
  if (a.strides(0) != item * channels || (a.ndim() == 2 && a.strides(1) != item))
    throw InvalidArgumentError(std::string(role) + " must be C-contiguous (channels interleaved)");
  if (writable && !a.writeable()) throw InvalidArgumentError(std::string(role) + " is read-only");
  void* data = writable ? a.mutable_data() : const_cast<void*>(a.data());
  return {type, data, static_cast<int>(a.shape(0))};
}

// The input frame and the output frame of a process call: `out` as given
// (checked against the input) or a new array of the input's dtype and shape.
struct FramePair {
  FrameView in, out;
};

FramePair frames_in_out(const py::object& input, py::object* out, int channels, const char* role) {
  const FrameView in = frame_from_numpy(input, channels, false, role);
  if (out->is_none()) {
    const py::array a = py::reinterpret_borrow<py::array>(input);
    std::vector<ssize_t> shape(a.shape(), a.shape() + a.ndim());
    *out = py::array(a.dtype(), shape);
  }
  const FrameView o = frame_from_numpy(*out, channels, true, "out");
  if (o.type != in.type) throw InvalidArgumentError(std::string("out must have the dtype of ") + role);
  if (o.samples_per_channel != in.samples_per_channel)
    throw InvalidArgumentError(std::string("out must have the shape of ") + role);
  return {in, o};
}

// Runs impl->process on a frame pair (int16 or float32) with the GIL released.
template <typename Impl>
Status process_frames(Impl* impl, std::mutex* mutex, const FramePair& f) {
  py::gil_scoped_release release;
  std::lock_guard<std::mutex> lock(*mutex);
  return f.in.type == SampleType::kInt16
             ? impl->process(static_cast<const int16_t*>(f.in.data), static_cast<int16_t*>(f.out.data),
                             f.in.samples_per_channel)
             : impl->process(static_cast<const float*>(f.in.data), static_cast<float*>(f.out.data),
                             f.in.samples_per_channel);
}

class PyAudioProcessor {
 public:
  PyAudioProcessor(int sample_rate, int channels, bool aec, const py::object& ans, bool agc, float agc_target_dbfs,
                   float agc_max_gain_db, const py::object& aec_mode) {
    audio::ProcessorConfig c;
    c.sample_rate = sample_rate, c.channels = channels;
    c.aec = aec, c.ans = parse_ans(ans), c.agc = agc;
    c.agc_target_dbfs = agc_target_dbfs, c.agc_max_gain_db = agc_max_gain_db;
    c.aec_mode = parse_aec_mode(aec_mode);
    raise_if_error(audio::Processor::create(c, &impl_));
  }

  int frame_size() const { return impl_->frame_size(); }
  int latency_samples() const { return impl_->latency_samples(); }
  const audio::ProcessorConfig& config() const { return impl_->config(); }

  void configure(const audio::ProcessorConfig& c) {
    std::lock_guard<std::mutex> lock(mutex_);
    raise_if_error(impl_->configure(c));
  }

  void process_reverse(const py::object& far) {
    const FrameView f = frame_from_numpy(far, config().channels, false, "far");
    Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      status = f.type == SampleType::kInt16
                   ? impl_->process_reverse(static_cast<const int16_t*>(f.data), f.samples_per_channel)
                   : impl_->process_reverse(static_cast<const float*>(f.data), f.samples_per_channel);
    }
    raise_if_error(status);
  }

  py::object process(const py::object& near, py::object out) {
    const FramePair f = frames_in_out(near, &out, config().channels, "near");
    raise_if_error(process_frames(impl_.get(), &mutex_, f));
    return out;
  }

  void set_stream_delay_ms(int ms) {
    Status status;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status = impl_->set_stream_delay_ms(ms);
    }
    raise_if_error(status);
  }

  py::dict stats() {
    audio::ProcessorStats s;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      s = impl_->stats();
    }
    py::dict d;
    d["delay_ms"] = s.delay_ms, d["erle_db"] = s.erle_db;
    d["speech_probability"] = s.speech_probability, d["gain_db"] = s.gain_db;
    return d;
  }

  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    impl_->reset();
  }

 private:
  std::unique_ptr<audio::Processor> impl_;
  std::mutex mutex_;
};

class PyVolumeEqualizer {
 public:
  PyVolumeEqualizer(int sample_rate, int channels, float target_lufs) {
    audio::VolumeEqualizerConfig c;
    c.sample_rate = sample_rate, c.channels = channels, c.target_lufs = target_lufs;
    raise_if_error(audio::VolumeEqualizer::create(c, &impl_));
  }

  const audio::VolumeEqualizerConfig& config() const { return impl_->config(); }
  int frame_size() const { return impl_->frame_size(); }

  py::object process(const py::object& frame, py::object out) {
    const FramePair f = frames_in_out(frame, &out, config().channels, "frame");
    raise_if_error(process_frames(impl_.get(), &mutex_, f));
    return out;
  }

  float gain_db() {
    std::lock_guard<std::mutex> lock(mutex_);
    return impl_->gain_db();
  }
  float loudness_lufs() {
    std::lock_guard<std::mutex> lock(mutex_);
    return impl_->loudness_lufs();
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    impl_->reset();
  }

 private:
  std::unique_ptr<audio::VolumeEqualizer> impl_;
  std::mutex mutex_;
};

// A property that switches one setting through configure().
template <typename Value, typename Set>
void def_setting(py::class_<PyAudioProcessor>& cls, const char* name, Value (*get)(const audio::ProcessorConfig&),
                 Set set, const char* doc) {
  cls.def_property(
      name, [get](const PyAudioProcessor& p) { return get(p.config()); },
      [set](PyAudioProcessor& p, const py::object& v) {
        audio::ProcessorConfig c = p.config();
        set(&c, v);
        p.configure(c);
      },
      doc);
}

}  // namespace

// The AI noise reduction's network alone, frame after frame (the chain also applies the
// classic suppressor's gains): tests check it against tools/train_ns.py's numpy model.
py::array_t<float> ai_ns_gains(const py::array_t<float, py::array::c_style>& power, int sample_rate, int fft_size) {
  const int bins = fft_size / 2 + 1;
  if (power.ndim() != 2 || power.shape(1) != bins || !(sample_rate == 16000 || sample_rate == 32000 ||
                                                       sample_rate == 48000) || fft_size < 2 * (sample_rate / 100))
    raise_if_error(Status::invalid("_ai_ns_gains: power must be (frames, fft_size/2+1) at 16, 32 or 48 kHz"));
  py::array_t<float> gains({power.shape(0), static_cast<py::ssize_t>(bins)});
  audio::AiSuppressor network(sample_rate, fft_size);
  for (py::ssize_t t = 0; t < power.shape(0); t++) network.compute(power.data(t, 0), gains.mutable_data(t, 0));
  return gains;
}

void bind_audio(py::module_& m) {
  m.def("_ai_ns_gains", &ai_ns_gains, py::arg("power"), py::arg("sample_rate"), py::arg("fft_size"));
  py::class_<PyAudioProcessor> cls(
      m, "AudioProcessor",
      "Audio 3A on 10 ms frames: echo cancellation, noise suppression and gain control (edgeav.audio.Processor).");
  cls.def(py::init<int, int, bool, const py::object&, bool, float, float, const py::object&>(),
          py::arg("sample_rate") = 16000, py::arg("channels") = 1, py::kw_only(), py::arg("aec") = true,
          py::arg("ans") = "moderate", py::arg("agc") = true, py::arg("agc_target_dbfs") = -18.0f,
          py::arg("agc_max_gain_db") = 30.0f, py::arg("aec_mode") = "speech")
      .def_property_readonly("frame_size", &PyAudioProcessor::frame_size, "Samples per channel in a 10 ms frame.")
      .def_property_readonly("latency_samples", &PyAudioProcessor::latency_samples,
                             "How many samples later than the input the output is (AEC and ANS).")
      .def_property_readonly("sample_rate", [](const PyAudioProcessor& p) { return p.config().sample_rate; })
      .def_property_readonly("channels", [](const PyAudioProcessor& p) { return p.config().channels; })
      .def("process_reverse", &PyAudioProcessor::process_reverse, py::arg("far").noconvert(),
           "Feeds one far-end frame (what the loudspeaker plays).")
      .def("process", &PyAudioProcessor::process, py::arg("near").noconvert(), py::kw_only(),
           py::arg("out") = py::none(),
           "Processes one microphone frame; returns `out` (written in place) or a new array of near's dtype.")
      .def("set_stream_delay_ms", &PyAudioProcessor::set_stream_delay_ms, py::arg("delay_ms"),
           "An optional hint of the echo delay, 0..500 ms; the AEC finds it without one.")
      .def("stats", &PyAudioProcessor::stats, "delay_ms, erle_db, speech_probability and gain_db.")
      .def("reset", &PyAudioProcessor::reset, "Forgets everything learned (echo path, noise, level).");
  def_setting<bool>(
      cls, "aec", [](const audio::ProcessorConfig& c) { return c.aec; },
      [](audio::ProcessorConfig* c, const py::object& v) { c->aec = v.cast<bool>(); }, "Echo cancellation on or off.");
  def_setting<py::object>(
      cls, "ans", [](const audio::ProcessorConfig& c) { return ans_name(c.ans); },
      [](audio::ProcessorConfig* c, const py::object& v) { c->ans = parse_ans(v); },
      "Noise suppression level, or None when off.");
  def_setting<bool>(
      cls, "agc", [](const audio::ProcessorConfig& c) { return c.agc; },
      [](audio::ProcessorConfig* c, const py::object& v) { c->agc = v.cast<bool>(); }, "Gain control on or off.");
  def_setting<float>(
      cls, "agc_target_dbfs", [](const audio::ProcessorConfig& c) { return c.agc_target_dbfs; },
      [](audio::ProcessorConfig* c, const py::object& v) { c->agc_target_dbfs = v.cast<float>(); },
      "Target level of active speech, dBFS.");
  def_setting<float>(
      cls, "agc_max_gain_db", [](const audio::ProcessorConfig& c) { return c.agc_max_gain_db; },
      [](audio::ProcessorConfig* c, const py::object& v) { c->agc_max_gain_db = v.cast<float>(); },
      "Largest gain the AGC applies, dB.");
  def_setting<py::str>(
      cls, "aec_mode", [](const audio::ProcessorConfig& c) { return aec_mode_name(c.aec_mode); },
      [](audio::ProcessorConfig* c, const py::object& v) { c->aec_mode = parse_aec_mode(v); },
      "'speech', or 'music' (near-end instruments kept intact; needs aec_music_mode, Professional audio).");

  py::class_<PyVolumeEqualizer>(
      m, "VolumeEqualizer",
      "Volume equalization of 10 ms playback frames: every talker leaves at the target loudness "
      "(edgeav.audio.VolumeEqualizer).")
      .def(py::init<int, int, float>(), py::arg("sample_rate"), py::arg("channels") = 1,
           py::arg("target_lufs") = -18.0f)
      .def_property_readonly("frame_size", &PyVolumeEqualizer::frame_size, "Samples per channel in a 10 ms frame.")
      .def_property_readonly("sample_rate", [](const PyVolumeEqualizer& v) { return v.config().sample_rate; })
      .def_property_readonly("channels", [](const PyVolumeEqualizer& v) { return v.config().channels; })
      .def_property_readonly("target_lufs", [](const PyVolumeEqualizer& v) { return v.config().target_lufs; })
      .def_property_readonly("gain_db", &PyVolumeEqualizer::gain_db, "The gain applied at the end of the last frame, dB.")
      .def_property_readonly("loudness_lufs", &PyVolumeEqualizer::loudness_lufs,
                             "The current talker's speech loudness before the gain (BS.1770, LUFS); -70 until "
                             "0.1 s of speech has been heard.")
      .def("process", &PyVolumeEqualizer::process, py::arg("frame").noconvert(), py::kw_only(),
           py::arg("out") = py::none(),
           "Equalizes one frame; returns `out` (written in place) or a new array of frame's dtype.")
      .def("reset", &PyVolumeEqualizer::reset, "Forgets the talker's level and the gain.");
}

}  // namespace edgeav
