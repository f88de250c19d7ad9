// The encoder's state and the steps of coding a frame, split across files
// as x264 splits encoder/: analyse (mode decision), motion_search, mb_encode
// (transform, quantisation, reconstruction), mb_write (syntax), deblock and
// ratecontrol. Everything is sized at creation; encoding a frame allocates nothing.
#pragma once
#include <climits>
#include <cstdint>
#include <vector>

#include "license/license.h"
#include "video/h264/bitwriter.h"
#include "video/h264/cabac.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/dsp/deblock_dsp.h"
#include "video/h264/dsp/mc_dsp.h"
#include "pixel/pixel_dsp.h"
#include "video/h264/dsp/predict_dsp.h"
#include "video/h264/encoder.h"
#include "video/h264/macroblock.h"
#include "video/h264/parameter_sets.h"
#include "video/h264/picture.h"
#include "video/h264/quant.h"
#include "video/h264/ratecontrol.h"
#include "video/h264/references.h"

namespace edgeav {
namespace h264 {

// The largest slice RBSP a frame of `mbs` macroblocks can give: the I_PCM fallback
// caps each macroblock at its samples plus mb_skip_run, mb_type and alignment
// (at most 32 + 9 + 7 bits), and the slice header stays under 64 bytes.
constexpr size_t max_slice_rbsp_bytes(int mbs) { return static_cast<size_t>(mbs) * (kPcmBytes + 7) + 64; }

// What each speed preset switches on.
struct PresetTools {
  bool intra4x4_in_p;   // try I4x4 in P frames
  bool intra4x4;        // I4x4 at all
  bool sub_partitions;  // 16x8, 8x16, 8x8
  bool rd_refine;       // final choice among the best candidates by real bits + SSD
  bool deblock;
  int subpel_iterations;     // hpel + qpel refinement rounds
  bool quarter_samples;      // refine to quarter samples (else half samples only)
  bool subpel_square;        // 8 neighbours per step (else the 4 of a diamond)
  bool satd_corners_pruned;  // a square step by SATD prices only the corners its cross points to
  bool half_sample_satd;     // half-sample costs by SATD (else SAD)
  bool quarter_sample_satd;  // quarter-sample costs by SATD (else SAD)
  bool fast_skip;            // probe for P-skip first only next to another skip
  bool intra_gate;           // look for intra in P frames only where inter prediction is poor
  int search_range;          // full samples around the best predictor
  bool hex_search;           // hexagon (else small diamond)
};
PresetTools preset_tools(Speed speed, Profile profile);

// The 6 x 5 window of 4x4-block motion data around the macroblock being coded:
// row -1 and column -1 are the neighbours, column 4 of row -1 the top-right.
struct MvCache {
  static constexpr int kNotAvailable = -2, kIntra = -1;
  Mv mv[5][6];
  int8_t ref[5][6];
  Mv& at(int x4, int y4) { return mv[y4 + 1][x4 + 1]; }
  int8_t& ref_at(int x4, int y4) { return ref[y4 + 1][x4 + 1]; }
};

class EncoderImpl {
 public:
  explicit EncoderImpl(const EncoderConfig& config);

  Status encode(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe,
                std::vector<uint8_t>* sink, EncodedFrame* out);
  Status reconfigure(int bitrate_kbps, double fps);
  Status recon(const Image& dst) const;
  const EncoderConfig& config() const { return cfg_; }
  bool acknowledge_ltr(int64_t index) { return references_.acknowledge(index); }
  void request_recovery() { references_.request_recovery(); }
  // Emulation prevention adds at most one byte per two (00 00 00 00 -> 00 00 03 00 00 03),
  // plus start codes and the parameter sets.
  size_t output_capacity() const { return rbsp_.size() * 3 / 2 + 1024; }

  // --- frame level (encoder.cpp) ---
  void load_source(const Image& frame);
  void write_headers();
  // The frame's slices: one, or as many as max_slice_bytes asks for.
  void encode_picture(int frame_qp, const int8_t* roi, ptrdiff_t roi_stride);
  // Plans the frame and its QP (again, when restarting after a first pass).
  int start_frame(FrameKind kind);
  void begin_slice(int qp, int first_mb);
  void end_slice(bool last_of_picture);
  // The cabac_zero_words (7.3.2.10) the picture's last slice needs after its
  // trailing bits so that its bins stay within the limit of 7.4.2.10; written
  // into rbsp_ after slice_bytes, returns their bytes.
  size_t cabac_zero_words(size_t slice_bytes);
  // The NAL unit's size if the slice ended now.
  size_t slice_nal_bytes(bool p_slice) const;
  // Decides and writes one macroblock; returns the QP it asked for (before mb_qp_delta's range).
  int code_macroblock(int mb_x, int mb_y, int row_qp, bool idr, const int8_t* roi, ptrdiff_t roi_stride);
  // Bits of the frame's slices so far, less their headers (what rate control counts).
  size_t frame_bits() const { return frame_bits_done_ + stream_bits() - slice_header_bits_; }

