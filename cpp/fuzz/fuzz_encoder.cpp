// libFuzzer harness: the H.264 encoder through the C API. A random
// configuration (size up to 128x96, rate control including CQP at any QP,
// preset, GOP, VBV, QP limits, RTP slice limits, temporal layers, LTR and its
// interval; sometimes invalid), then a random sequence of encodes (I420 or NV12
// content of several kinds, random strides, ROI maps with random strides and
// offsets, forced keyframes), reconfigures, reconstructions, LTR
// acknowledgements (of marked frames and of any index) and recovery requests.
// Frames, ROI maps and recon images own exactly the memory their declarations
// imply (fuzz_image.h). Checks the packets' basic contract and slice sizes, and
// against a model of the documented structure (Stream below): which frames are
// IDRs, the temporal pattern, reference and LTR flags, what ack_ltr returns and
// what a recovery request gives. Since the I_PCM fallback bounds every
// macroblock, "encoder output buffer overflow" counts as a failure too.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "fuzz_image.h"

namespace {

using fuzz::fail;

int pick_int(FuzzedDataProvider& fdp, int lo, int hi, int def) {
  switch (fdp.ConsumeIntegralInRange(0, 7)) {
    case 0: case 1: case 2: return def;
    case 7: return fdp.ConsumeIntegral<int>();
    case 6: return fdp.ConsumeBool() ? lo - 1 : hi + 1;
    default: return fdp.ConsumeIntegralInRange(lo, hi);
  }
}

double pick_fps(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange(0, 7)) {
    case 0: case 1: case 2: return 30.0;
    case 3: return 1.0 + 239.0 * fdp.ConsumeProbability<double>();
    case 4: return fdp.ConsumeIntegralInRange(1, 240);
    case 5: return fdp.ConsumeBool() ? std::nan("") : std::numeric_limits<double>::infinity();
    case 6: return fdp.ConsumeBool() ? 0.999 : 240.5;
    default: return fdp.ConsumeFloatingPoint<double>();
  }
}

