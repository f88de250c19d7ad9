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
  int keyint = 0;             // frames between IDRs; 0: only the first
  bool intra_refresh = false; // a moving column of intra macroblocks instead of periodic IDRs
  int vbv_ms = 0;             // leaky-bucket size in ms (0: 1000 for CBR, 2000 for VBR)
  int max_frame_bytes = 0;    // hard cap on any frame (0: none besides the VBV)
  int max_slice_bytes = 0;    // RTP: every slice NAL unit within this many bytes (0: one slice per frame)
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

 private:
  explicit Encoder(std::unique_ptr<EncoderImpl> impl);
  std::unique_ptr<EncoderImpl> impl_;
};

}  // namespace h264
}  // namespace edgeav