  // --- macroblock level ---
  void start_macroblock(int mb_x, int mb_y);
  // Decides and codes an intra macroblock if it costs less than inter_cost (or must be intra).
  bool analyse_intra(bool p_frame, int inter_cost);  // analyse.cpp
  void analyse_inter();                           // analyse.cpp
  int intra16x16_cost(int* best_mode);            // analyse.cpp
  // analyse.cpp: Intra16x16 prediction `mode` into the macroblock in the frame being coded.
  void predict_intra16x16(int mode);
  // analyse.cpp: the source's mean intra 16x16 SATD per macroblock (V, H or DC from its own
  // neighbouring samples), what a keyframe will cost before it is coded.
  double intra_satd_per_mb() const;
  int chroma_intra_mode();                        // analyse.cpp
  // mb_encode.cpp: decides, codes and returns the cost; gives up (INT_MAX, the
  // macroblock half coded) as soon as the cost reaches give_up_at.
  int encode_intra4x4(bool p_frame, int give_up_at = INT_MAX);
  int encode_intra8x8(bool p_frame, int give_up_at = INT_MAX);  // the same with 8x8 blocks (High)
  void encode_inter_8x8();                        // the luma residual in 8x8 transform blocks
  // Counts, reconstructs and marks coded 8x8 block b8 of coef_.luma8x8.
  void reconstruct_8x8(int b8);
  // From this QP on, 8x8 levels are checked against the 16-bit range of 8.5.13.2.
  static constexpr int kFitLevelsQp = 45;
  void encode_intra16x16(int mode);               // mb_encode.cpp
  void encode_chroma(bool intra);                 // mb_encode.cpp
  // Whether the inter residual of chroma plane `plane` is too small (by its SSD, see
  // QuantTables::chroma_zero_ssd_inter) for any level: then it needs no transform.
  bool inter_chroma_is_zero(int plane);
  // The residual transform of chroma plane `plane` into dct_chroma_, its DC levels Hadamard-transformed into dc.
  void chroma_transform(int plane, int16_t dc[4]);
  // A coded 16x16 partition at the P-skip vector with no coefficients is a P_Skip.
  void skip_if_nothing_coded(Mv skip);
  // analyse.cpp: whether the predicted inter macroblock codes its luma in 8x8 transform blocks;
  // satd16x16 is the prediction's SATD where the search measured it, else -1.
  bool prefers_8x8_transform(int satd16x16 = -1);
  void encode_inter();                            // mb_encode.cpp
  // mb_encode.cpp: the source samples as they are (I_PCM); the decision made so far is dropped.
  void encode_pcm();
  // mb_encode.cpp: motion compensation of the decided partitions into the frame.
  void predict_inter();
  void predict_inter_luma();
  void predict_inter_chroma();
  void finish_macroblock();                       // stores MbInfo
  void write_macroblock(bool p_slice);            // mb_write.cpp
  void write_macroblock_layer(BitWriter& bw, bool p_slice);
  // What write_macroblock would write, in 1/256 bit (CABAC prices fractions of a bit).
  int macroblock_bits(bool p_slice);
  // mb_write_cabac.cpp: the macroblock in CABAC, into the stream or priced by a counter.
  template <class Coder>
  void write_macroblock_cabac(Coder& c, bool p_slice);
  void write_macroblock_cabac_stream(bool p_slice);
  void write_pcm_samples(BitWriter& bw);
  uint32_t coded_block_flags() const;   // MbInfo::cbf of the macroblock being coded
  uint8_t coded_block_pattern() const;  // MbInfo::cbp of the macroblock being coded
  void mvd_blocks(uint8_t mvd[16][2]) const;  // |mvd| of each 4x4 block of the macroblock being coded
  void store_cabac_info();              // fills MbInfo's CABAC fields, before the macroblock is written or priced
  // The entropy coder's position (bits, skip run or CABAC state), to code a macroblock again.
  struct EntropyMark {
    BitWriter::Mark bits;
    int skip_run;
    CabacEncoder::State engine;
    CabacContexts contexts;
  };
  void entropy_mark(EntropyMark* m) const;
  void entropy_rewind(const EntropyMark& m);
  size_t stream_bits() const { return cabac_ ? cabac_enc_.bit_count() : bw_.bit_count(); }
  // Rate-distortion: SSD of the coded macroblock plus lambda times its bits (rd.cpp).
  int64_t rd_cost(bool p_slice);
  struct Snapshot {
    uint8_t y[256], u[64], v[64];
    MbCoefficients coef;
    MbDecision dec;
    MbInfo info;
  };
  void save(Snapshot* s);
  void restore(const Snapshot& s);
  // Recodes the macroblock with each candidate decision and keeps the cheapest by rd_cost.
  void rd_choose(const MbDecision* candidates, int count, bool try_intra);

  // --- motion (motion_search.cpp) ---
  void load_mv_cache();
  Mv predict_mv(int x4, int y4, int w4, int h4);
  Mv skip_mv();
  void set_cache_partition(int x4, int y4, int w4, int h4, Mv mv);
  // Best vector for a partition, search starting at the predictor; returns the SATD (or SAD, as the
  // preset's last refinement step measures) + mv cost, and the SATD alone in *satd (-1 if a SAD).
  int search_partition(int x4, int y4, BlockSize size, Mv mvp, Mv* best, int* satd = nullptr);
  bool probe_skip(Mv mv);

