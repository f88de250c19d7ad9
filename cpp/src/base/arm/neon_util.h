// Narrow unaligned loads and stores shared by the NEON kernels, for
// rows of 2 or 4 pixels and for reading exactly the bytes the C reference
// reads. They go through memcpy because GCC's vld1_lane_u32 dereferences a
// uint32_t* (undefined when unaligned); each compiles to one ldr/str or
// ld1/st1 lane access.
#pragma once
#include <arm_neon.h>

#include <cstdint>
#include <cstring>

namespace edgeav {

inline uint32_t load_u32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// p[0..3] in lanes 0-3, zero above.
inline uint8x8_t load4(const uint8_t* p) { return vreinterpret_u8_u32(vset_lane_u32(load_u32(p), vdup_n_u32(0), 0)); }

// a[0..3] in lanes 0-3, b[0..3] in lanes 4-7 (two rows of a 4-wide block).
inline uint8x8_t load4x2(const uint8_t* a, const uint8_t* b) {
  return vreinterpret_u8_u32(vset_lane_u32(load_u32(b), vdup_n_u32(load_u32(a)), 1));
}

// a[0..1] in lanes 0-1, b[0..1] in lanes 2-3.
inline uint8x8_t load2x2(const uint8_t* a, const uint8_t* b) {
  uint16_t va, vb;
  std::memcpy(&va, a, 2);
  std::memcpy(&vb, b, 2);
  return vreinterpret_u8_u16(vset_lane_u16(vb, vdup_n_u16(va), 1));
}

// Stores 32-bit lane `Lane` of v (4 pixels).
template <int Lane>
inline void store4(uint8_t* p, uint8x8_t v) {
  const uint32_t w = vget_lane_u32(vreinterpret_u32_u8(v), Lane);
  std::memcpy(p, &w, 4);
}
template <int Lane>
inline void store4(uint8_t* p, uint8x16_t v) {
  const uint32_t w = vgetq_lane_u32(vreinterpretq_u32_u8(v), Lane);
  std::memcpy(p, &w, 4);
}

// Stores 16-bit lane `Lane` of v (2 pixels).
template <int Lane>
inline void store2(uint8_t* p, uint8x8_t v) {
  const uint16_t w = vget_lane_u16(vreinterpret_u16_u8(v), Lane);
  std::memcpy(p, &w, 2);
}

// (a + 2b + c + 2) >> 2 without widening: the halving add floors (a + c) / 2,
// and the rounding add restores exactly the rounding the C performs.
inline uint8x8_t avg3(uint8x8_t a, uint8x8_t b, uint8x8_t c) { return vrhadd_u8(vhadd_u8(a, c), b); }
inline uint8x16_t avg3(uint8x16_t a, uint8x16_t b, uint8x16_t c) { return vrhaddq_u8(vhaddq_u8(a, c), b); }

// Lane-wise 16-bit operations on 4 lanes (one 4x4 block) or 8 lanes (two
// blocks side by side), overloaded so that one template serves both.
inline int16x4_t add(int16x4_t a, int16x4_t b) { return vadd_s16(a, b); }
inline int16x8_t add(int16x8_t a, int16x8_t b) { return vaddq_s16(a, b); }
inline uint16x4_t add(uint16x4_t a, uint16x4_t b) { return vadd_u16(a, b); }
inline uint16x8_t add(uint16x8_t a, uint16x8_t b) { return vaddq_u16(a, b); }
inline int16x4_t sub(int16x4_t a, int16x4_t b) { return vsub_s16(a, b); }
inline int16x8_t sub(int16x8_t a, int16x8_t b) { return vsubq_s16(a, b); }
inline int16x4_t shl1(int16x4_t a) { return vshl_n_s16(a, 1); }
inline int16x8_t shl1(int16x8_t a) { return vshlq_n_s16(a, 1); }
inline int16x4_t shr1(int16x4_t a) { return vshr_n_s16(a, 1); }
inline int16x8_t shr1(int16x8_t a) { return vshrq_n_s16(a, 1); }
// Transposes of lane pairs: trn1_16 gathers the even lanes of a and b
// interleaved, trn2_16 the odd ones; the _32 forms move 2-lane pairs.
inline int16x4_t trn1_16(int16x4_t a, int16x4_t b) { return vtrn1_s16(a, b); }
inline int16x8_t trn1_16(int16x8_t a, int16x8_t b) { return vtrn1q_s16(a, b); }
inline int16x4_t trn2_16(int16x4_t a, int16x4_t b) { return vtrn2_s16(a, b); }
inline int16x8_t trn2_16(int16x8_t a, int16x8_t b) { return vtrn2q_s16(a, b); }
inline int16x4_t trn1_32(int16x4_t a, int16x4_t b) {
  return vreinterpret_s16_s32(vtrn1_s32(vreinterpret_s32_s16(a), vreinterpret_s32_s16(b)));
}
inline int16x8_t trn1_32(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s32(vtrn1q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
}
inline int16x4_t trn2_32(int16x4_t a, int16x4_t b) {
  return vreinterpret_s16_s32(vtrn2_s32(vreinterpret_s32_s16(a), vreinterpret_s32_s16(b)));
}
inline int16x8_t trn2_32(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s32(vtrn2q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
}
// Interleaves of 2- and 4-lane groups: zip1 the low halves of a and b, zip2 the high ones.
inline int16x8_t zip1_32(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s32(vzip1q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
}
inline int16x8_t zip2_32(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s32(vzip2q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
}
inline int16x8_t zip1_64(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s64(vzip1q_s64(vreinterpretq_s64_s16(a), vreinterpretq_s64_s16(b)));
}
inline int16x8_t zip2_64(int16x8_t a, int16x8_t b) {
  return vreinterpretq_s16_s64(vzip2q_s64(vreinterpretq_s64_s16(a), vreinterpretq_s64_s16(b)));
}
inline uint16x4_t trn1_16(uint16x4_t a, uint16x4_t b) { return vtrn1_u16(a, b); }
inline uint16x4_t trn2_16(uint16x4_t a, uint16x4_t b) { return vtrn2_u16(a, b); }
inline uint16x4_t trn1_32(uint16x4_t a, uint16x4_t b) {
  return vreinterpret_u16_u32(vtrn1_u32(vreinterpret_u32_u16(a), vreinterpret_u32_u16(b)));
}
inline uint16x4_t trn2_32(uint16x4_t a, uint16x4_t b) {
  return vreinterpret_u16_u32(vtrn2_u32(vreinterpret_u32_u16(a), vreinterpret_u32_u16(b)));
}

// Transposes the 4x4 block(s) held in rows a..d (each 4-lane half separately).
template <typename V>
inline void transpose4x4(V& a, V& b, V& c, V& d) {
  const V t0 = trn1_16(a, b), t1 = trn2_16(a, b), t2 = trn1_16(c, d), t3 = trn2_16(c, d);
  a = trn1_32(t0, t2), b = trn1_32(t1, t3), c = trn2_32(t0, t2), d = trn2_32(t1, t3);
}

}  // namespace edgeav
