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

// Each state is (pStateIdx << 1) | valMPS.
struct CabacContexts {
  uint8_t state[kCabacContexts];
  // 9.3.1.1 for a slice of this QP; cabac_init_idc < 0 for I slices.
  void init(int slice_qp, int cabac_init_idc);
};

// The cost in 1/256 bit of coding bin b in context state s: cost[s][b].
struct CabacBinCosts {
  uint16_t cost[128][2];
  CabacBinCosts();
};
extern const CabacBinCosts kCabacBinCosts;
inline int cabac_bin_cost(uint8_t state, int bin) { return kCabacBinCosts.cost[state][bin]; }

inline void cabac_update(uint8_t& state, int bin) {
  const int p = state >> 1, mps = state & 1;
  if (bin == mps)
    state = static_cast<uint8_t>((p < 62 ? p + 1 : 62) << 1 | mps);
  else
    state = static_cast<uint8_t>(kCabacTransLps[p] << 1 | (p == 0 ? 1 - mps : mps));
}

class CabacEncoder {
 public:
  struct State {
    uint32_t low, range, outstanding;
    bool first_bit;
  };
  // InitEncoder (9.3.4.1); the writer must be byte-aligned.
  void start(BitWriter* bw, CabacContexts* contexts) {
    bw_ = bw, ctx_ = contexts;
    restart();
  }
  void restart() { st_ = {0, 510, 0, true}; }
  void decision(int ctx, int bin) {
    uint8_t& s = ctx_->state[ctx];
    const uint32_t lps = kCabacRangeLps[s >> 1][(st_.range >> 6) & 3];
    st_.range -= lps;
    if (bin != (s & 1)) st_.low += st_.range, st_.range = lps;
    cabac_update(s, bin);
    renormalise();
  }
  void bypass(int bin) {
    st_.low <<= 1;
    if (bin) st_.low += st_.range;
    if (st_.low >= 1024) {
      put_bit(1);
      st_.low -= 1024;
    } else if (st_.low < 512) {
      put_bit(0);
    } else {
      st_.low -= 512;
      st_.outstanding++;
    }
  }
  void terminate(int bin) {
    st_.range -= 2;
    if (bin) {
      st_.low += st_.range;
      flush();
    } else {
      renormalise();
    }
  }
  // Bits written so far plus those the coder holds (about 10), for size limits.
  size_t bit_count() const { return bw_->bit_count() + st_.outstanding + 10; }
  const State& state() const { return st_; }
  void set_state(const State& s) { st_ = s; }
  CabacContexts* contexts() { return ctx_; }

 private:
  void renormalise() {
    while (st_.range < 256) {
      if (st_.low < 256) {
        put_bit(0);
      } else if (st_.low >= 512) {
        st_.low -= 512;
        put_bit(1);
      } else {
        st_.low -= 256;
        st_.outstanding++;
      }
      st_.range <<= 1;
      st_.low <<= 1;
    }
  }
  void put_bit(int b) {
    if (st_.first_bit)
      st_.first_bit = false;
    else
      bw_->put1(b);
    while (st_.outstanding) {  // the bits held back, each the opposite of b
      const int n = st_.outstanding > 31 ? 31 : static_cast<int>(st_.outstanding);
      bw_->put(b ? 0 : 0x7fffffffu, n);
      st_.outstanding -= n;
    }
  }
  // EncodeFlush (9.3.4.5): the last bit written is 1 (the rbsp_stop_one_bit at a slice's end).
  void flush() {
    st_.range = 2;
    renormalise();
    put_bit((st_.low >> 9) & 1);
    bw_->put(((st_.low >> 7) & 3) | 1, 2);
  }
  BitWriter* bw_ = nullptr;
  CabacContexts* ctx_ = nullptr;
  State st_ = {0, 510, 0, true};
};

// Prices bins in 1/256 bit against a private copy of the states.
class CabacCounter {
 public:
  explicit CabacCounter(const CabacContexts& from) { std::memcpy(ctx_.state, from.state, sizeof ctx_.state); }
  void decision(int ctx, int bin) {
    uint8_t& s = ctx_.state[ctx];
    cost_ += cabac_bin_cost(s, bin);
    cabac_update(s, bin);
  }
  void bypass(int) { cost_ += 256; }
  void terminate(int bin) { cost_ += bin ? 7 * 256 : 2; }  // about: range 2 of 510
  int cost() const { return cost_; }

 private:
  CabacContexts ctx_;
  int cost_ = 0;
};

}  // namespace h264
}  // namespace edgeav