void configure(FuzzedDataProvider& fdp, eav_h264_config* c) {
  eav_h264_config_default(c);
  switch (fdp.ConsumeIntegralInRange(0, 15)) {
    case 15:  // anything, mostly invalid
      c->width = fdp.ConsumeIntegralInRange(-2, 140), c->height = fdp.ConsumeIntegralInRange(-2, 110);
      break;
    case 12: case 13: case 14:  // up to 128x96
      c->width = 2 * fdp.ConsumeIntegralInRange(8, 64), c->height = 2 * fdp.ConsumeIntegralInRange(8, 48);
      break;
    case 9: case 10: case 11:  // whole macroblocks: the encoder reads the caller's planes in place
      c->width = 16 * fdp.ConsumeIntegralInRange(1, 6), c->height = 16 * fdp.ConsumeIntegralInRange(1, 4);
      break;
    default:  // small, to keep the executions per second up
      c->width = 2 * fdp.ConsumeIntegralInRange(8, 24), c->height = 2 * fdp.ConsumeIntegralInRange(8, 24);
      break;
  }
  c->rc = static_cast<eav_rate_control>(fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 2)
                                                                           : fdp.ConsumeIntegralInRange(-1, 3));
  c->qp = fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 51) : fdp.ConsumeIntegralInRange(-2, 53);
  c->speed = static_cast<eav_speed>(fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 4)
                                                                       : fdp.ConsumeIntegralInRange(-1, 5));
  c->fps = pick_fps(fdp);
  c->bitrate_kbps = pick_int(fdp, 10, 200000, fdp.ConsumeIntegralInRange(10, 3000));
  c->max_bitrate_kbps = fdp.ConsumeIntegralInRange(0, 3) ? 0 : pick_int(fdp, 10, 400000, 0);  // below bitrate too
  c->keyint = pick_int(fdp, 0, 12, 0);
  c->intra_refresh = fdp.ConsumeIntegralInRange(0, 3) == 0;
  c->vbv_ms = pick_int(fdp, 0, 10000, 0);
  c->max_frame_bytes = pick_int(fdp, 0, 20000, 0);
  if (fdp.ConsumeIntegralInRange(0, 3) == 0) {
    c->min_qp = fdp.ConsumeIntegralInRange(-1, 52);
    c->max_qp = fdp.ConsumeIntegralInRange(-1, 52);
  }
  switch (fdp.ConsumeIntegralInRange(0, 7)) {  // RTP slices: small limits make several per frame
    case 5: case 6: c->max_slice_bytes = fdp.ConsumeIntegralInRange(500, 1500); break;
    case 7: c->max_slice_bytes = pick_int(fdp, 500, 65535, 499); break;
    default: c->max_slice_bytes = 0; break;
  }
  c->full_range = fdp.ConsumeBool();
  c->matrix = static_cast<eav_matrix>(fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 1)
                                                                        : fdp.ConsumeIntegral<int8_t>());
  switch (fdp.ConsumeIntegralInRange(0, 15)) {  // 1..3; 0, 4 and any int must be refused
    case 15: c->temporal_layers = fdp.ConsumeIntegral<int>(); break;
    case 14: c->temporal_layers = fdp.ConsumeBool() ? 0 : 4; break;
    default: c->temporal_layers = fdp.ConsumeIntegralInRange(1, 3); break;
  }
  c->ltr = fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeBool() : fdp.ConsumeIntegral<int>();  // any non-zero is on
  switch (fdp.ConsumeIntegralInRange(0, 7)) {  // short intervals, so that a few frames see several marks
    case 0: c->ltr_interval = 0; break;        // half a second
    case 7: c->ltr_interval = pick_int(fdp, 1, 10000, 10000); break;
    default: c->ltr_interval = fdp.ConsumeIntegralInRange(1, 6); break;
  }
}

// What the documented contract lets a caller predict from the outside: the
// frames that must be IDRs, the temporal pattern (0,1 or 0,2,1,2, starting
// again at each IDR, recovery frame and scene cut the encoder codes as a new
// layer-0 frame instead of an upper-layer one), and the LTRs held: the IDR
// (ltr on) and periodic layer-0 P frames, in two slots, the newest acknowledged
// one never overwritten (else the older one goes). Kept apart from the
// encoder's own ReferenceStructure, so that the two can disagree.
struct Stream {
  struct Ltr {
    int64_t index;
    bool acked;
  };
  int layers = 1, keyint = 0, ltr_interval = 1;
  bool ltr = false, intra_refresh = false;
  int position = 0;                          // in the temporal pattern
  int64_t last_idr = 0, last_mark = 0;       // frame indices
  std::vector<Ltr> held;                     // at most two
  std::vector<int64_t> marked;               // every frame marked so far, for acknowledgements that can hit
  bool recovery_requested = false;           // since the last frame

