#include "license/ed25519.h"

#include <cstring>

#include "license/sha512.h"

namespace edgeav {

namespace {

// ---------------------------------------------------------------------------
// Field arithmetic modulo p = 2^255 - 19.
//
// An element is 16 limbs of 16 bits, value = sum(v[i] * 2^(16 i)), held in
// uint64_t so that a full schoolbook product (16 x 16 terms of at most ~2^32)
// accumulates without overflow and without any 128-bit type. Arithmetic is
// unsigned throughout, so every shift is well defined on every compiler.
//
// Invariant: every function below returns a "carried" element whose limbs
// are all < 2^16 + 38 (< 2^17). Values are only reduced to the canonical
// range [0, p) when encoded (fe_to_bytes); comparisons go through it.
// ---------------------------------------------------------------------------

struct Fe {
  uint64_t v[16];
};

const Fe kZero = {{0}};
const Fe kOne = {{1}};

// Edwards curve constant d = -121665 / 121666 mod p.
const Fe kD = {{0x78a3, 0x1359, 0x4dca, 0x75eb, 0xd8ab, 0x4141, 0x0a4d, 0x0070,
                0xe898, 0x7779, 0x4079, 0x8cc7, 0xfe73, 0x2b6f, 0x6cee, 0x5203}};

// 2 * d mod p, used by the addition formula.
const Fe kD2 = {{0xf159, 0x26b2, 0x9b94, 0xebd6, 0xb156, 0x8283, 0x149a, 0x00e0,
                 0xd130, 0xeef3, 0x80f2, 0x198e, 0xfce7, 0x56df, 0xd9dc, 0x2406}};

// sqrt(-1) = 2^((p - 1) / 4) mod p, used when the first square-root
// candidate is off by that factor.
const Fe kSqrtM1 = {{0xa0b0, 0x4a0e, 0x1b27, 0xc4ee, 0xe478, 0xad2f, 0x1806, 0x2f43,
                     0xd7a7, 0x3dfb, 0x0099, 0x2b4d, 0xdf0b, 0x4fc1, 0x2480, 0x2b83}};

// p itself, limb by limb: used by the final conditional subtraction.
const Fe kP = {{0xffed, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
                0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x7fff}};

// Base point B (RFC 8032 section 5.1): y = 4/5, x the even root.
const Fe kBaseX = {{0xd51a, 0x8f25, 0x2d60, 0xc956, 0xa7b2, 0x9525, 0xc760, 0x692c,
                    0xdc5c, 0xfdd6, 0xe231, 0xc0a4, 0x53fe, 0xcd6e, 0x36d3, 0x2169}};
const Fe kBaseY = {{0x6658, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666,
                    0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666}};

// Exponents for fe_pow, little-endian bytes:
// p - 2 = 2^255 - 21 (Fermat inversion) and
// (p - 5) / 8 = 2^252 - 3 (square-root candidate, RFC 8032 section 5.1.3).
const uint8_t kExpPMinus2[32] = {
    0xeb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
const uint8_t kExpPMinus5Over8[32] = {
    0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f};

// Moves each limb's excess above 16 bits into the next limb. What overflows
// limb 15 is worth 2^256 = 2 * 2^255 = 2 * 19 = 38 (mod p), so it wraps into
// limb 0 multiplied by 38. Two passes restore the invariant even after a
// multiplication (the second pass only ever moves a few units).
void fe_carry(Fe& a) {
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 16; ++i) {
      const uint64_t carry = a.v[i] >> 16;
      a.v[i] &= 0xffff;
      if (i < 15) {
        a.v[i + 1] += carry;
      } else {
        a.v[0] += 38 * carry;
      }
    }
  }
}

Fe fe_add(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 16; ++i) r.v[i] = a.v[i] + b.v[i];
  fe_carry(r);
  return r;
}

// a - b computed as a + 4p - b: each limb of 4p exceeds the matching limb of
// any carried b, so no limb goes negative and unsigned arithmetic suffices.
Fe fe_sub(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 16; ++i) r.v[i] = a.v[i] + 4 * kP.v[i] - b.v[i];
  fe_carry(r);
  return r;
}

Fe fe_neg(const Fe& a) { return fe_sub(kZero, a); }

