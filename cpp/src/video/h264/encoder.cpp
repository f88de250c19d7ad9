#include "video/h264/encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "license/license.h"
#include "video/h264/encoder_impl.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

PresetTools preset_tools(Speed speed, Profile profile) {
  //        i4x4_in_p i4x4  parts  rd     deblock subpel qpel  square pruned hsatd  qsatd  skip   gate   range hex
  switch (speed) {
    // x264 ultrafast's trade: whole-sample vectors (no half-sample planes to build), intra 16x16 only.
    case Speed::kFastest: return {false, false, false, false, true, 0, false, false, false, false, false, true, true, 8, false};
    case Speed::kFast: return {false, true, false, false, true, 1, true, false, false, false, false, true, true, 12, false};
    case Speed::kDefault:
      // High's CABAC costs time that the quarter-sample step's corners give back (x264 superfast High's speed).
      return {true, true, false, false, true, 1, true, true, profile == Profile::kHigh, false, true, false, false, 16, false};
    case Speed::kSlow: return {true, true, true, false, true, 2, true, true, false, true, true, false, false, 24, true};
    case Speed::kBest: return {true, true, true, true, true, 2, true, true, false, true, true, false, false, 32, true};
  }
  return {true, true, false, false, true, 1, true, true, false, true, true, false, false, 16, false};
}

EncoderImpl::EncoderImpl(const EncoderConfig& config) : cfg_(config), tools_(preset_tools(config.speed, config.profile)) {
  mb_w_ = (cfg_.width + 15) / 16;
  mb_h_ = (cfg_.height + 15) / 16;
  const int ltr_interval = cfg_.ltr_interval ? cfg_.ltr_interval : std::max(1, static_cast<int>(std::lround(cfg_.fps / 2)));
  references_.configure(cfg_.temporal_layers, cfg_.ltr, ltr_interval, StreamParams::kLog2MaxFrameNum);
  pictures_.resize(static_cast<size_t>(references_.pictures()));
  for (Picture& p : pictures_) p.allocate(mb_w_, mb_h_);
  mbs_.assign(static_cast<size_t>(mb_w_) * mb_h_, MbInfo{});
  previous_mvs_.assign(mbs_.size(), Mv{});
  if (cfg_.width % 16 || cfg_.height % 16) {
    const int w = mb_w_ * 16, h = mb_h_ * 16;
    source_copy_[0].assign(static_cast<size_t>(w) * h, 0);
    source_copy_[1].assign(static_cast<size_t>(w / 2) * (h / 2), 0);
    source_copy_[2].assign(source_copy_[1].size(), 0);
  }
  cabac_ = cfg_.profile == Profile::kHigh;
  stream_.high_profile = cabac_;
  stream_.width = cfg_.width, stream_.height = cfg_.height;
  stream_.mb_width = mb_w_, stream_.mb_height = mb_h_;
  stream_.fps = cfg_.fps;
  stream_.full_range = cfg_.full_range, stream_.bt709 = cfg_.bt709;
  stream_.max_ref_frames = references_.max_ref_frames();
  stream_.gaps_allowed = references_.gaps_allowed();
  // Constant QP ignores (and does not check) the bitrate: its level asks for no rate.
  const int peak_kbps = cfg_.rc == RateControl::kCqp                             ? 0
                        : cfg_.rc == RateControl::kVbr && cfg_.max_bitrate_kbps ? cfg_.max_bitrate_kbps
                                                                                 : cfg_.bitrate_kbps * 3 / 2;
  stream_.level_idc = choose_level(mb_w_, mb_h_, cfg_.fps, peak_kbps, stream_.max_ref_frames);
  mv_limit_y_ = max_vertical_mv(stream_.level_idc);
  rc_.configure(cfg_, mb_w_, mb_h_);
  rbsp_.assign(max_slice_rbsp_bytes(mb_w_ * mb_h_), 0);
  own_output_.reserve(output_capacity());
}

Status EncoderImpl::reconfigure(int bitrate_kbps, double fps) {
  if (bitrate_kbps < 0 || fps < 0 || !std::isfinite(fps))
    return Status::invalid("reconfigure: bitrate_kbps and fps must be positive");
  if (fps > 0 && (fps < 1 || fps > 240)) return Status::invalid("reconfigure: fps must be between 1 and 240");
  if (bitrate_kbps > 0 && (bitrate_kbps < 10 || bitrate_kbps > 200000))
    return Status::invalid("reconfigure: bitrate_kbps must be between 10 and 200000");
  if (bitrate_kbps > 0) cfg_.bitrate_kbps = bitrate_kbps;
  if (fps > 0) cfg_.fps = fps;
  rc_.set_rate(cfg_.bitrate_kbps, cfg_.fps);
  return {};
}

