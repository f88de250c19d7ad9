/* edgeav: on-device media SDK. Stable C API.
 *
 * Conventions: every call returns an eav_status; on failure eav_last_error()
 * gives a message for the calling thread. Images are views: the caller owns
 * the memory, edgeav never keeps a pointer past the call. No C++ types cross
 * this boundary. */
#ifndef EDGEAV_EDGEAV_H
#define EDGEAV_EDGEAV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
/* PE has no ELF visibility (MinGW GCC warns about it): a DLL build exports the
 * API, a static library needs no decoration. */
#if defined(EDGEAV_SHARED)
#define EAV_API __declspec(dllexport)
#else
#define EAV_API
#endif
#elif defined(__GNUC__)
#define EAV_API __attribute__((visibility("default")))
#else
#define EAV_API
#endif

/* In C++ these enums get int as their fixed underlying type: whatever int a C
 * caller stores in one is then a value of the type, for the library to refuse.
 * (Without it C++ only has the values of the enumerators' bit range, and
 * loading -1 from an eav_pixel_format is undefined behaviour.) */
#ifdef __cplusplus
#define EAV_ENUM(name) enum name : int
#else
#define EAV_ENUM(name) enum name
#endif

typedef EAV_ENUM(eav_status) {
  EAV_OK = 0,
  EAV_ERR_INVALID_ARGUMENT = 1, /* bad pointer, size, stride, format or value */
  EAV_ERR_UNSUPPORTED = 2,      /* a valid request this build cannot serve */
  EAV_ERR_INTERNAL = 3,
  EAV_ERR_LICENSE_INVALID = 10,       /* bad format or signature, or a key this build does not trust */
  EAV_ERR_LICENSE_EXPIRED = 11,
  EAV_ERR_LICENSE_NOT_YET_VALID = 12,
  EAV_ERR_APP_ID_MISMATCH = 13,
  EAV_ERR_FEATURE_NOT_LICENSED = 14,  /* the message names the feature and the edition it needs */
  EAV_ERR_EVALUATION_LIMIT = 15       /* evaluation mode: this object has processed 10 minutes of media */
} eav_status;

typedef EAV_ENUM(eav_pixel_format) {
  EAV_FORMAT_I420 = 0,  /* planar Y, U, V; chroma halved both ways */
  EAV_FORMAT_NV12 = 1,  /* planar Y, interleaved UV; chroma halved both ways */
  EAV_FORMAT_RGB24 = 2, /* interleaved R, G, B */
  EAV_FORMAT_BGR24 = 3,
  EAV_FORMAT_RGBA = 4,  /* alpha ignored on input, 255 on output */
  EAV_FORMAT_BGRA = 5,
  EAV_FORMAT_GRAY8 = 6  /* one 8-bit plane (e.g. luma alone) */
} eav_pixel_format;

typedef EAV_ENUM(eav_matrix) { EAV_MATRIX_BT601 = 0, EAV_MATRIX_BT709 = 1 } eav_matrix;

/* A view of an image. Planes: I420 uses data[0..2] (Y, U, V), NV12 data[0..1]
 * (Y, UV), packed RGB and GRAY8 data[0]. Strides are in bytes and must cover a row. */
typedef struct eav_image {
  eav_pixel_format format;
  int width;
  int height;
  uint8_t* data[3];
  ptrdiff_t stride[3];
} eav_image;

/* CPU feature bits, as returned by eav_cpu_detected and taken by eav_set_cpu_mask. */
#define EAV_CPU_SSE2 (1u << 0)
#define EAV_CPU_SSSE3 (1u << 1)
#define EAV_CPU_SSE41 (1u << 2)
#define EAV_CPU_AVX2 (1u << 3)
#define EAV_CPU_FMA (1u << 4)
#define EAV_CPU_NEON (1u << 8)

EAV_API const char* eav_version(void);
EAV_API const char* eav_last_error(void);

EAV_API uint32_t eav_cpu_detected(void);
/* Restricts the SIMD paths of the calls that start from now on (tests,
 * benchmarks). Safe at any time: a call already running in another thread
 * keeps the paths it started with. */