// Schoolbook product into 31 columns, then columns 16..30 (weight 2^256 and
// up) folded down with 2^256 = 38 (mod p). Bounds: limbs < 2^17 give column
// sums < 2^38, and the fold keeps everything < 2^44.
Fe fe_mul(const Fe& a, const Fe& b) {
  uint64_t col[31] = {0};
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) col[i + j] += a.v[i] * b.v[j];
  }
  Fe r;
  for (int i = 0; i < 15; ++i) r.v[i] = col[i] + 38 * col[i + 16];
  r.v[15] = col[15];
  fe_carry(r);
  return r;
}

Fe fe_sq(const Fe& a) { return fe_mul(a, a); }

// a^e for a 256-bit exponent given as little-endian bytes; plain
// left-to-right square-and-multiply (the exponents are public constants).
Fe fe_pow(const Fe& a, const uint8_t exponent[32]) {
  Fe r = kOne;
  for (int bit = 255; bit >= 0; --bit) {
    r = fe_sq(r);
    if ((exponent[bit / 8] >> (bit % 8)) & 1) r = fe_mul(r, a);
  }
  return r;
}

// 1/a = a^(p-2) (Fermat). Only applied to nonzero values here.
Fe fe_invert(const Fe& a) { return fe_pow(a, kExpPMinus2); }

// Reads 255 bits little-endian; bit 255 (the sign bit of a point encoding)
// is dropped. The result may be >= p: callers that care check canonicity.
Fe fe_from_bytes(const uint8_t in[32]) {
  Fe r;
  for (int i = 0; i < 16; ++i) {
    r.v[i] = static_cast<uint64_t>(in[2 * i]) | (static_cast<uint64_t>(in[2 * i + 1]) << 8);
  }
  r.v[15] &= 0x7fff;
  return r;
}

// Propagates carries through limbs 0..14 only, leaving all the excess in
// limb 15 (no wrap-around), so the bits at and above 2^255 are visible.
void fe_propagate(Fe& a) {
  for (int i = 0; i < 15; ++i) {
    a.v[i + 1] += a.v[i] >> 16;
    a.v[i] &= 0xffff;
  }
}

// The unique representative in [0, p), as 32 little-endian bytes.
void fe_to_bytes(uint8_t out[32], const Fe& a) {
  Fe t = a;
  // Fold bits >= 255 back in as 2^255 = 19 (mod p). A carried input is
  // < 2^258; after one fold it is < 2^255 + 2^8, after the second < 2^255.
  for (int round = 0; round < 2; ++round) {
    fe_propagate(t);
    const uint64_t top = t.v[15] >> 15;
    t.v[15] &= 0x7fff;
    t.v[0] += 19 * top;
  }
  fe_propagate(t);

  // Now 0 <= t < 2^255 < 2p: subtract p once if t >= p. Unsigned limb
  // differences wrap on borrow, which the shifted-out high bits reveal.
  Fe m;
  uint64_t borrow = 0;
  for (int i = 0; i < 16; ++i) {
    const uint64_t diff = t.v[i] - kP.v[i] - borrow;
    m.v[i] = diff & 0xffff;
    borrow = (diff >> 16) & 1;
  }
  const Fe& r = borrow ? t : m;  // borrow means t < p: keep t

  for (int i = 0; i < 16; ++i) {
    out[2 * i] = static_cast<uint8_t>(r.v[i]);
    out[2 * i + 1] = static_cast<uint8_t>(r.v[i] >> 8);
  }
}

bool fe_equal(const Fe& a, const Fe& b) {
  uint8_t ea[32], eb[32];
  fe_to_bytes(ea, a);
  fe_to_bytes(eb, b);
  return std::memcmp(ea, eb, 32) == 0;
}

bool fe_is_zero(const Fe& a) { return fe_equal(a, kZero); }

// The "sign" of x in RFC 8032 encodings: the low bit of its canonical value.
int fe_is_odd(const Fe& a) {
  uint8_t e[32];
  fe_to_bytes(e, a);
  return e[0] & 1;
}

// ---------------------------------------------------------------------------
// Points of edwards25519, -x^2 + y^2 = 1 + d x^2 y^2, in extended
// homogeneous coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z
// (RFC 8032 section 5.1.4). The formulas used are complete: they need no
// special cases for the identity or for equal inputs.
// ---------------------------------------------------------------------------

struct Point {
  Fe X, Y, Z, T;
};

Point point_identity() { return Point{kZero, kOne, kOne, kZero}; }

Point point_from_affine(const Fe& x, const Fe& y) {
  return Point{x, y, kOne, fe_mul(x, y)};
}