void EncoderImpl::load_source(const Image& frame) {
  const bool nv12 = frame.format == EAV_FORMAT_NV12;
  const bool aligned = source_copy_[0].empty();
  if (aligned && !nv12) {
    for (int p = 0; p < 3; p++) src_[p] = frame.data[p], src_stride_[p] = frame.stride[p];
    return;
  }
  // Copy into macroblock-aligned planes, replicating the right and bottom edges
  // (and de-interleaving NV12 chroma).
  const int w = mb_w_ * 16, h = mb_h_ * 16;
  std::vector<uint8_t>* planes = source_copy_;
  if (aligned) {  // NV12 at an aligned size: only the chroma needs planes of its own
    for (int p = 1; p < 3; p++) planes[p].resize(static_cast<size_t>(w / 2) * (h / 2));
  }
  auto fill = [&](int p, int pw, int ph, int cw, int ch, auto&& sample) {
    uint8_t* d = planes[p].data();
    for (int y = 0; y < ph; y++) {
      const int sy = std::min(y, ch - 1);
      for (int x = 0; x < pw; x++) d[y * pw + x] = sample(std::min(x, cw - 1), sy);
    }
    src_[p] = d, src_stride_[p] = pw;
  };
  if (!aligned) {
    fill(0, w, h, cfg_.width, cfg_.height, [&](int x, int y) { return frame.data[0][y * frame.stride[0] + x]; });
  } else {
    src_[0] = frame.data[0], src_stride_[0] = frame.stride[0];
  }
  const int cw = cfg_.width / 2, ch = cfg_.height / 2;
  for (int c = 0; c < 2; c++) {
    if (nv12)
      fill(1 + c, w / 2, h / 2, cw, ch, [&](int x, int y) { return frame.data[1][y * frame.stride[1] + 2 * x + c]; });
    else
      fill(1 + c, w / 2, h / 2, cw, ch, [&](int x, int y) { return frame.data[1 + c][y * frame.stride[1 + c] + x]; });
  }
}

void EncoderImpl::start_macroblock(int mb_x, int mb_y) {
  mb_x_ = mb_x, mb_y_ = mb_y;
  const int i = mb_y * mb_w_ + mb_x;

  mb_ = &mbs_[i];
  *mb_ = MbInfo{};
  std::fill(mb_->intra4x4_modes, mb_->intra4x4_modes + 16, static_cast<int8_t>(-1));
  // A neighbour outside the slice is unavailable (6.4.8): slices decode on their own.
  const int first = slice_first_mb_;
  nb_.left = mb_x > 0 && i - 1 >= first ? &mbs_[i - 1] : nullptr;
  nb_.top = mb_y > 0 && i - mb_w_ >= first ? &mbs_[i - mb_w_] : nullptr;
  nb_.top_left = mb_x > 0 && mb_y > 0 && i - mb_w_ - 1 >= first ? &mbs_[i - mb_w_ - 1] : nullptr;
  nb_.top_right = mb_y > 0 && mb_x + 1 < mb_w_ && i - mb_w_ + 1 >= first ? &mbs_[i - mb_w_ + 1] : nullptr;
  const int reach = 24;  // full samples a block may lie outside the picture
  mv_min_x_ = -(mb_x * 16 + reach) * 4;
  mv_max_x_ = (mb_w_ * 16 - 16 - mb_x * 16 + reach) * 4;
  mv_min_y_ = std::max(-(mb_y * 16 + reach) * 4, -mv_limit_y_);
  mv_max_y_ = std::min((mb_h_ * 16 - 16 - mb_y * 16 + reach) * 4, mv_limit_y_ - 1);
  dec_ = MbDecision{};
}

