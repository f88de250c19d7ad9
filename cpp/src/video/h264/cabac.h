// CABAC (9.3): the context states, the arithmetic encoder of 9.3.4.2 that
// writes into the slice's BitWriter, and a bit counter with the same interface
// that prices a choice from the states (as x264's RD does) without writing.
#pragma once
#include <cstdint>
#include <cstring>

#include "video/h264/bitwriter.h"
#include "video/h264/cabac_tables.h"

namespace edgeav {
namespace h264 {

// Context indices (ctxIdxOffset of Table 9-34) the macroblock writer uses.
enum CabacCtx : int {
  kCtxMbTypeI = 3,
  kCtxSkip = 11,
  kCtxMbTypeP = 14,
  kCtxMbTypePIntra = 17,
  kCtxSubMbTypeP = 21,
  kCtxMvdX = 40,
  kCtxMvdY = 47,
  kCtxQpDelta = 60,
  kCtxChromaPred = 64,
  kCtxPrevIntraFlag = 68,
  kCtxRemIntraMode = 69,
  kCtxCbpLuma = 73,
  kCtxCbpChroma = 77,
  kCtxCodedBlockFlag = 85,
  kCtxSignificant = 105,
  kCtxLast = 166,
  kCtxAbsLevel = 227,
  kCtxTerminate = 276,
  kCtxTransform8x8 = 399,
  kCtxSignificant8x8 = 402,
  kCtxLast8x8 = 417,
  kCtxAbsLevel8x8 = 426,
};

// A context's state, (pStateIdx << 1) | valMPS. Not a character type, so that
// storing one does not make the compiler reload the coder's registers.
enum class CabacState : uint8_t {};

struct CabacContexts {
  CabacState state[kCabacContexts];
  // 9.3.1.1 for a slice of this QP; cabac_init_idc < 0 for I slices.
  void init(int slice_qp, int cabac_init_idc);
};

// Tables by context state s, (pStateIdx << 1) | valMPS, in one object so that
// a run of bins holds one base address in a register.
struct CabacStateTables {
  // The next state after coding bin b (9.3.3.2.1.1): next[s][b].
  uint8_t next[128][2];
  // All ones where bin b is the state's LPS, else 0: lps_mask[s][b], at the
  // index next's lookup computes anyway (cheaper than b ^ (s & 1), negated).
  int8_t lps_mask[128][2];
  // rangeTabLPS by the whole state byte and range >> 6 (4..7 for a range of
  // 256..510): range_lps[(s << 2) + (range >> 6) - 4], one index computation a bin.
  uint8_t range_lps[128 * 4];
  // The cost in 1/256 bit of coding bin b: cost[s][b].
  uint16_t cost[128][2];
  CabacStateTables();
};
extern const CabacStateTables kCabacStateTables;

// The arithmetic encoder of 9.3.4.2, renormalising in one shift and writing whole
// bytes: low keeps the 10-bit register of the standard plus `pending_bits` bits
// above it (and a carry). The bytes leave four at a time, so that the test for
// them after each bin is taken a quarter as often (it mispredicts when taken).
// A byte whose value a later carry could still change is held back: the last
// byte that is not 0xff, and the run of 0xff bytes after it.
class CabacEncoder {
  static constexpr int kChunkBits = 32;  // pending bits that go out together

 public:
  struct State {
    uint64_t low;  // at most 10 + kChunkBits + 7 bits (a renormalisation's shift) and a carry
    uint32_t range;
    int pending_bits;     // bits of low above the 10-bit register; -1 drops the first (firstBitFlag)
    uint32_t ff_run;      // 0xff bytes held back after held_byte
    int held_byte;        // -1: none yet
    uint32_t bins;        // coded since start(), for the bin limit of 7.4.2.10
  };

  // The registers as a value, for a run of bins (a macroblock's syntax, a residual
  // block): a local copy stays in registers for the whole run, where GCC stores
  // the encoder's own members back after every bin, as the bytes leave through
  // `this`. Take one with bins(), code, and hand it back with commit(); a copy
  // whose address is taken loses this, so the helpers that take one are inlined.
  class Bins {
   public:
    EDGEAV_ALWAYS_INLINE void decision(int ctx, int bin) {
      count_++;
      const unsigned s = static_cast<unsigned>(states_[ctx]), b = static_cast<unsigned>(bin);
      const CabacStateTables& t = kCabacStateTables;
      const uint32_t lps = t.range_lps[(s << 2) + (range_ >> 6) - 4];
      const uint32_t mps_range = range_ - lps;
      // Without branches: which bin is the LPS is as good as random.
      const uint32_t is_lps = static_cast<uint32_t>(t.lps_mask[s][b]);
      low_ += mps_range & is_lps;
      range_ = mps_range ^ ((lps ^ mps_range) & is_lps);
      // Unsigned indices: no sign extension.
      states_[ctx] = static_cast<CabacState>(t.next[s][b]);
      renormalise();
    }
    EDGEAV_ALWAYS_INLINE void bypass(int bin) {
      count_++;
      low_ = (low_ << 1) + (range_ & (0u - static_cast<uint32_t>(bin)));
      if (++byte_bits_ >= 0) put_bytes();
    }
    // A terminating bin of 0; a 1 ends the coder (CabacEncoder::terminate).
    void terminate_zero() {
      count_++;
      range_ -= 2;
      renormalise();
    }