EAV_API void eav_set_cpu_mask(uint32_t mask);
EAV_API uint32_t eav_cpu_flags(void);

/* Converts between any of: RGB24/BGR24/RGBA/BGRA <-> I420/NV12, I420 <-> NV12,
 * and a format to itself (a copy). Sizes of src and dst must match; 4:2:0
 * formats need even width and height. Chroma is the average of each 2x2 block. */
EAV_API eav_status eav_convert(const eav_image* src, const eav_image* dst, eav_matrix matrix, int full_range);

/* Halves a plane in both directions with a 2x2 box filter; dst is
 * ((width+1)/2) x ((height+1)/2), odd edges replicate the last pixel. */
EAV_API eav_status eav_downscale2_plane(const uint8_t* src, ptrdiff_t src_stride, int width, int height,
                                        uint8_t* dst, ptrdiff_t dst_stride);

/* Licensing. Without a license the SDK runs in evaluation mode. A license
 * token (EAV1.<payload>.<signature>) is activated for the app's id (Android
 * package name or iOS bundle id); `now` is Unix seconds (0: the system clock).
 * Editions per product: 0 none, 1 standard, 2 professional, 3 premium. */
typedef struct eav_license_info {
  int licensed; /* 0: evaluation mode */
  char license_id[64];
  char licensee[128];
  int edition_video, edition_audio, edition_enhance;
  int64_t not_before, expires;
} eav_license_info;

EAV_API eav_status eav_license_activate(const char* token, const char* app_id, int64_t now, eav_license_info* info);
EAV_API void eav_license_status(eav_license_info* info);
EAV_API void eav_license_deactivate(void);
/* EAV_OK when the current license (or evaluation mode) allows `feature`, a name of the
 * edition table ("video_encoder", "aec", "super_resolution_professional", ...);
 * EAV_ERR_FEATURE_NOT_LICENSED names the edition it needs. */
EAV_API eav_status eav_license_require(const char* feature);

/* Super-resolution. Upscales I420, NV12, GRAY8 and packed RGB frames by 1.0
 * to 4.0 per axis; one object per stream, not to be used from two threads at
 * once. Standard mode: edge-adaptive learned filters. Professional mode
 * ("super_resolution_professional"): a network then refines luma (each RGB
 * channel), restoring texture the filters cannot. */
typedef EAV_ENUM(eav_sr_mode) { EAV_SR_STANDARD = 0, EAV_SR_PROFESSIONAL = 1 } eav_sr_mode;
typedef struct eav_sr eav_sr;
typedef struct eav_sr_config {
  double scale;         /* output/input, used when out_width and out_height are 0 */
  int out_width;        /* or a fixed output size */
  int out_height;
  double sharpness;     /* 0..2, 1 = as trained */
  double brightness;    /* applied to the output as FFmpeg's eq: -1..1, default 0 */
  double contrast;      /* -1000..1000, default 1 */
  double saturation;    /* 0..3, default 1 */
  double fps;           /* the stream's frame rate, which measures the evaluation limit; default 30 */
  eav_sr_mode mode;     /* default EAV_SR_STANDARD */
} eav_sr_config;

EAV_API void eav_sr_config_default(eav_sr_config* config);
EAV_API eav_status eav_sr_create(const eav_sr_config* config, eav_sr** sr);
EAV_API eav_status eav_sr_output_size(const eav_sr* sr, eav_pixel_format format, int width, int height,
                                      int* out_width, int* out_height);
/* dst must have the size eav_sr_output_size gives and the format of src. */
EAV_API eav_status eav_sr_process(eav_sr* sr, const eav_image* src, const eav_image* dst);
EAV_API void eav_sr_destroy(eav_sr* sr);

/* AI quality enhancement ("ai_enhancement"): removes the blocking, ringing and
 * mosquito noise of low-rate H.264 from decoded I420, NV12 or GRAY8 frames
 * (luma refined by a network, chroma passed through). strength 0..2 (1 = as
 * trained); fps measures the evaluation limit. src and dst have the same
 * format and size; src may be dst. One object per stream and thread. */
