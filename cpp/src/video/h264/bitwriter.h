// MSB-first bit writer for RBSP payloads (Exp-Golomb codes of 7.2 / 9.1).
// The buffer is sized by the caller at creation; a write past its end sets
// overflow() instead of writing, so a frame never reallocates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bits.h"

namespace edgeav {
namespace h264 {

class BitWriter {
 public:
  void reset(uint8_t* buf, size_t capacity) {
    buf_ = buf, cap_ = capacity, pos_ = 0, acc_ = 0, nacc_ = 0, overflow_ = false;
  }
  void put(uint32_t value, int bits) {  // bits <= 32
    // The accumulator holds fewer than 32 pending bits between calls, so it
    // takes any put whole; 32 of them go out at once.
    acc_ = (acc_ << bits) | (value & ((uint64_t{1} << bits) - 1));
    nacc_ += bits;
    if (nacc_ >= 32) {
      nacc_ -= 32;
      emit32(static_cast<uint32_t>(acc_ >> nacc_));
    }
  }
  void put1(int bit) { put(bit & 1, 1); }
  void ue(uint32_t v) {  // ue(v): codeNum v as 2*floor(log2(v+1))+1 bits
    const uint32_t x = v + 1;
    const int len = 32 - clz32(x);
    put(0, len - 1);
    put(x, len);
  }
  void se(int v) { ue(v <= 0 ? static_cast<uint32_t>(-2 * static_cast<int64_t>(v)) : static_cast<uint32_t>(2 * v - 1)); }
  void align_zero() {
    if (nacc_ % 8) put(0, 8 - nacc_ % 8);
  }
  void trailing_bits() {  // rbsp_stop_one_bit + alignment zeros, everything written out
    put1(1);
    align_and_flush();
  }
  void align_and_flush() {  // alignment zeros, everything written out
    if (nacc_ % 8) put(0, 8 - nacc_ % 8);
    for (; nacc_; nacc_ -= 8) emit(static_cast<uint8_t>(acc_ >> (nacc_ - 8)));
  }
  // A whole byte with nothing pending (after align_and_flush): the CABAC coder's
  // output, which needs no accumulator.
  void put_byte(uint32_t b) { emit(static_cast<uint8_t>(b)); }
  void put_word(uint32_t w) { emit32(w); }  // four such bytes, the first in the top bits
  // A place in the stream to come back to: rewind() drops everything written after it.
  struct Mark {
    size_t pos;
    uint64_t acc;
    int nacc;
    bool overflow;
  };
  Mark mark() const { return {pos_, acc_, nacc_, overflow_}; }
  void rewind(const Mark& m) { pos_ = m.pos, acc_ = m.acc, nacc_ = m.nacc, overflow_ = m.overflow; }
  size_t bit_count() const { return pos_ * 8 + nacc_; }
  size_t bytes() const { return pos_; }  // bytes written out (all of them after trailing_bits)
  bool overflow() const { return overflow_; }

 private:
  void emit(uint8_t b) {
    if (pos_ < cap_)
      buf_[pos_++] = b;
    else
      overflow_ = true;
  }
  void emit32(uint32_t v) {
    if (pos_ + 4 > cap_) {
      for (int shift = 24; shift >= 0; shift -= 8) emit(static_cast<uint8_t>(v >> shift));
      return;
    }
    buf_[pos_] = static_cast<uint8_t>(v >> 24), buf_[pos_ + 1] = static_cast<uint8_t>(v >> 16);
    buf_[pos_ + 2] = static_cast<uint8_t>(v >> 8), buf_[pos_ + 3] = static_cast<uint8_t>(v);
    pos_ += 4;
  }
  uint8_t* buf_ = nullptr;
  size_t cap_ = 0, pos_ = 0;
  uint64_t acc_ = 0;
  int nacc_ = 0;
  bool overflow_ = false;
};

// Bits of ue(v) / se(v), for rate estimates.
inline int ue_bits(uint32_t v) { return 2 * (31 - clz32(v + 1)) + 1; }
// The codeNum of v is 2|v| - 1 or 2|v|, which have the same length: 2 log2(2|v|) + 1 bits.
inline int se_bits(int v) {
  const uint32_t twice = 2u * static_cast<uint32_t>(v < 0 ? -v : v);
  return 2 * (31 - clz32(twice | 1)) + 1;
}

// Appends a NAL unit (Annex B start code, header, RBSP with emulation
// prevention bytes) to `out`, which has its capacity reserved at creation.
void append_nal(std::vector<uint8_t>* out, int nal_ref_idc, int nal_unit_type, const uint8_t* rbsp, size_t size);
// How many emulation prevention bytes append_nal adds to this RBSP.
size_t emulation_prevention_bytes(const uint8_t* rbsp, size_t size);

}  // namespace h264
}  // namespace edgeav