void EncoderImpl::finish_macroblock() {
  MbInfo& m = *mb_;
  m.type = dec_.type;
  const bool coded = dec_.type == MbType::kI16x16 || coef_.cbp_luma || coef_.cbp_chroma;
  if (dec_.type == MbType::kPSkip) coef_.cbp_luma = coef_.cbp_chroma = 0;
  // Skipped, uncoded and I_PCM macroblocks carry no mb_qp_delta: QP_Y stays the predicted one.
  m.qp = static_cast<int8_t>(coded && dec_.type != MbType::kPSkip && dec_.type != MbType::kIPcm ? qp_ : last_qp_);
  const int previous_qp = last_qp_;
  last_qp_ = m.qp;
  if (!is_intra_nxn(dec_.type)) std::fill(m.intra4x4_modes, m.intra4x4_modes + 16, static_cast<int8_t>(-1));
  // Without luma coefficients an inter macroblock sends no transform_size_8x8_flag: it is 0.
  m.transform8x8 = dec_.transform8x8 && (dec_.type == MbType::kI8x8 || coef_.cbp_luma);
  if (is_intra(dec_.type)) std::fill(m.mv, m.mv + 16, Mv{});
  for_each_partition(dec_, [&](int x4, int y4, int w4, int h4, Mv mv) {
    for (int y = y4; y < y4 + h4; y++) std::fill(m.mv + y * 4 + x4, m.mv + y * 4 + x4 + w4, mv);
  });
  previous_mvs_[mb_y_ * mb_w_ + mb_x_] = m.mv[0];
  if (cabac_) last_dqp_ = m.qp - previous_qp;  // MbInfo's CABAC fields are stored when it is written
}

void EncoderImpl::write_headers() {
  for (int which = 0; which < 2; which++) {
    bw_.reset(rbsp_.data(), rbsp_.size());
    if (which == 0)
      write_sps(bw_, stream_);
    else
      write_pps(bw_, stream_);
    append_nal(out_, 3, which == 0 ? 7 : 8, rbsp_.data(), bw_.bytes());
  }
}

void EncoderImpl::begin_slice(int qp, int first_mb) {
  bw_.reset(rbsp_.data(), rbsp_.size());
  SliceHeader header;
  header.frame = frame_;
  header.first_mb = first_mb;
  header.idr_pic_id = idr_pic_id_;
  header.qp = qp;
  header.deblock = tools_.deblock;
  header.cabac = cabac_;
  write_slice_header(bw_, header);
  if (cabac_) {
    while (bw_.bit_count() % 8) bw_.put1(1);  // cabac_alignment_one_bit
    cabac_ctx_.init(qp, frame_.idr ? -1 : 0);
    cabac_enc_.start(&bw_, &cabac_ctx_);
  }
  slice_header_bits_ = bw_.bit_count();
  slice_first_mb_ = first_mb;
  last_qp_ = qp;
  last_dqp_ = 0;
  skip_run_ = 0;
}

void EncoderImpl::end_slice(bool last_of_picture) {
  size_t bytes;
  if (cabac_) {
    cabac_enc_.terminate(1);  // end_of_slice_flag; the flush writes the rbsp_stop_one_bit
    bw_.align_and_flush();
    picture_bins_ += cabac_enc_.state().bins;
    bytes = bw_.bytes();
    if (last_of_picture) bytes += cabac_zero_words(bytes);
  } else {
    if (skip_run_) bw_.ue(static_cast<uint32_t>(skip_run_));
    bw_.trailing_bits();
    bytes = bw_.bytes();
  }
  frame_bits_done_ += bw_.bit_count() - slice_header_bits_;
  picture_vcl_bytes_ += 1 + bytes;
  // nal_ref_idc: 3 for references, 0 for a top temporal layer's frames.
  append_nal(out_, frame_.reference ? 3 : 0, frame_.idr ? 5 : 1, rbsp_.data(), bytes);
}

size_t EncoderImpl::cabac_zero_words(size_t slice_bytes) {
  // 9.3.4.6: ceil(3 (32 bins - RawMbBits PicSizeInMbs) / 1024) bytes are needed, three a word.
  const int64_t excess = 3 * (32 * static_cast<int64_t>(picture_bins_) - int64_t{kPcmBytes} * 8 * mb_w_ * mb_h_);
  const int64_t missing = (excess + 1023) / 1024 - static_cast<int64_t>(picture_vcl_bytes_ + 1 + slice_bytes);
  if (excess <= 0 || missing <= 0) return 0;
  const size_t words = std::min(static_cast<size_t>((missing + 2) / 3), (rbsp_.size() - slice_bytes) / 2);
  std::memset(rbsp_.data() + slice_bytes, 0, 2 * words);  // cabac_zero_word: 0x0000
  return 2 * words;
}