typedef struct eav_enhancer eav_enhancer;
EAV_API eav_status eav_enhancer_create(double strength, double fps, eav_enhancer** enhancer);
EAV_API eav_status eav_enhancer_process(eav_enhancer* enhancer, const eav_image* src, const eav_image* dst);
EAV_API void eav_enhancer_destroy(eav_enhancer* enhancer);

/* Motion-compensated frame interpolation ("frame_interpolation"): the frame
 * at time t in (0, 1) between prev (t = 0) and next (t = 1), e.g. to double
 * 30 fps to 60 fps. prev, next and dst are I420, NV12 or GRAY8 frames of one
 * format and size; dst shares no memory with prev or next. fps (the stream's
 * frame rate, 0..1000) measures the evaluation limit. One object per stream
 * and thread. */
typedef struct eav_interpolator eav_interpolator;
EAV_API eav_status eav_interpolator_create(double fps, eav_interpolator** interpolator);
EAV_API eav_status eav_interpolator_process(eav_interpolator* interpolator, const eav_image* prev,
                                            const eav_image* next, double t, const eav_image* dst);
EAV_API void eav_interpolator_destroy(eav_interpolator* interpolator);

/* Brightness, contrast, saturation with FFmpeg eq's semantics (and ranges) on
 * a GRAY8, I420 or NV12 frame; src may be dst. */
EAV_API eav_status eav_adjust(const eav_image* src, const eav_image* dst, double brightness, double contrast,
                              double saturation);

/* Real-time H.264 encoder: Constrained Baseline (CAVLC), one thread, no
 * B-frames, no lookahead; every call encodes one frame into one access unit.
 * One object per stream, not to be used from two threads at once. */
typedef struct eav_h264_encoder eav_h264_encoder;
typedef EAV_ENUM(eav_rate_control) { EAV_RC_CBR = 0, EAV_RC_VBR = 1, EAV_RC_CQP = 2 } eav_rate_control;
typedef EAV_ENUM(eav_speed) {
  EAV_SPEED_FASTEST = 0,
  EAV_SPEED_FAST = 1,
  EAV_SPEED_DEFAULT = 2,
  EAV_SPEED_SLOW = 3,
  EAV_SPEED_BEST = 4
} eav_speed;
/* Constrained Baseline (CAVLC), or Constrained High (CABAC, 8x8 transform; Professional). */
typedef EAV_ENUM(eav_h264_profile) { EAV_PROFILE_BASELINE = 0, EAV_PROFILE_HIGH = 1 } eav_h264_profile;
typedef struct eav_h264_config {
  int width, height;      /* even, 16x16 .. 4096x2304 */
  double fps;
  int bitrate_kbps;       /* CBR target, VBR average */
  int max_bitrate_kbps;   /* VBR cap; 0: 1.5 x bitrate */
  eav_rate_control rc;
  int qp;                 /* EAV_RC_CQP */
  eav_speed speed;
  int keyint;             /* frames between IDRs; 0: only the first */
  int intra_refresh;      /* a moving column of intra macroblocks instead of periodic IDRs */
  int vbv_ms;             /* leaky bucket in ms; 0: 1000 (CBR) or 2000 (VBR) */
  int max_frame_bytes;    /* 0: none */
  int min_qp, max_qp;
  int full_range;         /* signalled in the stream's VUI */
  eav_matrix matrix;
  int max_slice_bytes;    /* RTP (RFC 6184 single NAL unit mode): every slice NAL unit, without its
                             start code, within this many bytes (500..65535); 0: one slice per frame */
  int temporal_layers;    /* 1..3 (Professional above 1): the dyadic pattern, L1T3 = 0,2,1,2 */
  int ltr;                /* long-term references for loss recovery (Professional) */
  int ltr_interval;       /* frames between LTR marks; 0: half a second */
  eav_h264_profile profile;
} eav_h264_config;
typedef struct eav_packet {
  const uint8_t* data;    /* Annex B access unit, valid until the next call on the encoder */
  size_t size;
  int keyframe;
  char frame_type;        /* 'I' or 'P' */
  double qp;              /* average over the macroblocks */
  int64_t index;
  int temporal_id;        /* the packets of layers <= k decode on their own */
  int reference;          /* 0: no frame predicts from it (droppable) */
  int ltr;                /* marked long-term: eav_h264_ack_ltr(index) once the receiver has it */
  int recovery;           /* predicts only from the newest acknowledged LTR */
} eav_packet;