  // --- neighbour contexts ---
  int luma_nc(int blk) const;
  int chroma_nc(int plane, int blk) const;
  int predicted_intra4x4_mode(int blk) const;

  // --- after the frame ---
  void deblock_frame();  // deblock.cpp

  // Neighbour availability for the macroblock being coded.
  struct Neighbours {
    const MbInfo *left = nullptr, *top = nullptr, *top_left = nullptr, *top_right = nullptr;
  };

  EncoderConfig cfg_;
  PresetTools tools_;
  StreamParams stream_;
  int mb_w_ = 0, mb_h_ = 0;
  const QuantTables& quant_ = quant_tables();
  // Copies of the DSP tables, taken by encode() inside its DspCallScope, so a
  // frame runs on one set whatever set_cpu_mask does meanwhile (base/dsp_table.h).
  PixelDsp pixel_ = pixel_dsp();
  DctDsp dct_ = dct_dsp();
  McDsp mc_ = mc_dsp();
  PredictDsp predict_ = predict_dsp();
  DeblockDsp deblock_ = deblock_dsp();

  // The reconstructions: the references and the frame being coded (references.h).
  std::vector<Picture> pictures_;
  ReferenceStructure references_;
  FramePlan frame_;        // the frame being coded
  int last_picture_ = -1;  // the last frame coded, for recon()
  Picture& fdec() { return pictures_[frame_.picture]; }
  const Picture& ref() const { return pictures_[frame_.ref_picture]; }

  // Source: the caller's planes, or a macroblock-aligned copy with replicated edges.
  std::vector<uint8_t> source_copy_[3];
  const uint8_t* src_[3] = {};
  ptrdiff_t src_stride_[3] = {};

  std::vector<MbInfo> mbs_;
  std::vector<Mv> previous_mvs_;  // 16x16 motion of the previous frame, a search predictor
  int previous_mvs_distance_ = 1;  // the frames its vectors span

  // The macroblock being coded.
  int mb_x_ = 0, mb_y_ = 0, qp_ = 26, chroma_qp_ = 26, last_qp_ = 26;
  Neighbours nb_;
  MbInfo* mb_ = nullptr;
  MvCache cache_;
  MbDecision dec_;
  MbCoefficients coef_;
  int skip_run_ = 0;
  bool cabac_ = false;  // High profile
  CabacContexts cabac_ctx_;
  CabacEncoder cabac_enc_;
  int last_dqp_ = 0;    // mb_qp_delta of the macroblock before, in decoding order
  uint64_t picture_bins_ = 0;      // CABAC bins of the picture's finished slices
  size_t picture_vcl_bytes_ = 0;   // and their NAL units' bytes (less emulation prevention)
  int slice_first_mb_ = 0;  // the macroblocks before it lie in other slices
  size_t slice_header_bits_ = 0, frame_bits_done_ = 0;
  bool force_intra_ = false;  // intra refresh column
  alignas(32) uint8_t pred_u_[8 * 8];
  alignas(32) uint8_t pred_v_[8 * 8];
  alignas(32) uint8_t chroma_preds_[4][2][8 * 8];  // the chroma modes of both planes
  alignas(32) uint8_t scratch_[16 * 16];
  alignas(32) uint8_t intra4x4_preds_[9][16] = {};  // the modes of one 4x4 block
  alignas(32) uint8_t intra8x8_preds_[9][64] = {};  // the modes of one 8x8 block
  uint8_t rd_scratch_[4096];  // bits of a macroblock being priced
  alignas(32) int16_t dct_luma_[16][16];
  alignas(32) int16_t dct_chroma_[2][4][16];
  uint8_t* dst_y() { return fdec().y() + mb_y_ * 16 * fdec().luma_stride() + mb_x_ * 16; }
  uint8_t* dst_c(int p) { return (p ? fdec().v() : fdec().u()) + mb_y_ * 8 * fdec().chroma_stride() + mb_x_ * 8; }
  const uint8_t* src_y() const { return src_[0] + mb_y_ * 16 * src_stride_[0] + mb_x_ * 16; }
  const uint8_t* src_c(int p) const { return src_[1 + p] + mb_y_ * 8 * src_stride_[1 + p] + mb_x_ * 8; }

  // Motion vector limits for this macroblock (quarter samples).
  int mv_min_x_ = 0, mv_max_x_ = 0, mv_min_y_ = 0, mv_max_y_ = 0, mv_limit_y_ = 0;

  RateController rc_;
  EvaluationMeter meter_;  // media time, for evaluation mode
  int64_t frame_index_ = 0;
  int idr_pic_id_ = 0, frames_since_idr_ = 0;
  int refresh_column_ = 0;
  double qp_sum_ = 0;
  int intra_mbs_ = 0;  // of the frame being coded

  BitWriter bw_;
  std::vector<uint8_t> rbsp_, own_output_;
  std::vector<uint8_t>* out_ = &own_output_;  // where the access unit being coded goes
};

}  // namespace h264
}  // namespace edgeav