// -(x, y) = (-x, y).
Point point_neg(const Point& p) {
  return Point{fe_neg(p.X), p.Y, p.Z, fe_neg(p.T)};
}

Point point_add(const Point& p, const Point& q) {
  const Fe a = fe_mul(fe_sub(p.Y, p.X), fe_sub(q.Y, q.X));
  const Fe b = fe_mul(fe_add(p.Y, p.X), fe_add(q.Y, q.X));
  const Fe c = fe_mul(fe_mul(p.T, kD2), q.T);
  const Fe d = fe_mul(fe_add(p.Z, p.Z), q.Z);
  const Fe e = fe_sub(b, a);
  const Fe f = fe_sub(d, c);
  const Fe g = fe_add(d, c);
  const Fe h = fe_add(b, a);
  return Point{fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// Dedicated doubling: cheaper than point_add(p, p), same result.
Point point_double(const Point& p) {
  const Fe a = fe_sq(p.X);
  const Fe b = fe_sq(p.Y);
  const Fe zz = fe_sq(p.Z);
  const Fe c = fe_add(zz, zz);
  const Fe h = fe_add(a, b);
  const Fe e = fe_sub(h, fe_sq(fe_add(p.X, p.Y)));
  const Fe g = fe_sub(a, b);
  const Fe f = fe_add(c, g);
  return Point{fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// RFC 8032 section 5.1.2: y in the low 255 bits, the low bit of x on top.
void point_encode(uint8_t out[32], const Point& p) {
  const Fe z_inv = fe_invert(p.Z);
  const Fe x = fe_mul(p.X, z_inv);
  const Fe y = fe_mul(p.Y, z_inv);
  fe_to_bytes(out, y);
  out[31] = static_cast<uint8_t>(out[31] | (fe_is_odd(x) << 7));
}

// RFC 8032 section 5.1.3. Fails for a non-canonical y (y >= p), for a y with
// no matching x on the curve, and for x = 0 with the sign bit set.
bool point_decode(Point* out, const uint8_t in[32]) {
  const Fe y = fe_from_bytes(in);
  const int sign = in[31] >> 7;

  // y >= p: its canonical re-encoding differs from the input's 255 bits.
  uint8_t canonical[32];
  fe_to_bytes(canonical, y);
  uint8_t given[32];
  std::memcpy(given, in, 32);
  given[31] &= 0x7f;
  if (std::memcmp(canonical, given, 32) != 0) return false;

  // x^2 = u / v with u = y^2 - 1 and v = d y^2 + 1 (v is never 0 since d is
  // not a square). Candidate root without a division:
  // x = u v^3 (u v^7)^((p-5)/8).
  const Fe y2 = fe_sq(y);
  const Fe u = fe_sub(y2, kOne);
  const Fe v = fe_add(fe_mul(kD, y2), kOne);
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe x = fe_mul(fe_mul(u, v3), fe_pow(fe_mul(u, v7), kExpPMinus5Over8));

  // The candidate squares to +u/v (done), to -u/v (fix by sqrt(-1)), or to
  // neither (u/v is not a square: no point has this y).
  const Fe vx2 = fe_mul(v, fe_sq(x));
  if (fe_equal(vx2, u)) {
    // x is a root already.
  } else if (fe_equal(vx2, fe_neg(u))) {
    x = fe_mul(x, kSqrtM1);
  } else {
    return false;
  }

  // x = 0 has no negative: a set sign bit is an invalid (non-canonical) code.
  if (sign && fe_is_zero(x)) return false;
  if (fe_is_odd(x) != sign) x = fe_neg(x);

  *out = point_from_affine(x, y);
  return true;
}

// ---------------------------------------------------------------------------
// Scalars (integers modulo the group order L = 2^252 +
// 27742317777372353535851937790883648493), as 32 little-endian bytes.
// ---------------------------------------------------------------------------

const uint8_t kOrderL[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
    0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// S must be the canonical encoding: 0 <= S < L (RFC 8032 section 5.1.7);
// otherwise S and S + L would both verify (signature malleability).
bool scalar_is_canonical(const uint8_t s[32]) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kOrderL[i]) return s[i] < kOrderL[i];
  }
  return false;  // S == L
}

// A 512-bit integer as 16 little-endian 32-bit limbs, for the reduction.
struct Wide {
  uint32_t v[16];
};

bool wide_geq(const Wide& a, const Wide& b) {
  for (int i = 15; i >= 0; --i) {
    if (a.v[i] != b.v[i]) return a.v[i] > b.v[i];
  }
  return true;
}

void wide_sub(Wide& a, const Wide& b) {  // a -= b, requires a >= b
  uint64_t borrow = 0;
  for (int i = 0; i < 16; ++i) {
    const uint64_t diff = static_cast<uint64_t>(a.v[i]) - b.v[i] - borrow;
    a.v[i] = static_cast<uint32_t>(diff);
    borrow = (diff >> 32) & 1;
  }
}

void wide_shift_left1(Wide& a) {
  for (int i = 15; i > 0; --i) a.v[i] = (a.v[i] << 1) | (a.v[i - 1] >> 31);
  a.v[0] <<= 1;
}

void wide_shift_right1(Wide& a) {
  for (int i = 0; i < 15; ++i) a.v[i] = (a.v[i] >> 1) | (a.v[i + 1] << 31);
  a.v[15] >>= 1;
}

Wide wide_from_bytes(const uint8_t* in, int n) {  // n <= 64 bytes, LE
  Wide w = {{0}};
  for (int i = 0; i < n; ++i) w.v[i / 4] |= static_cast<uint32_t>(in[i]) << (8 * (i % 4));
  return w;
}

// out = (64-byte little-endian number) mod L, by binary long division: try
// to subtract L * 2^shift for shift = 259 down to 0 (L * 2^259 is the
// largest multiple below 2^512). Speed is irrelevant here: it runs once
// per verification.
void scalar_reduce64(uint8_t out[32], const uint8_t in[64]) {
  Wide x = wide_from_bytes(in, 64);
  Wide l_shifted = wide_from_bytes(kOrderL, 32);
  const int kMaxShift = 512 - 253;  // L has 253 bits
  for (int i = 0; i < kMaxShift; ++i) wide_shift_left1(l_shifted);
  for (int shift = kMaxShift; shift >= 0; --shift) {
    if (wide_geq(x, l_shifted)) wide_sub(x, l_shifted);
    wide_shift_right1(l_shifted);
  }
  for (int i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(x.v[i / 4] >> (8 * (i % 4)));
}

int scalar_bit(const uint8_t s[32], int bit) { return (s[bit / 8] >> (bit % 8)) & 1; }

// [a]P + [b]Q with one shared chain of doublings (Straus/Shamir's trick):
// each bit position doubles once and adds P, Q or P + Q as the bits say.
Point double_scalar_mul(const uint8_t a[32], const Point& p, const uint8_t b[32],
                        const Point& q) {
  const Point p_plus_q = point_add(p, q);
  Point r = point_identity();
  for (int bit = 255; bit >= 0; --bit) {
    r = point_double(r);
    const int ba = scalar_bit(a, bit);
    const int bb = scalar_bit(b, bit);
    if (ba && bb) {
      r = point_add(r, p_plus_q);
    } else if (ba) {
      r = point_add(r, p);
    } else if (bb) {
      r = point_add(r, q);
    }
  }
  return r;
}

}  // namespace

// RFC 8032 section 5.1.7.
bool ed25519_verify(const uint8_t signature[64], const uint8_t* message,
                    size_t message_len, const uint8_t public_key[32]) {
  const uint8_t* r_bytes = signature;
  const uint8_t* s_bytes = signature + 32;

  if (!scalar_is_canonical(s_bytes)) return false;
  Point a;
  if (!point_decode(&a, public_key)) return false;
  // R is only compared as bytes below, but decoding it first rejects
  // invalid encodings explicitly, as section 5.1.7 step 1 asks.
  Point r;
  if (!point_decode(&r, r_bytes)) return false;

  // k = SHA-512(R || A || M) mod L.
  uint8_t digest[64];
  Sha512 hash;
  hash.update(r_bytes, 32);
  hash.update(public_key, 32);
  hash.update(message, message_len);
  hash.finish(digest);
  uint8_t k[32];
  scalar_reduce64(k, digest);

  // [S]B == R + [k]A  <=>  [S]B - [k]A == R. The encoding is canonical and
  // unique per point, so comparing it with the R bytes is an exact group
  // equality test (and R's encoding was already checked to be canonical).
  const Point base = point_from_affine(kBaseX, kBaseY);
  const Point check = double_scalar_mul(s_bytes, base, k, point_neg(a));
  uint8_t encoded[32];
  point_encode(encoded, check);
  return std::memcmp(encoded, r_bytes, 32) == 0;
}

}  // namespace edgeav