EAV_API void eav_h264_config_default(eav_h264_config* config);
EAV_API eav_status eav_h264_create(const eav_h264_config* config, eav_h264_encoder** encoder);
/* frame: I420 or NV12 of the configured size. roi: null, or per-macroblock QP
 * offsets (-51..51), (height+15)/16 rows of (width+15)/16, rows roi_stride apart. */
EAV_API eav_status eav_h264_encode(eav_h264_encoder* encoder, const eav_image* frame, const int8_t* roi,
                                   ptrdiff_t roi_stride, int force_keyframe, eav_packet* packet);
/* From the next frame on, without an IDR; 0 keeps a value. */
EAV_API eav_status eav_h264_reconfigure(eav_h264_encoder* encoder, int bitrate_kbps, double fps);
/* The last frame as decoders reconstruct it, into an I420 image of the configured size. */
EAV_API eav_status eav_h264_recon(const eav_h264_encoder* encoder, const eav_image* dst);
/* LTR feedback: the receiver holds the frame of this packet index; returns 1 when it
 * is still a long-term reference here. */
EAV_API int eav_h264_ack_ltr(eav_h264_encoder* encoder, int64_t index);
/* After a loss: the next frame predicts only from the newest acknowledged LTR
 * (an IDR when there is none). */
EAV_API void eav_h264_request_recovery(eav_h264_encoder* encoder);
EAV_API void eav_h264_destroy(eav_h264_encoder* encoder);

/* Audio 3A on 10 ms frames (WebRTC's conventions): the far end (what the
 * loudspeaker plays) goes to eav_audio_process_reverse, the microphone to
 * eav_audio_process, which runs AEC -> ANS -> AGC. Frames hold sample_rate/100
 * samples per channel, interleaved; float samples are -1..1. Several channels
 * are averaged into one voice signal, written back to every channel. One
 * object per stream, not to be used from two threads at once. */
typedef struct eav_audio_processor eav_audio_processor;
typedef EAV_ENUM(eav_ans_level) {
  EAV_ANS_OFF = 0,
  EAV_ANS_LOW = 1,
  EAV_ANS_MODERATE = 2,
  EAV_ANS_HIGH = 3,
  EAV_ANS_VERY_HIGH = 4,
  /* AI noise reduction (Professional audio edition, else EAV_ERR_FEATURE_NOT_LICENSED
   * at create or configure): a small recurrent network instead of the noise tracker. */
  EAV_ANS_AI = 5
} eav_ans_level;
/* EAV_AEC_MUSIC (Professional audio edition, else EAV_ERR_FEATURE_NOT_LICENSED at
 * create or configure): the near end plays music (lessons, karaoke); sustained
 * tones are kept through echo suppression, noise suppression and AGC. */
typedef EAV_ENUM(eav_aec_mode) {
  EAV_AEC_SPEECH = 0,
  EAV_AEC_MUSIC = 1
} eav_aec_mode;
typedef struct eav_audio_config {
  int sample_rate;         /* 16000, 32000 or 48000 */
  int channels;            /* 1..8 */
  int aec;                 /* echo cancellation on/off */
  eav_ans_level ans;       /* noise suppression level, or EAV_ANS_OFF */
  int agc;                 /* gain control on/off */
  float agc_target_dbfs;   /* active speech level, -31..0 dBFS (RMS re full scale); default -18 */
  float agc_max_gain_db;   /* 0..60; default 30 */
  eav_aec_mode aec_mode;   /* default EAV_AEC_SPEECH */
} eav_audio_config;
typedef struct eav_audio_stats {
  float delay_ms;            /* echo delay the AEC estimated */
  float erle_db;             /* its echo return loss enhancement */
  float speech_probability;  /* of the last near-end frame */
  float gain_db;             /* the gain the AGC applied last */
} eav_audio_stats;