size_t EncoderImpl::slice_nal_bytes(bool p_slice) const {
  // Header byte, the RBSP with the pending skip run and the stop bit, its emulation
  // prevention bytes, and two for those the bits not yet written out may add.
  const size_t bits = stream_bits() + 1 + (p_slice && skip_run_ ? ue_bits(static_cast<uint32_t>(skip_run_)) : 0);
  return 1 + (bits + 7) / 8 + emulation_prevention_bytes(rbsp_.data(), bw_.bytes()) + 2;
}

int EncoderImpl::code_macroblock(int mb_x, int mb_y, int row_qp, bool idr, const int8_t* roi, ptrdiff_t roi_stride) {
  start_macroblock(mb_x, mb_y);
  int qp = row_qp + (roi ? roi[mb_y * roi_stride + mb_x] : 0);
  qp = std::clamp(qp, cfg_.min_qp, cfg_.max_qp);
  qp_ = std::clamp(qp, last_qp_ - 26, last_qp_ + 25);
  chroma_qp_ = kChromaQp[qp_];
  force_intra_ = cfg_.intra_refresh && !idr && mb_x == refresh_column_;
  if (idr)
    analyse_intra(false, INT32_MAX);
  else
    analyse_inter();
  write_macroblock(!idr);
  return qp;
}

void EncoderImpl::encode_picture(int frame_qp, const int8_t* roi, ptrdiff_t roi_stride) {
  const bool idr = frame_.idr;
  frame_bits_done_ = 0;
  picture_bins_ = 0, picture_vcl_bytes_ = 0;
  begin_slice(frame_qp, 0);
  qp_sum_ = 0;
  intra_mbs_ = 0;
  int row_qp = frame_qp;
  EntropyMark before;
  for (int my = 0; my < mb_h_; my++) {
    for (int mx = 0; mx < mb_w_; mx++) {
      if (cfg_.max_slice_bytes) entropy_mark(&before);
      const int qp = code_macroblock(mx, my, row_qp, idr, roi, roi_stride);
      const int index = my * mb_w_ + mx;
      if (cfg_.max_slice_bytes && index > slice_first_mb_ && slice_nal_bytes(!idr) > size_t(cfg_.max_slice_bytes)) {
        // The slice ends before this macroblock, which opens the next one and is
        // coded again there: its neighbours across the new boundary are gone.
        entropy_rewind(before);
        end_slice(false);
        begin_slice(qp, index);
        code_macroblock(mx, my, row_qp, idr, roi, roi_stride);
      }
      finish_macroblock();
      qp_sum_ += mb_->qp;
      intra_mbs_ += is_intra(mb_->type);
    }
    row_qp = rc_.next_row_qp(my, static_cast<int>(frame_bits()));
  }
  end_slice(true);
}

