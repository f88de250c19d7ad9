// WebRTC audio processing 0.3 (Debian's libwebrtc-audio-processing) anchor for
// bench/audio_bench.py: webrtc::AudioProcessing on 10 ms int16 frames.
//   webrtc_anchor rate=16000 near=mic.raw out=out.raw [far=ref.raw delay_ms=120]
//                 [ns=low|moderate|high|very_high] [agc=1 agc_dbfs=-18] [hpf=1]
// AEC runs when far= is given, told the true bulk delay with
// set_stream_delay_ms (its own delay estimator is off, as in 0.3's default).
// AGC is the adaptive digital mode (no analog mic level to steer here).
// Prints "cpu_s=<thread CPU seconds of the processing loop> frames=<n>".
#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <memory>
#include <string>

#include "anchor_io.h"

namespace {

webrtc::NoiseSuppression::Level ns_level(const std::string& name) {
  if (name == "low") return webrtc::NoiseSuppression::kLow;
  if (name == "high") return webrtc::NoiseSuppression::kHigh;
  if (name == "very_high") return webrtc::NoiseSuppression::kVeryHigh;
  return webrtc::NoiseSuppression::kModerate;
}

void configure(webrtc::AudioProcessing* apm, int argc, char** argv, bool aec) {
  apm->high_pass_filter()->Enable(arg_num(argc, argv, "hpf", 0) != 0);
  if (aec) {
    apm->echo_cancellation()->enable_drift_compensation(false);
    apm->echo_cancellation()->Enable(true);
  }
  const std::string ns = arg_str(argc, argv, "ns", "off");
  if (ns != "off") {
    apm->noise_suppression()->set_level(ns_level(ns));
    apm->noise_suppression()->Enable(true);
  }
  if (arg_num(argc, argv, "agc", 0) != 0) {
    // target_level_dbfs is given as a positive attenuation below full scale.
    apm->gain_control()->set_mode(webrtc::GainControl::kAdaptiveDigital);
    apm->gain_control()->set_target_level_dbfs(static_cast<int>(-arg_num(argc, argv, "agc_dbfs", -18)));
    apm->gain_control()->Enable(true);
  }
}

void fill(webrtc::AudioFrame* f, const short* src, int frame, int rate) {
  f->sample_rate_hz_ = rate;
  f->num_channels_ = 1;
  f->samples_per_channel_ = static_cast<size_t>(frame);
  memcpy(f->data_, src, sizeof(short) * static_cast<size_t>(frame));
}

}  // namespace

int main(int argc, char** argv) {
  const int rate = static_cast<int>(arg_num(argc, argv, "rate", 16000));
  const int frame = rate / 100;
  const char* far_path = arg_str(argc, argv, "far", nullptr);
  const int delay_ms = static_cast<int>(arg_num(argc, argv, "delay_ms", 0));
  Pcm near = pcm_read(arg_str(argc, argv, "near", ""), frame, 0);
  Pcm far = far_path ? pcm_read(far_path, frame, 0) : Pcm{nullptr, 0};
  std::unique_ptr<short[]> out(new short[near.len]());

  std::unique_ptr<webrtc::AudioProcessing> apm(webrtc::AudioProcessing::Create());
  // The int16 interface wants the far end at the capture rate, which the APM only
  // learns from its first capture frame unless told here.
  const auto mono = webrtc::AudioProcessing::kMono;
  apm->Initialize(rate, rate, rate, mono, mono, mono);
  configure(apm.get(), argc, argv, far_path != nullptr);

  static const short silence[480] = {0};
  webrtc::AudioFrame capture, render;
  int errors = 0;
  const double t0 = thread_cpu_seconds();
  for (long i = 0; i < near.len; i += frame) {
    if (far_path) {
      fill(&render, i < far.len ? far.data + i : silence, frame, rate);
      errors += apm->ProcessReverseStream(&render) != 0;
      apm->set_stream_delay_ms(delay_ms);
    }
    fill(&capture, near.data + i, frame, rate);
    errors += apm->ProcessStream(&capture) != 0;
    memcpy(out.get() + i, capture.data_, sizeof(short) * static_cast<size_t>(frame));
  }
  const double cpu = thread_cpu_seconds() - t0;

  pcm_write(arg_str(argc, argv, "out", ""), out.get(), near.len);
  printf("cpu_s=%.6f frames=%ld errors=%d\n", cpu, near.len / frame, errors);
  free(near.data);
  free(far.data);
  return errors ? 1 : 0;
}