EAV_API void eav_audio_config_default(eav_audio_config* config);
EAV_API eav_status eav_audio_create(const eav_audio_config* config, eav_audio_processor** apm);
/* Switches stages on or off or changes the AGC settings (not the rate or channels). */
EAV_API eav_status eav_audio_configure(eav_audio_processor* apm, const eav_audio_config* config);
EAV_API int eav_audio_frame_size(const eav_audio_processor* apm);      /* samples per channel */
EAV_API int eav_audio_latency_samples(const eav_audio_processor* apm); /* output delay of the chain */
EAV_API eav_status eav_audio_process_reverse(eav_audio_processor* apm, const float* far, int samples_per_channel);
EAV_API eav_status eav_audio_process_reverse_s16(eav_audio_processor* apm, const int16_t* far,
                                                 int samples_per_channel);
/* out may be in. */
EAV_API eav_status eav_audio_process(eav_audio_processor* apm, const float* in, float* out, int samples_per_channel);
EAV_API eav_status eav_audio_process_s16(eav_audio_processor* apm, const int16_t* in, int16_t* out,
                                         int samples_per_channel);
/* Optional hint, 0..500 ms (else EAV_ERR_INVALID_ARGUMENT); the AEC finds the delay without one. */
EAV_API eav_status eav_audio_set_stream_delay_ms(eav_audio_processor* apm, int delay_ms);
EAV_API void eav_audio_get_stats(const eav_audio_processor* apm, eav_audio_stats* stats);
EAV_API void eav_audio_reset(eav_audio_processor* apm);
EAV_API void eav_audio_destroy(eav_audio_processor* apm);

/* Volume equalization of 10 ms playback frames (Professional audio edition):
 * talkers who arrive tens of dB apart leave at target_lufs (BS.1770 loudness of
 * their speech), with no added delay; the gain moves only on speech, pauses are
 * not lifted, and a limiter keeps every sample below full scale. Frames hold
 * sample_rate/100 samples per channel, interleaved; float samples are -1..1.
 * One object per stream, not to be used from two threads at once. */
typedef struct eav_volume_eq eav_volume_eq;
typedef struct eav_volume_eq_config {
  int sample_rate;   /* 16000, 32000 or 48000 */
  int channels;      /* 1..8 */
  float target_lufs; /* -40..-8; default -18 */
} eav_volume_eq_config;

EAV_API void eav_volume_eq_config_default(eav_volume_eq_config* config);
/* EAV_ERR_FEATURE_NOT_LICENSED below the Professional audio edition. */
EAV_API eav_status eav_volume_eq_create(const eav_volume_eq_config* config, eav_volume_eq** veq);
EAV_API int eav_volume_eq_frame_size(const eav_volume_eq* veq); /* samples per channel */
/* out may be in. */
EAV_API eav_status eav_volume_eq_process(eav_volume_eq* veq, const float* in, float* out, int samples_per_channel);
EAV_API eav_status eav_volume_eq_process_s16(eav_volume_eq* veq, const int16_t* in, int16_t* out,
                                             int samples_per_channel);
EAV_API float eav_volume_eq_gain_db(const eav_volume_eq* veq); /* the gain applied last */
/* The current talker's speech loudness before the gain; -70 until enough speech was heard. */
EAV_API float eav_volume_eq_loudness_lufs(const eav_volume_eq* veq);
EAV_API void eav_volume_eq_reset(eav_volume_eq* veq);
EAV_API void eav_volume_eq_destroy(eav_volume_eq* veq);

#ifdef __cplusplus
}
#endif
#endif