Status EncoderImpl::encode(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe,
                           std::vector<uint8_t>* sink, EncodedFrame* out) {
  EDGEAV_RETURN_IF_ERROR(validate_image(frame, "frame"));
  if (frame.format != EAV_FORMAT_I420 && frame.format != EAV_FORMAT_NV12)
    return Status::invalid(std::string("frame must be I420 or NV12, not ") + format_name(frame.format));
  if (frame.width != cfg_.width || frame.height != cfg_.height)
    return Status::invalid("frame is " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                           " but the encoder was created for " + std::to_string(cfg_.width) + "x" +
                           std::to_string(cfg_.height) + "; create a new encoder for a new size");
  if (roi) {
    for (int y = 0; y < mb_h_; y++)
      for (int x = 0; x < mb_w_; x++)
        if (roi[y * roi_stride + x] < -51 || roi[y * roi_stride + x] > 51)
          return Status::invalid("roi QP offsets must lie in [-51, 51]");
  }
  EDGEAV_RETURN_IF_ERROR(meter_.add(1.0 / cfg_.fps));
  const DspCallScope dsp_scope;  // this frame's tables (picture.cpp's mc_dsp() too)
  pixel_ = pixel_dsp(), dct_ = dct_dsp(), mc_ = mc_dsp(), predict_ = predict_dsp(), deblock_ = deblock_dsp();
  load_source(frame);
  const bool first = last_picture_ < 0;
  const FrameKind kind = first ? FrameKind::kFirstKey
                         : force_keyframe || references_.recovery_needs_idr() ? FrameKind::kRequestedKey
                         : cfg_.keyint > 0 && !cfg_.intra_refresh && frames_since_idr_ >= cfg_.keyint ? FrameKind::kPeriodicKey
                                                                                                     : FrameKind::kP;
  out_ = sink ? sink : &own_output_;
  out_->clear();  // a caller's sink grows to its steady size once and is then reused
  const int frame_qp = start_frame(kind);
  const bool idr = frame_.idr;
  if (idr) frames_since_idr_ = 0;
  if (idr) write_headers();
  const size_t headers_size = out_->size();
  encode_picture(frame_qp, roi, roi_stride);
  if (frame_.temporal_id > 0 && intra_mbs_ * 2 > static_cast<int>(mbs_.size())) {
    // A scene cut in an upper layer would be coded intra for nothing (no frame, or
    // few, predict from it) and again in each layer after it: it starts a pattern instead.
    references_.restart_pattern();
    out_->clear();
    encode_picture(start_frame(kind), roi, roi_stride);
  }
  if ((kind == FrameKind::kFirstKey || frame_.recovery) && cfg_.rc != RateControl::kCqp) {
    // The start is what a viewer sees first, a recovery frame what follows a loss: a
    // second pass sizes either by its first.
    const int refit = rc_.refit(static_cast<int>(frame_bits()), qp_sum_ / (mb_w_ * mb_h_));
    if (refit != frame_qp) {
      out_->resize(headers_size);
      encode_picture(refit, roi, roi_stride);
    }
  }
  if (bw_.overflow()) return Status(EAV_ERR_INTERNAL, "encoder output buffer overflow");
  if (tools_.deblock) deblock_frame();
  if (frame_.reference) fdec().finish_reference(tools_.subpel_iterations > 0);
  if (!idr) previous_mvs_distance_ = frame_.ref_distance;
  const double average_qp = qp_sum_ / (mb_w_ * mb_h_);
  rc_.end_frame(static_cast<int>(out_->size() * 8), average_qp, double(intra_mbs_) / mbs_.size());

  out->data = out_->data();
  out->size = out_->size();
  out->keyframe = idr;
  out->type = idr ? 'I' : 'P';
  out->average_qp = average_qp;
  out->index = frame_index_;
  out->temporal_id = frame_.temporal_id;
  out->reference = frame_.reference;
  out->ltr = frame_.adaptive_marking() || frame_.long_term_reference_flag;
  out->recovery = frame_.recovery;
  references_.commit(frame_, frame_index_);
  frame_index_++;
  if (idr) idr_pic_id_ = (idr_pic_id_ + 1) & 0xffff;
  frames_since_idr_++;
  if (cfg_.intra_refresh && !idr) refresh_column_ = (refresh_column_ + 1) % mb_w_;
  last_picture_ = frame_.picture;
  return {};
}

int EncoderImpl::start_frame(FrameKind kind) {
  frame_ = references_.plan(kind != FrameKind::kP, frame_index_);
  tools_ = preset_tools(cfg_.speed, cfg_.profile);
  if (frame_.ref_distance > 1) {
    // A reference further back (temporal layers, recovery) leaves more to code: finer
    // partitions and sub-samples pay for their time there (-0.2..0.3 dB of layer cost).
    // (The fastest preset's references have no half-sample planes to refine on.)
    tools_.sub_partitions = true;
    if (tools_.subpel_iterations) tools_.subpel_iterations = 2, tools_.half_sample_satd = true;
  }
  const FrameKind rc_kind = frame_.recovery ? FrameKind::kRecovery : kind;
  const bool satd = (frame_.idr || frame_.recovery) && cfg_.rc != RateControl::kCqp;
  return rc_.start_frame(rc_kind, satd ? intra_satd_per_mb() : 0, frame_.temporal_id);
}

Status EncoderImpl::recon(const Image& dst) const {
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "recon"));
  if (dst.format != EAV_FORMAT_I420 || dst.width != cfg_.width || dst.height != cfg_.height)
    return Status::invalid("recon needs an I420 image of the encoder's size");
  if (last_picture_ < 0) return Status::invalid("recon: no frame has been encoded yet");
  const Picture& p = pictures_[last_picture_];
  for (int y = 0; y < cfg_.height; y++) std::memcpy(dst.data[0] + y * dst.stride[0], p.y() + y * p.luma_stride(), cfg_.width);
  for (int y = 0; y < cfg_.height / 2; y++) {
    std::memcpy(dst.data[1] + y * dst.stride[1], p.u() + y * p.chroma_stride(), cfg_.width / 2);
    std::memcpy(dst.data[2] + y * dst.stride[2], p.v() + y * p.chroma_stride(), cfg_.width / 2);
  }
  return {};
}

