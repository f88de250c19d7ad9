// The C API: a thin translation of the internal layer's Status into codes and
// a thread-local message. No validation here: the internal layer owns it.
#include <cstring>
#include <ctime>
#include <memory>
#include <string>

#include "api/dsp_tables.h"
#include "audio/processor.h"
#include "audio/volume_equalizer.h"
#include "base/cpu.h"
#include "convert/convert.h"
#include "enhance/adjust.h"
#include "enhance/frame_interpolator.h"
#include "enhance/quality_enhancer.h"
#include "enhance/super_resolution.h"
#include "license/license.h"
#include "video/h264/encoder.h"
#include "edgeav/edgeav.h"
#include "edgeav_version.h"

namespace {

thread_local std::string last_error;

eav_status report(const edgeav::Status& s) {
  last_error = s.message();
  return s.code();
}

void copy_text(char* dst, size_t size, const std::string& src) {
  std::strncpy(dst, src.c_str(), size - 1);
  dst[size - 1] = 0;
}

void to_c(const edgeav::LicenseInfo& in, eav_license_info* out) {
  std::memset(out, 0, sizeof *out);
  out->licensed = in.licensed;
  copy_text(out->license_id, sizeof out->license_id, in.license_id);
  copy_text(out->licensee, sizeof out->licensee, in.licensee);
  out->edition_video = static_cast<int>(in.editions[static_cast<size_t>(edgeav::Product::kVideo)]);
  out->edition_audio = static_cast<int>(in.editions[static_cast<size_t>(edgeav::Product::kAudio)]);
  out->edition_enhance = static_cast<int>(in.editions[static_cast<size_t>(edgeav::Product::kEnhance)]);
  out->not_before = in.not_before, out->expires = in.expires;
}

edgeav::audio::ProcessorConfig audio_config_from_c(const eav_audio_config& c) {
  edgeav::audio::ProcessorConfig config;
  config.sample_rate = c.sample_rate, config.channels = c.channels;
  config.aec = c.aec != 0, config.agc = c.agc != 0;
  // An unknown level stays out of range, for the internal layer to refuse.
  config.ans = static_cast<edgeav::audio::AnsLevel>(c.ans);
  config.agc_target_dbfs = c.agc_target_dbfs, config.agc_max_gain_db = c.agc_max_gain_db;
  config.aec_mode = static_cast<edgeav::audio::AecMode>(c.aec_mode);  // likewise
  return config;
}

}  // namespace