  explicit Stream(const eav_h264_config& c)
      : layers(c.temporal_layers), keyint(c.keyint), ltr_interval(c.ltr_interval), ltr(c.ltr != 0),
        intra_refresh(c.intra_refresh != 0) {
    if (!ltr_interval) ltr_interval = std::max(1, static_cast<int>(std::lround(c.fps / 2)));  // creation's fps
  }
  bool acked_held() const {
    for (const Ltr& l : held) if (l.acked) return true;
    return false;
  }
  int expected_temporal_id() const {
    if (layers == 2) return position & 1;
    if (layers == 3) return (position & 1) ? 2 : (position & 2) ? 1 : 0;
    return 0;
  }
  // ack_ltr's answer: 1 exactly for a held LTR (which is then acknowledged).
  void ack(int64_t index, int answer) {
    bool found = false;
    for (Ltr& l : held) if (l.index == index) l.acked = found = true;
    if (answer != (found ? 1 : 0)) {
      std::fprintf(stderr, "ack_ltr(%lld) returned %d\n", static_cast<long long>(index), answer);
      fail(found ? "ack_ltr refused a frame held as an LTR" : "ack_ltr accepted a frame not held as an LTR");
    }
  }
  void check(const eav_packet& p, bool forced) {
    const int64_t i = p.index;
    const bool periodic = keyint > 0 && !intra_refresh && i - last_idr >= keyint;
    const bool needs_idr = recovery_requested && !acked_held();
    if (p.keyframe != (i == 0 || forced || periodic || needs_idr))
      fail(p.keyframe ? "an IDR nobody asked for (not first, forced, periodic, or a recovery without an acked LTR)"
                      : "no IDR where one is due (first, forced, periodic, or a recovery without an acked LTR)");
    if (p.recovery && p.keyframe) fail("a recovery frame that is a keyframe");
    if (p.recovery && !recovery_requested) fail("a recovery frame without a request");
    if (recovery_requested && !p.keyframe && !p.recovery) fail("a request followed by neither recovery frame nor IDR");
    if (p.keyframe || p.recovery || p.temporal_id == 0) position = 0;  // layer 0 off the pattern: a scene cut
    if (p.temporal_id < 0 || p.temporal_id >= layers) fail("temporal_id outside 0..temporal_layers-1");
    if (p.temporal_id != expected_temporal_id()) fail("temporal_id does not follow the pattern");
    if ((p.reference != 0) != (layers == 1 || p.temporal_id < layers - 1))
      fail("reference is not 0 exactly for the top layer");
    if (p.ltr && !ltr) fail("an LTR frame with ltr off");
    if (p.keyframe && ltr && !p.ltr) fail("an IDR not marked long-term with ltr on");
    if (p.ltr && !p.keyframe) {
      if (p.temporal_id != 0 || p.recovery) fail("an LTR mark on a frame above layer 0 or on a recovery frame");
      if (i - last_mark < ltr_interval) fail("LTR marks closer than ltr_interval frames");
    }
    if (p.keyframe) held.clear(), last_idr = last_mark = i;
    if (p.ltr) {
      if (held.size() == 2) {  // the slot that goes: not the newest acknowledged one, else the older one
        int keep = -1;
        for (int k = 0; k < 2; k++)
          if (held[k].acked && (keep < 0 || held[k].index > held[keep].index)) keep = k;
        const int older = held[0].index < held[1].index ? 0 : 1;
        held.erase(held.begin() + (keep >= 0 ? 1 - keep : older));
      }
      held.push_back({i, false});
      marked.push_back(i);
      last_mark = i;
    }
    position = (position + 1) % (1 << (layers - 1));
    recovery_requested = false;
  }
};

// A ROI map of (height+15)/16 rows of (width+15)/16 offsets at a random stride
// (overlapping rows, bottom-up, padded), owning exactly what it declares.
struct RoiMap {
  std::unique_ptr<int8_t[]> owned;
  const int8_t* map = nullptr;
  ptrdiff_t stride = 0;