// --- the public class ---

namespace {

Status validate_config(const EncoderConfig& c) {
  auto bad = [](const std::string& m) { return Status::invalid(m); };
  if (c.width < 16 || c.height < 16 || c.width > 4096 || c.height > 2304 || (c.width & 1) || (c.height & 1))
    return bad("width and height must be even and between 16x16 and 4096x2304, got " + std::to_string(c.width) + "x" +
               std::to_string(c.height));
  if (!std::isfinite(c.fps) || c.fps < 1 || c.fps > 240) return bad("fps must be between 1 and 240");
  if (c.rc != RateControl::kCqp && (c.bitrate_kbps < 10 || c.bitrate_kbps > 200000))
    return bad("bitrate_kbps must be between 10 and 200000, got " + std::to_string(c.bitrate_kbps));
  if (c.max_bitrate_kbps < 0 || (c.max_bitrate_kbps && c.max_bitrate_kbps < c.bitrate_kbps))
    return bad("max_bitrate_kbps must be at least bitrate_kbps");
  if (c.qp < 0 || c.qp > 51) return bad("qp must be between 0 and 51");
  if (c.min_qp < 0 || c.max_qp > 51 || c.min_qp > c.max_qp) return bad("need 0 <= min_qp <= max_qp <= 51");
  if (c.keyint < 0) return bad("keyint must not be negative");
  if (c.vbv_ms < 0 || c.vbv_ms > 10000) return bad("vbv_ms must be between 0 and 10000");
  if (c.max_frame_bytes < 0) return bad("max_frame_bytes must not be negative");
  if (c.max_slice_bytes != 0 && (c.max_slice_bytes < kMinSliceBytes || c.max_slice_bytes > 65535))
    return bad("max_slice_bytes must be 0 (one slice per frame) or between " + std::to_string(kMinSliceBytes) +
               " and 65535, got " + std::to_string(c.max_slice_bytes));
  if (c.temporal_layers < 1 || c.temporal_layers > 3)
    return bad("temporal_layers must be 1, 2 or 3, got " + std::to_string(c.temporal_layers));
  if (c.ltr_interval < 0 || c.ltr_interval > 10000) return bad("ltr_interval must be between 0 and 10000 frames");
  return {};
}

}  // namespace

Encoder::Encoder(std::unique_ptr<EncoderImpl> impl) : impl_(std::move(impl)) {}
Encoder::~Encoder() = default;

Status Encoder::create(const EncoderConfig& config, std::unique_ptr<Encoder>* out) {
  EDGEAV_RETURN_IF_ERROR(validate_config(config));
  // The highest edition asked for is the one to name.
  if (config.temporal_layers > 1) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kVideoTemporalLayers));
  if (config.ltr) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kVideoLtr));
  if (config.profile == Profile::kHigh) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kVideoHighProfile));
  EDGEAV_RETURN_IF_ERROR(license_check(Feature::kVideoEncoder));
  out->reset(new Encoder(std::unique_ptr<EncoderImpl>(new EncoderImpl(config))));
  return {};
}

Status Encoder::encode(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe,
                       EncodedFrame* out) {
  return impl_->encode(frame, roi, roi_stride, force_keyframe, nullptr, out);
}
Status Encoder::encode_into(const Image& frame, const int8_t* roi, ptrdiff_t roi_stride, bool force_keyframe,
                            std::vector<uint8_t>* sink, EncodedFrame* out) {
  return impl_->encode(frame, roi, roi_stride, force_keyframe, sink, out);
}
Status Encoder::reconfigure(int bitrate_kbps, double fps) { return impl_->reconfigure(bitrate_kbps, fps); }
Status Encoder::recon(const Image& dst) const { return impl_->recon(dst); }
const EncoderConfig& Encoder::config() const { return impl_->config(); }
bool Encoder::acknowledge_ltr(int64_t index) { return impl_->acknowledge_ltr(index); }
void Encoder::request_recovery() { impl_->request_recovery(); }

}  // namespace h264
}  // namespace edgeav