extern "C" {

const char* eav_version(void) { return EDGEAV_VERSION; }
const char* eav_last_error(void) { return last_error.c_str(); }

uint32_t eav_cpu_detected(void) { return edgeav::cpu_detected(); }
uint32_t eav_cpu_flags(void) { return edgeav::cpu_flags(); }
void eav_set_cpu_mask(uint32_t mask) { edgeav::apply_cpu_mask(mask); }

eav_status eav_convert(const eav_image* src, const eav_image* dst, eav_matrix matrix, int full_range) {
  if (!src || !dst) return report(edgeav::Status::invalid("eav_convert: null image"));
  if (matrix != EAV_MATRIX_BT601 && matrix != EAV_MATRIX_BT709)
    return report(edgeav::Status::invalid("eav_convert: unknown matrix"));
  const auto m = matrix == EAV_MATRIX_BT709 ? edgeav::YuvMatrix::kBT709 : edgeav::YuvMatrix::kBT601;
  return report(edgeav::convert_image(*src, *dst, m, full_range != 0));
}

eav_status eav_downscale2_plane(const uint8_t* src, ptrdiff_t src_stride, int width, int height, uint8_t* dst,
                                ptrdiff_t dst_stride) {
  return report(edgeav::downscale2_plane(src, src_stride, width, height, dst, dst_stride));
}

eav_status eav_license_activate(const char* token, const char* app_id, int64_t now, eav_license_info* info) {
  if (!token || !app_id) return report(edgeav::Status::invalid("eav_license_activate: null argument"));
  edgeav::LicenseInfo out;
  const edgeav::Status s = edgeav::license_activate(token, app_id, now ? now : static_cast<int64_t>(std::time(nullptr)), &out);
  if (s.ok() && info) to_c(out, info);
  return report(s);
}

void eav_license_status(eav_license_info* info) {
  if (info) to_c(edgeav::license_status(), info);
}

eav_status eav_license_require(const char* feature) {
  if (!feature) return report(edgeav::Status::invalid("eav_license_require: null feature"));
  return report(edgeav::license_require(feature));
}

void eav_license_deactivate(void) { edgeav::license_deactivate(); }

struct eav_sr {
  std::unique_ptr<edgeav::SuperResolution> impl;
};

void eav_sr_config_default(eav_sr_config* config) {
  if (config) *config = eav_sr_config{2.0, 0, 0, 1.0, 0.0, 1.0, 1.0, 30.0, EAV_SR_STANDARD};
}

eav_status eav_sr_create(const eav_sr_config* config, eav_sr** sr) {
  if (!config || !sr) return report(edgeav::Status::invalid("eav_sr_create: null argument"));
  edgeav::SrConfig c;
  c.scale = config->scale, c.out_width = config->out_width, c.out_height = config->out_height;
  c.sharpness = config->sharpness;
  c.brightness = config->brightness, c.contrast = config->contrast, c.saturation = config->saturation;
  c.fps = config->fps;
  if (config->mode != EAV_SR_STANDARD && config->mode != EAV_SR_PROFESSIONAL)
    return report(edgeav::Status::invalid("eav_sr_create: mode is not an eav_sr_mode"));
  c.professional = config->mode == EAV_SR_PROFESSIONAL;
  std::unique_ptr<edgeav::SuperResolution> impl;
  const edgeav::Status s = edgeav::SuperResolution::create(c, &impl);
  if (!s.ok()) return report(s);
  *sr = new eav_sr{std::move(impl)};
  return EAV_OK;
}

eav_status eav_sr_output_size(const eav_sr* sr, eav_pixel_format format, int width, int height, int* out_width,
                              int* out_height) {
  if (!sr || !out_width || !out_height) return report(edgeav::Status::invalid("eav_sr_output_size: null argument"));
  return report(sr->impl->output_size(format, width, height, out_width, out_height));
}

eav_status eav_sr_process(eav_sr* sr, const eav_image* src, const eav_image* dst) {
  if (!sr || !src || !dst) return report(edgeav::Status::invalid("eav_sr_process: null argument"));
  return report(sr->impl->process(*src, *dst));
}

void eav_sr_destroy(eav_sr* sr) { delete sr; }

struct eav_enhancer {
  std::unique_ptr<edgeav::QualityEnhancer> impl;
};

eav_status eav_enhancer_create(double strength, double fps, eav_enhancer** enhancer) {
  if (!enhancer) return report(edgeav::Status::invalid("eav_enhancer_create: null argument"));
  std::unique_ptr<edgeav::QualityEnhancer> impl;
  const edgeav::Status s = edgeav::QualityEnhancer::create(strength, fps, &impl);
  if (!s.ok()) return report(s);
  *enhancer = new eav_enhancer{std::move(impl)};
  return EAV_OK;
}

eav_status eav_enhancer_process(eav_enhancer* enhancer, const eav_image* src, const eav_image* dst) {
  if (!enhancer || !src || !dst) return report(edgeav::Status::invalid("eav_enhancer_process: null argument"));
  return report(enhancer->impl->process(*src, *dst));
}

void eav_enhancer_destroy(eav_enhancer* enhancer) { delete enhancer; }

struct eav_interpolator {
  std::unique_ptr<edgeav::FrameInterpolator> impl;
};

eav_status eav_interpolator_create(double fps, eav_interpolator** interpolator) {
  if (!interpolator) return report(edgeav::Status::invalid("eav_interpolator_create: null argument"));
  *interpolator = nullptr;
  std::unique_ptr<edgeav::FrameInterpolator> impl;
  const edgeav::Status s = edgeav::FrameInterpolator::create(fps, &impl);
  if (!s.ok()) return report(s);
  *interpolator = new eav_interpolator{std::move(impl)};
  return EAV_OK;
}

eav_status eav_interpolator_process(eav_interpolator* interpolator, const eav_image* prev, const eav_image* next,
                                    double t, const eav_image* dst) {
  if (!interpolator || !prev || !next || !dst)
    return report(edgeav::Status::invalid("eav_interpolator_process: null argument"));
  return report(interpolator->impl->process(*prev, *next, t, *dst));
}

void eav_interpolator_destroy(eav_interpolator* interpolator) { delete interpolator; }

eav_status eav_adjust(const eav_image* src, const eav_image* dst, double brightness, double contrast,
                      double saturation) {
  if (!src || !dst) return report(edgeav::Status::invalid("eav_adjust: null image"));
  edgeav::AdjustParams params;
  const edgeav::Status s = edgeav::make_adjust_params(brightness, contrast, saturation, &params);
  return report(s.ok() ? edgeav::adjust_image(params, *src, *dst) : s);
}

struct eav_h264_encoder {
  std::unique_ptr<edgeav::h264::Encoder> impl;
};

void eav_h264_config_default(eav_h264_config* config) {
  if (!config) return;
  const edgeav::h264::EncoderConfig d;
  *config = eav_h264_config{0,        0,           d.fps,         d.bitrate_kbps, 0, EAV_RC_CBR, d.qp,
                            EAV_SPEED_DEFAULT, d.keyint, 0, 0,  0,  d.min_qp,       d.max_qp, 0, EAV_MATRIX_BT709, 0,
                            d.temporal_layers, 0, 0, EAV_PROFILE_BASELINE};
}

eav_status eav_h264_create(const eav_h264_config* c, eav_h264_encoder** encoder) {
  if (!c || !encoder) return report(edgeav::Status::invalid("eav_h264_create: null argument"));
  *encoder = nullptr;
  if (c->rc < EAV_RC_CBR || c->rc > EAV_RC_CQP || c->speed < EAV_SPEED_FASTEST || c->speed > EAV_SPEED_BEST ||
      c->profile < EAV_PROFILE_BASELINE || c->profile > EAV_PROFILE_HIGH)
    return report(edgeav::Status::invalid("eav_h264_create: unknown rate control, speed or profile"));
  edgeav::h264::EncoderConfig config;
  config.width = c->width, config.height = c->height, config.fps = c->fps;
  config.bitrate_kbps = c->bitrate_kbps, config.max_bitrate_kbps = c->max_bitrate_kbps;
  config.rc = static_cast<edgeav::h264::RateControl>(c->rc);
  config.qp = c->qp;
  config.speed = static_cast<edgeav::h264::Speed>(c->speed);
  config.profile = static_cast<edgeav::h264::Profile>(c->profile);
  config.keyint = c->keyint, config.intra_refresh = c->intra_refresh != 0;
  config.vbv_ms = c->vbv_ms, config.max_frame_bytes = c->max_frame_bytes, config.max_slice_bytes = c->max_slice_bytes;
  config.min_qp = c->min_qp, config.max_qp = c->max_qp;
  config.full_range = c->full_range != 0, config.bt709 = c->matrix == EAV_MATRIX_BT709;
  config.temporal_layers = c->temporal_layers, config.ltr = c->ltr != 0, config.ltr_interval = c->ltr_interval;
  std::unique_ptr<edgeav::h264::Encoder> impl;
  const edgeav::Status s = edgeav::h264::Encoder::create(config, &impl);
  if (s.ok()) *encoder = new eav_h264_encoder{std::move(impl)};
  return report(s);
}

eav_status eav_h264_encode(eav_h264_encoder* encoder, const eav_image* frame, const int8_t* roi,
                           ptrdiff_t roi_stride, int force_keyframe, eav_packet* packet) {
  if (!encoder || !frame || !packet) return report(edgeav::Status::invalid("eav_h264_encode: null argument"));
  edgeav::h264::EncodedFrame out;
  const edgeav::Status s = encoder->impl->encode(*frame, roi, roi_stride, force_keyframe != 0, &out);
  if (s.ok())
    *packet = eav_packet{out.data, out.size, out.keyframe, out.type, out.average_qp, out.index,
                         out.temporal_id, out.reference, out.ltr, out.recovery};
  return report(s);
}

int eav_h264_ack_ltr(eav_h264_encoder* encoder, int64_t index) {
  return encoder && encoder->impl->acknowledge_ltr(index);
}

void eav_h264_request_recovery(eav_h264_encoder* encoder) {
  if (encoder) encoder->impl->request_recovery();
}

eav_status eav_h264_reconfigure(eav_h264_encoder* encoder, int bitrate_kbps, double fps) {
  if (!encoder) return report(edgeav::Status::invalid("eav_h264_reconfigure: null encoder"));
  return report(encoder->impl->reconfigure(bitrate_kbps, fps));
}

eav_status eav_h264_recon(const eav_h264_encoder* encoder, const eav_image* dst) {
  if (!encoder || !dst) return report(edgeav::Status::invalid("eav_h264_recon: null argument"));
  return report(encoder->impl->recon(*dst));
}

void eav_h264_destroy(eav_h264_encoder* encoder) { delete encoder; }

struct eav_audio_processor {
  std::unique_ptr<edgeav::audio::Processor> impl;
};

void eav_audio_config_default(eav_audio_config* config) {
  if (!config) return;
  const edgeav::audio::ProcessorConfig d;
  *config = eav_audio_config{d.sample_rate, d.channels, d.aec, EAV_ANS_MODERATE, d.agc, d.agc_target_dbfs,
                             d.agc_max_gain_db, EAV_AEC_SPEECH};
}

eav_status eav_audio_create(const eav_audio_config* config, eav_audio_processor** apm) {
  if (!config || !apm) return report(edgeav::Status::invalid("eav_audio_create: null argument"));
  *apm = nullptr;
  std::unique_ptr<edgeav::audio::Processor> impl;
  const edgeav::Status s = edgeav::audio::Processor::create(audio_config_from_c(*config), &impl);
  if (s.ok()) *apm = new eav_audio_processor{std::move(impl)};
  return report(s);
}

eav_status eav_audio_configure(eav_audio_processor* apm, const eav_audio_config* config) {
  if (!apm || !config) return report(edgeav::Status::invalid("eav_audio_configure: null argument"));
  return report(apm->impl->configure(audio_config_from_c(*config)));
}

int eav_audio_frame_size(const eav_audio_processor* apm) { return apm ? apm->impl->frame_size() : 0; }
int eav_audio_latency_samples(const eav_audio_processor* apm) { return apm ? apm->impl->latency_samples() : 0; }

eav_status eav_audio_process_reverse(eav_audio_processor* apm, const float* far, int samples_per_channel) {
  if (!apm) return report(edgeav::Status::invalid("eav_audio_process_reverse: null processor"));
  return report(apm->impl->process_reverse(far, samples_per_channel));
}

eav_status eav_audio_process_reverse_s16(eav_audio_processor* apm, const int16_t* far, int samples_per_channel) {
  if (!apm) return report(edgeav::Status::invalid("eav_audio_process_reverse_s16: null processor"));
  return report(apm->impl->process_reverse(far, samples_per_channel));
}

eav_status eav_audio_process(eav_audio_processor* apm, const float* in, float* out, int samples_per_channel) {
  if (!apm) return report(edgeav::Status::invalid("eav_audio_process: null processor"));
  return report(apm->impl->process(in, out, samples_per_channel));
}

eav_status eav_audio_process_s16(eav_audio_processor* apm, const int16_t* in, int16_t* out, int samples_per_channel) {
  if (!apm) return report(edgeav::Status::invalid("eav_audio_process_s16: null processor"));
  return report(apm->impl->process(in, out, samples_per_channel));
}

eav_status eav_audio_set_stream_delay_ms(eav_audio_processor* apm, int delay_ms) {
  if (!apm) return report(edgeav::Status::invalid("eav_audio_set_stream_delay_ms: null processor"));
  return report(apm->impl->set_stream_delay_ms(delay_ms));
}

void eav_audio_get_stats(const eav_audio_processor* apm, eav_audio_stats* stats) {
  if (!apm || !stats) return;
  const edgeav::audio::ProcessorStats s = apm->impl->stats();
  *stats = eav_audio_stats{s.delay_ms, s.erle_db, s.speech_probability, s.gain_db};
}

void eav_audio_reset(eav_audio_processor* apm) {
  if (apm) apm->impl->reset();
}

void eav_audio_destroy(eav_audio_processor* apm) { delete apm; }

struct eav_volume_eq {
  std::unique_ptr<edgeav::audio::VolumeEqualizer> impl;
};

void eav_volume_eq_config_default(eav_volume_eq_config* config) {
  if (!config) return;
  const edgeav::audio::VolumeEqualizerConfig d;
  *config = eav_volume_eq_config{d.sample_rate, d.channels, d.target_lufs};
}

eav_status eav_volume_eq_create(const eav_volume_eq_config* config, eav_volume_eq** veq) {
  if (!config || !veq) return report(edgeav::Status::invalid("eav_volume_eq_create: null argument"));
  *veq = nullptr;
  edgeav::audio::VolumeEqualizerConfig c;
  c.sample_rate = config->sample_rate, c.channels = config->channels, c.target_lufs = config->target_lufs;
  std::unique_ptr<edgeav::audio::VolumeEqualizer> impl;
  const edgeav::Status s = edgeav::audio::VolumeEqualizer::create(c, &impl);
  if (s.ok()) *veq = new eav_volume_eq{std::move(impl)};
  return report(s);
}

int eav_volume_eq_frame_size(const eav_volume_eq* veq) { return veq ? veq->impl->frame_size() : 0; }

eav_status eav_volume_eq_process(eav_volume_eq* veq, const float* in, float* out, int samples_per_channel) {
  if (!veq) return report(edgeav::Status::invalid("eav_volume_eq_process: null equalizer"));
  return report(veq->impl->process(in, out, samples_per_channel));
}

eav_status eav_volume_eq_process_s16(eav_volume_eq* veq, const int16_t* in, int16_t* out, int samples_per_channel) {
  if (!veq) return report(edgeav::Status::invalid("eav_volume_eq_process_s16: null equalizer"));
  return report(veq->impl->process(in, out, samples_per_channel));
}

float eav_volume_eq_gain_db(const eav_volume_eq* veq) { return veq ? veq->impl->gain_db() : 0.0f; }
float eav_volume_eq_loudness_lufs(const eav_volume_eq* veq) { return veq ? veq->impl->loudness_lufs() : -70.0f; }

void eav_volume_eq_reset(eav_volume_eq* veq) {
  if (veq) veq->impl->reset();
}

void eav_volume_eq_destroy(eav_volume_eq* veq) { delete veq; }

}  // extern "C"