  void declare(FuzzedDataProvider& fdp, int width, int height) {
    const int64_t cols = (width + 15) / 16, rows = (height + 15) / 16;
    switch (fdp.ConsumeIntegralInRange(0, 7)) {
      case 5: stride = cols + fdp.ConsumeIntegralInRange(1, 9); break;
      case 6: stride = fdp.ConsumeIntegralInRange<int64_t>(0, cols - 1); break;
      case 7: stride = -(cols + fdp.ConsumeIntegralInRange(0, 3)); break;
      default: stride = cols; break;
    }
    const int64_t step = stride < 0 ? -stride : stride;
    const size_t bytes = static_cast<size_t>((rows - 1) * step + cols);
    owned.reset(new int8_t[bytes]);
    const int style = fdp.ConsumeIntegralInRange(0, 7);
    fuzz::Rng rng(fdp.ConsumeIntegral<uint64_t>());
    for (size_t i = 0; i < bytes; i++) {
      const int r = static_cast<int>(rng.next() >> 40);
      switch (style) {
        case 0: owned[i] = static_cast<int8_t>(r % 103 - 51); break;           // any valid offset
        case 1: owned[i] = static_cast<int8_t>(i % 3 ? -51 : 51); break;                // the extremes
        case 2: owned[i] = 0; break;
        case 3: owned[i] = static_cast<int8_t>(r % 13 - 6); break;
        case 4: owned[i] = static_cast<int8_t>(r); break;                      // out of range too
        default: owned[i] = static_cast<int8_t>(i % 7 == 0 ? -20 : 4); break;
      }
    }
    map = owned.get() + (stride < 0 ? (rows - 1) * step : 0);
  }
};

// Every slice NAL unit (types 1 and 5), without its start code, within max_slice_bytes.
void check_slices(const eav_packet& p, int max_slice_bytes) {
  auto start_code = [&](size_t i) { return i + 3 <= p.size && p.data[i] == 0 && p.data[i + 1] == 0 && p.data[i + 2] == 1; };
  size_t i = 0;
  while (i < p.size && !start_code(i)) i++;
  while (i < p.size) {
    const size_t begin = i + 3;
    size_t end = begin;
    while (end < p.size && !start_code(end)) end++;
    const size_t next = end;
    while (end > begin && p.data[end - 1] == 0) end--;  // a zero_byte belongs to the next start code
    if (end == begin) fail("an empty NAL unit");
    const int type = p.data[begin] & 0x1f;
    if ((type == 1 || type == 5) && end - begin > static_cast<size_t>(max_slice_bytes)) fail("a slice larger than max_slice_bytes");
    i = next;
  }
}

void check_packet(const eav_packet& p, int64_t index, bool forced, int max_slice_bytes, Stream* stream) {
  if (!p.data || p.size < 5) fail("an empty packet");
  if (p.data[0] != 0 || p.data[1] != 0 || !(p.data[2] == 1 || (p.data[2] == 0 && p.data[3] == 1)))
    fail("a packet that does not start with an Annex B start code");
  if (max_slice_bytes) check_slices(p, max_slice_bytes);
  if (p.frame_type != 'I' && p.frame_type != 'P') fail("a frame type other than I and P");
  if ((p.frame_type == 'I') != (p.keyframe != 0)) fail("keyframe and frame type disagree");
  if (p.index != index) fail("packet index does not count the frames");
  if (index == 0 && !p.keyframe) fail("the first frame is not a keyframe");
  if (forced && !p.keyframe) fail("a forced keyframe is not a keyframe");
  if (!(p.qp >= 0 && p.qp <= 51)) fail("average QP outside 0..51");
  stream->check(p, forced);
}