   private:
    friend class CabacEncoder;
    Bins(CabacEncoder* enc, CabacState* states, const State& st)
        : enc_(enc),
          states_(states),
          low_(st.low),
          range_(st.range),
          byte_bits_(st.pending_bits - kChunkBits),
          count_(st.bins) {}
    EDGEAV_ALWAYS_INLINE void renormalise() {
      const int shift = clz32(range_) - 23;  // to bring the range back to 256..510
      low_ <<= shift;
      range_ <<= shift;
      byte_bits_ += shift;
      if (EDGEAV_UNLIKELY(byte_bits_ >= 0)) put_bytes();
    }
    // Moves the top kChunkBits pending bits (and the carry above them) out of low.
    EDGEAV_ALWAYS_INLINE void put_bytes() {
      low_ = enc_->put_bytes(low_, byte_bits_ + 10);
      byte_bits_ -= kChunkBits;
    }
    CabacEncoder* enc_;
    CabacState* states_;
    uint64_t low_;
    uint32_t range_;
    // pending_bits - kChunkBits: the bytes are ready when it is not negative, a
    // test the addition's sign flag answers.
    int byte_bits_;
    uint32_t count_;
  };
  Bins bins() { return Bins(this, ctx_->state, st_); }
  void commit(const Bins& b) {
    st_.low = b.low_, st_.range = b.range_, st_.pending_bits = b.byte_bits_ + kChunkBits, st_.bins = b.count_;
  }

  // InitEncoder (9.3.4.1); the writer must be byte-aligned.
  void start(BitWriter* bw, CabacContexts* contexts) {
    bw_ = bw, ctx_ = contexts;
    st_.bins = 0;
    restart();
  }
  // After I_PCM's samples (9.3.1.2): the bins counted so far stay. The writer's
  // pending bits go out, so that the coder's bytes go straight to its buffer.
  void restart() {
    bw_->align_and_flush();
    st_ = {0, 510, -1, 0, -1, st_.bins};
  }
  // end_of_slice_flag and I_PCM's mb_type bin; other bins go through Bins.
  void terminate(int bin) {
    Bins b = bins();
    if (bin) {
      b.count_++;
      b.range_ -= 2;
      b.low_ += b.range_;
      commit(b);
      flush();
    } else {
      b.terminate_zero();
      commit(b);
    }
  }
  // Bits written so far plus those the coder holds, for size limits.
  size_t bit_count() const {
    return bw_->bit_count() + 8 * (st_.ff_run + (st_.held_byte >= 0)) + static_cast<size_t>(st_.pending_bits + 10);
  }
  const State& state() const { return st_; }
  void set_state(const State& s) { st_ = s; }

 private:
  // A byte plus its carry: the carry goes into the held bytes, which are now final.
  void settle(uint32_t out);
  // Settles the kChunkBits / 8 bytes (and carry) above the `below` low bits of
  // `low`; returns those bits. Out of line (cabac.cpp): inlined, it crowds the
  // registers of every run of bins.
  uint64_t put_bytes(uint64_t low, int below);
  // EncodeFlush (9.3.4.5): range 2, then the register's top three bits with the
  // last set to 1 (the rbsp_stop_one_bit at a slice's end), then zeros to the byte.
  void flush() {
    Bins b = bins();
    b.range_ = 2;
    b.renormalise();
    commit(b);
    uint64_t low = (st_.low | 0x80) >> 7;
    int bits = st_.pending_bits + 3;
    const int pad = (8 - bits % 8) % 8;
    low <<= pad, bits += pad;
    for (; bits; bits -= 8) {
      settle(static_cast<uint32_t>(low >> (bits - 8)));
      low &= (uint64_t{1} << (bits - 8)) - 1;
    }
    if (st_.held_byte >= 0) bw_->put_byte(static_cast<uint32_t>(st_.held_byte));
    for (; st_.ff_run; st_.ff_run--) bw_->put_byte(0xff);
    st_.held_byte = -1;
  }
  BitWriter* bw_ = nullptr;
  CabacContexts* ctx_ = nullptr;
  State st_ = {0, 510, -1, 0, -1, 0};
};

// Prices bins in 1/256 bit against a private copy of the states.
class CabacCounter {
  // A terminating bin, about: range 2 of 510.
  static constexpr int kTerminateZeroCost = 2, kTerminateOneCost = 7 * 256;

 public:
  explicit CabacCounter(const CabacContexts& from) { std::memcpy(ctx_.state, from.state, sizeof ctx_.state); }
  // The cost as a local for a run of bins, as CabacEncoder::Bins.
  class Bins {
   public:
    EDGEAV_ALWAYS_INLINE void decision(int ctx, int bin) {
      const unsigned s = static_cast<unsigned>(states_[ctx]), b = static_cast<unsigned>(bin);
      cost_ += kCabacStateTables.cost[s][b];
      states_[ctx] = static_cast<CabacState>(kCabacStateTables.next[s][b]);
    }
    void bypass(int) { cost_ += 256; }
    void terminate_zero() { cost_ += kTerminateZeroCost; }

   private:
    friend class CabacCounter;
    explicit Bins(CabacState* states) : states_(states) {}
    CabacState* states_;
    int cost_ = 0;
  };
  Bins bins() { return Bins(ctx_.state); }
  void commit(const Bins& b) { cost_ += b.cost_; }
  void terminate(int bin) { cost_ += bin ? kTerminateOneCost : kTerminateZeroCost; }
  int cost() const { return cost_; }

 private:
  CabacContexts ctx_;
  int cost_ = 0;
};

}  // namespace h264
}  // namespace edgeav
