// libFuzzer harness: the audio 3A processor through the C API. A random
// configuration (rate, channels, stages, AGC settings; sometimes invalid),
// then a random sequence of near-end and far-end frames (float and int16:
// silence, full-scale square waves and alternating +-1, sines, noise, echoes
// of the far end, denormals, huge values, raw bit patterns with NaN and
// infinities) between configure, stream-delay, reset and stats calls.
// Frames own exactly the samples they declare.
//
// Checks: NaN or infinity in a frame is refused; while every accepted float
// sample has been within the documented -1..1, outputs and stats stay finite.
//
// One input in four drives the volume equalizer instead (same frames, random
// and sometimes invalid rate, channels and target, resets): on top of the
// above, its output never reaches full scale (the limiter) and its gain stays
// within -30..+30 dB.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "fuzz_image.h"

namespace {

using fuzz::fail;

struct Signal {
  fuzz::Rng rng{1};
  std::vector<float> last_far;  // mono copy of the last far-end frame, for echoes
};

// Fills a float frame of n samples per channel, ch channels, in one of several styles.
void fill_float(FuzzedDataProvider& fdp, Signal& sig, float* x, int n, int ch) {
  const int total = n * ch;
  const int style = fdp.ConsumeIntegralInRange(0, 11);
  const float amp = fdp.ConsumeProbability<float>();
  const int period = fdp.ConsumeIntegralInRange(1, 400);
  sig.rng = fuzz::Rng(fdp.ConsumeIntegral<uint64_t>());
  for (int i = 0; i < total; i++) {
    const int t = i / ch;
    float v = 0.0f;
    switch (style) {
      case 0: {  // raw bit patterns: NaN, infinities, denormals, anything
        const uint32_t bits = static_cast<uint32_t>(sig.rng.next() >> 32);
        std::memcpy(&v, &bits, sizeof v);
        break;
      }
      case 1: v = (t / period) % 2 ? 1.0f : -1.0f; break;  // full-scale square
      case 2: v = t % 2 ? 1.0f : -1.0f; break;             // full scale at Nyquist
      case 3: v = amp * std::sin(6.2831853f * static_cast<float>(t) / static_cast<float>(period)); break;
      case 4: v = 0.0f; break;
      case 5: v = (sig.rng.next() >> 63 ? 1.0f : -1.0f) * 1e-40f * amp; break;  // denormals
      case 6: v = amp * (static_cast<float>(sig.rng.next() >> 40) / 8388608.0f - 1.0f); break;  // noise
      case 7: {  // huge but finite
        static const float huge[] = {1e30f, -1e30f, std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
                                     2.0f, -3.5f};
        v = huge[sig.rng.next() % 6];
        break;
      }
      case 8: {  // an echo of the far end, plus a little noise
        const float far = sig.last_far.empty() ? 0.0f : sig.last_far[static_cast<size_t>(t) % sig.last_far.size()];
        v = 0.5f * far + 0.01f * (static_cast<float>(sig.rng.next() >> 40) / 8388608.0f - 1.0f);
        break;
      }
      case 9: v = ((t / period) % 2 ? amp : 0.0f) * (static_cast<float>(sig.rng.next() >> 40) / 8388608.0f - 1.0f); break;
      default: v = amp * (static_cast<float>(sig.rng.next() >> 40) / 8388608.0f - 1.0f); break;
    }
    x[i] = v;
  }
  // Sometimes one special value among ordinary samples.
  if (total > 0 && fdp.ConsumeIntegralInRange(0, 15) == 0) {
    const float special[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min(), -0.0f};
    x[fdp.ConsumeIntegralInRange(0, total - 1)] = special[fdp.ConsumeIntegralInRange(0, 4)];
  }
}

void fill_s16(FuzzedDataProvider& fdp, Signal& sig, int16_t* x, int n, int ch) {
  const int style = fdp.ConsumeIntegralInRange(0, 4);
  const int period = fdp.ConsumeIntegralInRange(1, 400);
  sig.rng = fuzz::Rng(fdp.ConsumeIntegral<uint64_t>());
  for (int i = 0; i < n * ch; i++) {
    const int t = i / ch;
    switch (style) {
      case 0: x[i] = static_cast<int16_t>(sig.rng.next() >> 48); break;
      case 1: x[i] = (t / period) % 2 ? 32767 : -32768; break;
      case 2: x[i] = t % 2 ? 32767 : -32768; break;
      case 3: x[i] = 0; break;
      default: x[i] = static_cast<int16_t>(static_cast<int64_t>(sig.rng.next() >> 48) % 200 - 100); break;
    }
  }
}

bool finite_frame(const float* x, int n) {
  for (int i = 0; i < n; i++)
    if (!std::isfinite(x[i])) return false;
  return true;
}

bool in_range(const float* x, int n) {
  for (int i = 0; i < n; i++)
    if (!(x[i] >= -1.0f && x[i] <= 1.0f)) return false;
  return true;
}

void pick_config(FuzzedDataProvider& fdp, eav_audio_config* c, bool keep_format) {
  static const int rates[] = {16000, 32000, 48000};
  if (!keep_format || fdp.ConsumeIntegralInRange(0, 15) == 0) {
    c->sample_rate = fdp.ConsumeIntegralInRange(0, 15) ? rates[fdp.ConsumeIntegralInRange(0, 2)]
                                                       : fdp.ConsumeIntegralInRange(-1, 96001);
    c->channels = fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(1, 8) : fdp.ConsumeIntegralInRange(-1, 9);
  }
  c->aec = fdp.ConsumeBool();
  c->ans = static_cast<eav_ans_level>(fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 5)
                                                                        : fdp.ConsumeIntegralInRange(-1, 6));
  c->agc = fdp.ConsumeBool();
  // Music mode as often as speech; now and then a value out of range.
  c->aec_mode = static_cast<eav_aec_mode>(fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 1)
                                                                           : fdp.ConsumeIntegralInRange(-1, 2));
  switch (fdp.ConsumeIntegralInRange(0, 3)) {
    case 0: break;  // keep
    case 1: c->agc_target_dbfs = -31.0f * fdp.ConsumeProbability<float>(), c->agc_max_gain_db = 60.0f * fdp.ConsumeProbability<float>(); break;
    case 2: c->agc_target_dbfs = fdp.ConsumeBool() ? 0.0f : -31.0f, c->agc_max_gain_db = fdp.ConsumeBool() ? 0.0f : 60.0f; break;
    default:
      c->agc_target_dbfs = fdp.ConsumeBool() ? std::numeric_limits<float>::quiet_NaN() : fdp.ConsumeFloatingPoint<float>();
      c->agc_max_gain_db = fdp.ConsumeFloatingPoint<float>();
      break;
  }
}

