// Bit counting and byte order for GCC, clang and MSVC from one source. This is
// the only place in cpp/ where compiler builtins are spelled, and every branch
// computes the same values: tests/test_portability.py checks both.
#pragma once
#include <cstdint>

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif

// Byte order, for code that reads memory as wider words. Every target MSVC
// builds for is little-endian; GCC and clang say which they build for.
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#define EDGEAV_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#elif defined(_MSC_VER)
#define EDGEAV_LITTLE_ENDIAN 1
#else
#error "edgeav: unknown byte order"
#endif

// Unrolls the next loop fully (up to 16 iterations) before GCC decides where
// arrays live: SIMD kernels that keep arrays of accumulators need it, or GCC
// keeps half of them in memory, stored at every step (clang does either way).
#if defined(__GNUC__) || defined(__clang__)
#define EDGEAV_UNROLL _Pragma("GCC unroll 16")
#else
#define EDGEAV_UNROLL
#endif

// Inlines a small function into hot loops where the compiler's size heuristics
// would not (the CABAC encoder's bins).
#if defined(__GNUC__) || defined(__clang__)
#define EDGEAV_ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define EDGEAV_ALWAYS_INLINE __forceinline
#else
#define EDGEAV_ALWAYS_INLINE inline
#endif

// Keeps a function out of its callers where inlining crowds their registers
// (a CABAC residual block in the macroblock writer).
#if defined(__GNUC__) || defined(__clang__)
#define EDGEAV_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define EDGEAV_NOINLINE __declspec(noinline)
#else
#define EDGEAV_NOINLINE
#endif

// A condition that is rarely true: the compiler moves its code out of the way
// of the straight path (fewer instruction cache lines for the usual case).
#if defined(__GNUC__) || defined(__clang__)
#define EDGEAV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define EDGEAV_UNLIKELY(x) (x)
#endif

namespace edgeav {

// Leading zero bits of x; x must not be 0 (the instructions leave it undefined).
inline int clz32(uint32_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_clz(x);
#elif defined(_MSC_VER)
  unsigned long index;
  _BitScanReverse(&index, x);
  return 31 - static_cast<int>(index);
#else
  int n = 0;
  if (!(x & 0xFFFF0000u)) n += 16, x <<= 16;
  if (!(x & 0xFF000000u)) n += 8, x <<= 8;
  if (!(x & 0xF0000000u)) n += 4, x <<= 4;
  if (!(x & 0xC0000000u)) n += 2, x <<= 2;
  if (!(x & 0x80000000u)) n += 1;
  return n;
#endif
}

// Trailing zero bits of x; x must not be 0.
inline int ctz32(uint32_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctz(x);
#elif defined(_MSC_VER)
  unsigned long index;
  _BitScanForward(&index, x);
  return static_cast<int>(index);
#else
  return 31 - clz32(x & (0u - x));
#endif
}

inline int clz64(uint64_t x) {  // x must not be 0
  return x >> 32 ? clz32(static_cast<uint32_t>(x >> 32)) : 32 + clz32(static_cast<uint32_t>(x));
}

inline int popcount32(uint32_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_popcount(x);
#elif defined(_MSC_VER) && (defined(_M_IX86) || defined(_M_X64)) && defined(__AVX2__)
  // __popcnt is the POPCNT instruction, which baseline x86 lacks; every AVX2
  // CPU has it, and only /arch:AVX2 files define __AVX2__.
  return static_cast<int>(__popcnt(x));
#else
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return static_cast<int>((x * 0x01010101u) >> 24);
#endif
}

}  // namespace edgeav
