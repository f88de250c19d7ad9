// The real-time H.264 encoder (Constrained Baseline, CAVLC, one reference
// frame, no B-frames, no lookahead): one call encodes one frame into one
// access unit, on the calling thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/image.h"
#include "base/status.h"

namespace edgeav {
namespace h264 {

enum class RateControl : uint8_t { kCbr, kVbr, kCqp };
enum class Speed : uint8_t { kFastest, kFast, kDefault, kSlow, kBest };
// Constrained Baseline (CAVLC) or Constrained High (CABAC; Professional).
enum class Profile : uint8_t { kBaseline, kHigh };

// The smallest slice-size cap: a macroblock never codes larger than its I_PCM
// samples (392 bytes with its syntax), so one always fits with the slice header.
constexpr int kMinSliceBytes = 500;

struct EncoderConfig {
  int width = 0, height = 0;  // even, 16..4096 x 16..2304
  double fps = 30.0;
  int bitrate_kbps = 1000;    // CBR target, VBR average
  int max_bitrate_kbps = 0;   // VBR cap (0: 1.5 x bitrate)
  RateControl rc = RateControl::kCbr;
  int qp = 26;                // constant QP (kCqp), 0..51
  Speed speed = Speed::kDefault;
  Profile profile = Profile::kBaseline;
  int keyint = 0;             // frames between IDRs; 0: only the first
  bool intra_refresh = false; // a moving column of intra macroblocks instead of periodic IDRs
  int vbv_ms = 0;             // leaky-bucket size in ms (0: 1000 for CBR, 2000 for VBR)
  int max_frame_bytes = 0;    // hard cap on any frame (0: none besides the VBV)
  int max_slice_bytes = 0;    // RTP: every slice NAL unit within this many bytes (0: one slice per frame)
  int temporal_layers = 1;    // 1..3: the dyadic pattern (L1T3: 0,2,1,2); Professional
  bool ltr = false;           // long-term references for loss recovery; Professional
  int ltr_interval = 0;       // frames between LTR marks (0: half a second)
  int min_qp = 10, max_qp = 51;
  bool full_range = false, bt709 = true;  // signalled in the VUI
};

struct EncodedFrame {
  const uint8_t* data = nullptr;  // Annex B access unit (valid until the next encode)
  size_t size = 0;
  bool keyframe = false;
  char type = 'P';                // 'I' (IDR) or 'P'
  double average_qp = 0;
  int64_t index = 0;              // frame number since creation
  int temporal_id = 0;            // its layer: a stream of layers <= k decodes on its own
  bool reference = true;          // another frame predicts from it (nal_ref_idc != 0)
  bool ltr = false;               // marked long-term: acknowledge_ltr(index) once the receiver has it
  bool recovery = false;          // predicts from the newest acknowledged LTR only
};

class EncoderImpl;

class Encoder {
 public:
  static Status create(const EncoderConfig& config, std::unique_ptr<Encoder>* out);
  ~Encoder();

  // frame: I420 or NV12 of exactly the configured size. roi: per-macroblock QP
  // offsets (ceil(h/16) rows of ceil(w/16), row stride roi_stride) or null.
  Status encode(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe, EncodedFrame* out);
  // The same, writing the access unit into `sink` (cleared first; its capacity is
  // kept), so a binding can hand the bytes on without copying them.
  Status encode_into(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe,
                     std::vector<uint8_t>* sink, EncodedFrame* out);
  // Takes effect on the next frame, without an IDR. Zero keeps a value.
  Status reconfigure(int bitrate_kbps, double fps);
  // The last frame as the decoder reconstructs it, into an I420 image of the configured size.
  Status recon(const Image& dst) const;
  const EncoderConfig& config() const;
  // LTR feedback: the receiver holds the frame of this index (returns whether it is
  // still an LTR here); after a loss, the next frame predicts from the newest
  // acknowledged LTR only (an IDR if there is none, or if LTR is off).
  bool acknowledge_ltr(int64_t index);
  void request_recovery();

 private:
  explicit Encoder(std::unique_ptr<EncoderImpl> impl);
  std::unique_ptr<EncoderImpl> impl_;
};

}  // namespace h264
}  // namespace edgeav