void check_error(eav_status s) {
  if (s != EAV_ERR_INVALID_ARGUMENT) fail("an audio call returned a status other than ok or invalid argument");
  if (!eav_last_error()[0]) fail("an error status without a message");
}

// The samples per channel a call declares: mostly the frame size, sometimes another count.
int pick_samples(FuzzedDataProvider& fdp, int hop) {
  if (fdp.ConsumeIntegralInRange(0, 31)) return hop;
  static const int odd[] = {0, -1, 1, 159, 161, 320, 479, 481, 4096, std::numeric_limits<int>::max(),
                            std::numeric_limits<int>::min()};
  return odd[fdp.ConsumeIntegralInRange(0, 10)];
}

bool below_full_scale(const float* x, int n) {
  for (int i = 0; i < n; i++)
    if (!(x[i] > -1.0f && x[i] < 1.0f)) return false;
  return true;
}

void fuzz_volume_eq(FuzzedDataProvider& fdp) {
  static const int rates[] = {16000, 32000, 48000};
  eav_volume_eq_config config;
  eav_volume_eq_config_default(&config);
  if (fdp.ConsumeIntegralInRange(0, 15) == 0) config.sample_rate = fdp.ConsumeIntegralInRange(-1, 96001);
  else config.sample_rate = rates[fdp.ConsumeIntegralInRange(0, 2)];
  config.channels = fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(1, 8) : fdp.ConsumeIntegralInRange(-1, 9);
  switch (fdp.ConsumeIntegralInRange(0, 3)) {
    case 0: break;
    case 1: config.target_lufs = -40.0f + 32.0f * fdp.ConsumeProbability<float>(); break;
    case 2: config.target_lufs = fdp.ConsumeBool() ? -40.0f : -8.0f; break;
    default:
      config.target_lufs = fdp.ConsumeBool() ? std::numeric_limits<float>::quiet_NaN() : fdp.ConsumeFloatingPoint<float>();
      break;
  }
  eav_volume_eq* veq = reinterpret_cast<eav_volume_eq*>(&config);  // must be overwritten
  const eav_status created = eav_volume_eq_create(&config, &veq);
  if (created != EAV_OK) {
    check_error(created);
    if (veq) fail("a failed create left a volume equalizer pointer");
    return;
  }
  const int hop = eav_volume_eq_frame_size(veq), ch = config.channels;
  if (hop != config.sample_rate / 100) fail("volume equalizer frame size is not 10 ms");
  Signal sig;
  bool clean = true;
  std::vector<float> fin, fout;
  std::vector<int16_t> sin16, sout16;
  const int ops = fdp.ConsumeIntegralInRange(1, 40);
  for (int i = 0; i < ops; i++) {
    const int op = fdp.ConsumeIntegralInRange(0, 9);
    const int n = pick_samples(fdp, hop);
    const int64_t total = n > 0 && n <= 4096 ? int64_t{n} * ch : 0;
    if (op <= 5) {  // a float frame, sometimes in place
      fin.assign(static_cast<size_t>(total > 0 ? total : 1), 0.0f);
      if (total > 0) fill_float(fdp, sig, fin.data(), n, ch);
      const bool finite = total > 0 && finite_frame(fin.data(), static_cast<int>(total));
      const bool bounded = total > 0 && in_range(fin.data(), static_cast<int>(total));
      fout.assign(fin.size(), 0.0f);
      float* out = fdp.ConsumeBool() ? fin.data() : fout.data();
      const eav_status s = eav_volume_eq_process(veq, fin.data(), out, n);
      if (s != EAV_OK) {
        check_error(s);
        continue;
      }
      if (n != hop) fail("volume equalizer: a frame of the wrong length was accepted");
      if (!finite) fail("volume equalizer: a frame with NaN or infinity was accepted");
      clean &= bounded;
      if (clean && !below_full_scale(out, static_cast<int>(total))) fail("volume equalizer: an output sample reached full scale");
    } else if (op <= 7) {  // an int16 frame
      sin16.assign(static_cast<size_t>(total > 0 ? total : 1), 0);
      if (total > 0) fill_s16(fdp, sig, sin16.data(), n, ch);
      sout16.assign(sin16.size(), 0);
      const eav_status s = eav_volume_eq_process_s16(veq, sin16.data(), sout16.data(), n);
      if (s != EAV_OK) {
        check_error(s);
        continue;
      }
      if (n != hop) fail("volume equalizer: an int16 frame of the wrong length was accepted");
      for (int64_t k = 0; k < total; k++)
        if (sout16[static_cast<size_t>(k)] == 32767 || sout16[static_cast<size_t>(k)] == -32768)
          fail("volume equalizer: an int16 output sample saturated");
    } else if (op == 8) {
      eav_volume_eq_reset(veq);
    } else {
      const float gain = eav_volume_eq_gain_db(veq), loudness = eav_volume_eq_loudness_lufs(veq);
      if (clean && !(gain >= -30.0f && gain <= 30.0f && std::isfinite(loudness)))
        fail("volume equalizer: gain outside -30..30 dB or loudness not finite on in-range input");
    }
  }
  eav_volume_eq_destroy(veq);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  fuzz::pick_cpu_mask(fdp);
  if (fdp.ConsumeIntegralInRange(0, 3) == 0) {
    fuzz_volume_eq(fdp);
    return 0;
  }
  eav_audio_config config;
  eav_audio_config_default(&config);
  pick_config(fdp, &config, false);
  eav_audio_processor* apm = reinterpret_cast<eav_audio_processor*>(&config);  // must be overwritten
  const eav_status created = eav_audio_create(&config, &apm);
  if (created != EAV_OK) {
    check_error(created);
    if (apm) fail("a failed create left a processor pointer");
    return 0;
  }
  const int hop = eav_audio_frame_size(apm), ch = config.channels;
  if (hop != config.sample_rate / 100) fail("frame size is not 10 ms");
  Signal sig;
  bool clean = true;  // every accepted float sample so far within -1..1
  std::vector<float> fin, fout;
  std::vector<int16_t> sin16, sout16;
  const int ops = fdp.ConsumeIntegralInRange(1, 40);
  for (int i = 0; i < ops; i++) {
    const int op = fdp.ConsumeIntegralInRange(0, 13);
    if (op <= 4 || (op >= 6 && op <= 8)) {  // a float frame, near or far end
      const bool near = op <= 4;
      const int n = pick_samples(fdp, hop);
      const int64_t total = n > 0 && n <= 4096 ? int64_t{n} * ch : 0;
      fin.assign(static_cast<size_t>(total > 0 ? total : 1), 0.0f);  // a token buffer for counts the API refuses
      if (total > 0) fill_float(fdp, sig, fin.data(), n, ch);
      const bool in_place = near && fdp.ConsumeBool();
      fout.assign(fin.size(), 0.0f);
      float* out = in_place ? fin.data() : fout.data();
      const bool finite = total > 0 && finite_frame(fin.data(), static_cast<int>(total));
      const bool bounded = total > 0 && in_range(fin.data(), static_cast<int>(total));
      const eav_status s = near ? eav_audio_process(apm, fin.data(), out, n) : eav_audio_process_reverse(apm, fin.data(), n);
      if (s != EAV_OK) {
        check_error(s);
        continue;
      }
      if (n != hop) fail("a frame of the wrong length was accepted");
      if (!finite) fail("a frame with NaN or infinity was accepted");
      clean &= bounded;
      if (!near) {
        sig.last_far.assign(static_cast<size_t>(n), 0.0f);
        for (int t = 0; t < n; t++) sig.last_far[static_cast<size_t>(t)] = fin[static_cast<size_t>(t) * ch];
      }
      if (near && clean && !finite_frame(out, static_cast<int>(total))) fail("in-range input gave a non-finite output");
    } else if (op == 5 || op == 9) {  // an int16 frame
      const bool near = op == 5;
      const int n = pick_samples(fdp, hop);
      const int64_t total = n > 0 && n <= 4096 ? int64_t{n} * ch : 0;
      sin16.assign(static_cast<size_t>(total > 0 ? total : 1), 0);
      if (total > 0) fill_s16(fdp, sig, sin16.data(), n, ch);
      sout16.assign(sin16.size(), 0);
      const eav_status s = near ? eav_audio_process_s16(apm, sin16.data(), sout16.data(), n)
                                : eav_audio_process_reverse_s16(apm, sin16.data(), n);
      if (s != EAV_OK) check_error(s);
      if (s == EAV_OK && n != hop) fail("an int16 frame of the wrong length was accepted");
    } else if (op == 10) {
      eav_audio_config next = config;
      pick_config(fdp, &next, true);
      const eav_status s = eav_audio_configure(apm, &next);
      if (s == EAV_OK) {
        config = next;
      } else {
        check_error(s);
      }
      if (eav_audio_latency_samples(apm) < 0) fail("negative latency");
    } else if (op == 11) {
      static const int delays[] = {-1, 0, 1, 40, 120, 499, 500, 501, std::numeric_limits<int>::max(),
                                   std::numeric_limits<int>::min()};
      const int ms = fdp.ConsumeBool() ? fdp.ConsumeIntegralInRange(0, 500) : delays[fdp.ConsumeIntegralInRange(0, 9)];
      const eav_status s = eav_audio_set_stream_delay_ms(apm, ms);
      if (s != EAV_OK) check_error(s);
    } else if (op == 12) {
      eav_audio_reset(apm);
    } else {
      eav_audio_stats st;
      eav_audio_get_stats(apm, &st);
      if (clean && !(std::isfinite(st.delay_ms) && std::isfinite(st.erle_db) && std::isfinite(st.gain_db) &&
                     st.speech_probability >= 0.0f && st.speech_probability <= 1.0f))
        fail("stats not finite (or speech probability outside 0..1) on in-range input");
      if (eav_audio_frame_size(apm) != hop || eav_audio_latency_samples(apm) < 0) fail("frame size or latency changed");
    }
  }
  eav_audio_destroy(apm);
  return 0;
}