void check_error(eav_status s) {
  if (!eav_last_error()[0]) fail("an error status without a message");
  if (s == EAV_ERR_INVALID_ARGUMENT) return;
  std::fprintf(stderr, "status %d: %s\n", static_cast<int>(s), eav_last_error());
  fail("an encoder call returned an unexpected status");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  fuzz::pick_cpu_mask(fdp);
  eav_h264_config config;
  configure(fdp, &config);
  eav_h264_encoder* enc = reinterpret_cast<eav_h264_encoder*>(&config);  // must be overwritten
  const eav_status created = eav_h264_create(&config, &enc);
  if (created != EAV_OK) {
    check_error(created);
    if (enc) fail("a failed create left an encoder pointer");
    return 0;
  }
  if (config.temporal_layers < 1 || config.temporal_layers > 3) fail("create accepted temporal_layers outside 1..3");
  if (config.ltr_interval < 0 || config.ltr_interval > 10000) fail("create accepted ltr_interval outside 0..10000");
  Stream stream(config);
  int64_t encoded = 0;
  const int ops = fdp.ConsumeIntegralInRange(1, 16);  // room for a few marks, acks and recoveries
  for (int i = 0; i < ops; i++) {
    const int op = fdp.ConsumeIntegralInRange(0, 12);
    if (op <= 6) {
      int w = config.width, h = config.height, format = fdp.ConsumeIntegralInRange(0, 3) ? EAV_FORMAT_I420 : EAV_FORMAT_NV12;
      if (fdp.ConsumeIntegralInRange(0, 31) == 0) fuzz::pick_size(fdp, &w, &h);
      if (fdp.ConsumeIntegralInRange(0, 31) == 0) format = fuzz::pick_format(fdp);
      fuzz::Image frame;
      frame.declare(fdp, format, w, h, /*strides=*/fdp.ConsumeIntegralInRange(0, 3) == 0, /*nulls=*/true);
      RoiMap roi;
      if (fdp.ConsumeBool()) roi.declare(fdp, config.width, config.height);
      const bool force = fdp.ConsumeIntegralInRange(0, 5) == 0;
      eav_packet packet;
      std::memset(&packet, 0, sizeof packet);
      const eav_status s = eav_h264_encode(enc, &frame.im, roi.map, roi.stride, force, &packet);
      if (s == EAV_OK) {
        check_packet(packet, encoded++, force, config.max_slice_bytes, &stream);
      } else {
        check_error(s);
      }
    } else if (op == 7) {
      const int bitrate = fdp.ConsumeBool() ? 0 : pick_int(fdp, 10, 200000, 500);
      const double fps = fdp.ConsumeBool() ? 0.0 : pick_fps(fdp);
      const eav_status s = eav_h264_reconfigure(enc, bitrate, fps);
      if (s != EAV_OK) check_error(s);
    } else if (op == 8) {
      fuzz::Image recon;
      int w = config.width, h = config.height;
      if (fdp.ConsumeIntegralInRange(0, 15) == 0) fuzz::pick_size(fdp, &w, &h);
      recon.declare(fdp, fdp.ConsumeIntegralInRange(0, 15) ? EAV_FORMAT_I420 : fuzz::pick_format(fdp), w, h);
      const eav_status s = eav_h264_recon(enc, &recon.im);
      if (s != EAV_OK) check_error(s);
      if (s == EAV_OK && encoded == 0) fail("recon before any frame succeeded");
    } else if (op == 9) {
      // A forced IDR of the configured size at tight strides.
      fuzz::Image frame;
      frame.declare(fdp, EAV_FORMAT_I420, config.width, config.height, false, false);
      eav_packet packet;
      const eav_status s = eav_h264_encode(enc, &frame.im, nullptr, 0, 1, &packet);
      if (s == EAV_OK) {
        check_packet(packet, encoded++, true, config.max_slice_bytes, &stream);
      } else {
        check_error(s);
      }
    } else if (op == 10 || op == 11) {
      // Feedback: an LTR the receiver got (maybe overwritten since), or any index at all.
      int64_t index;
      switch (fdp.ConsumeIntegralInRange(0, 3)) {
        case 0: case 1: {
          const std::vector<int64_t>& m = stream.marked;
          index = m.empty() ? 0 : m[fdp.ConsumeIntegralInRange<size_t>(0, m.size() - 1)];
          break;
        }
        case 2: index = fdp.ConsumeIntegralInRange<int64_t>(-1, encoded); break;
        default: index = fdp.ConsumeIntegral<int64_t>(); break;
      }
      stream.ack(index, eav_h264_ack_ltr(enc, index));
      if (op == 11) eav_h264_request_recovery(enc), stream.recovery_requested = true;  // a loss after the ack
    } else {
      eav_h264_request_recovery(enc);  // sometimes twice, sometimes before the first frame
      stream.recovery_requested = true;
    }
  }
  eav_h264_destroy(enc);
  return 0;
}
