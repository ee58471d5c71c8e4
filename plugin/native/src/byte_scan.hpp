// SPDX-License-Identifier: MIT
#pragma once
// Finding the next interesting byte in the lexer's and the SATD rule's hot loops (identifier
// bodies, blank runs, string bodies, comment words, the text check) 16 bytes at a time instead of
// one by one.
//
// Every function takes a range [p, end) and returns the first position in it whose byte has the
// property, or `end`. They never read outside the range (a 16-byte block is loaded only when 16
// bytes remain; the rest is scanned byte by byte), so they are safe at the end of any buffer.
//
// Two implementations with the same contract: `portable` (table-driven, any target) and `sse2`
// (SSE2 is part of the x86-64 baseline, so no run-time dispatch is needed). The unqualified names
// pick SSE2 where the compiler targets it and the portable code everywhere else; the tests
// compare both on random input.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pmat::native::detail::scan {

// Identifier bytes: ASCII letters, digits, '_', '$' and every byte >= 0x80 (UTF-8 letters).
constexpr std::array<bool, 256> k_identifier_bytes = [] {
   std::array<bool, 256> table{};
   for (int c = 0; c < 256; ++c) {
      table[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                           (c >= '0' && c <= '9') || c == '_' || c == '$' ||
                                           c >= 0x80;
   }
   return table;
}();

inline bool identifier_byte(char c) {
   return k_identifier_bytes[static_cast<unsigned char>(c)];
}

// Whether the three bytes at `p` begin an SATD admission phrase's first word ("code",
// "temporary", "performance"): "cod", "tem" or "per" in any ASCII case. OR-ing 0x20 folds case
// exactly for these letters, and maps no other byte onto them.
inline bool phrase_start(const char *p) {
   const auto lower = [p](int i) { return static_cast<unsigned char>(p[i]) | 0x20u; };
   const auto first = lower(0);
   const auto second = lower(1);
   const auto third = lower(2);
   return (first == 'c' && second == 'o' && third == 'd') ||
          (second == 'e' && ((first == 't' && third == 'm') || (first == 'p' && third == 'r')));
}

namespace portable {

// First byte that is not an identifier byte (the end of a word).
inline const char *identifier_end(const char *p, const char *end) {
   while (p < end && identifier_byte(*p)) {
      ++p;
   }
   return p;
}

// First byte that is not `blank`.
inline const char *skip_byte(const char *p, const char *end, char blank) {
   while (p < end && *p == blank) {
      ++p;
   }
   return p;
}

// First byte equal to `a`, `b` or `c`.
inline const char *find_any_of(const char *p, const char *end, char a, char b, char c) {
   while (p < end && *p != a && *p != b && *p != c) {
      ++p;
   }
   return p;
}

// First position whose three bytes satisfy phrase_start (only positions with all three bytes
// in the range count); `end` when there is none.
inline const char *find_phrase_start(const char *p, const char *end) {
   while (end - p >= 3 && !phrase_start(p)) {
      ++p;
   }
   return end - p >= 3 ? p : end;
}

// First byte that is one of `Set` (a handful of bytes fixed at compile time).
template <char... Set> inline const char *find_first_of(const char *p, const char *end) {
   while (p < end && ((*p != Set) && ...)) {
      ++p;
   }
   return p;
}

// First position i with p[i] == a and p[i + 1] == b, both in the range (a two-byte closer such as
// `*/`); `end` when there is none.
inline const char *find_pair(const char *p, const char *end, char a, char b) {
   while (end - p >= 2 && !(p[0] == a && p[1] == b)) {
      ++p;
   }
   return end - p >= 2 ? p : end;
}

// First byte that is NUL or >= 0x80 (the start of a multi-byte UTF-8 sequence, or a stray
// byte): what the text check stops at; eight bytes at a time (a zero byte found by the classic
// has-zero-byte test, (w - 0x01..) & ~w & 0x80..).
inline const char *first_nul_or_non_ascii(const char *p, const char *end) {
   constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
   constexpr std::uint64_t k_low_bits = 0x0101010101010101ULL;
   while (end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, sizeof word);
      if (((word | ((word - k_low_bits) & ~word)) & k_high_bits) != 0) {
         break;
      }
      p += 8;
   }
   while (p < end && *p != '\0' && static_cast<unsigned char>(*p) < 0x80) {
      ++p;
   }
   return p;
}

} // namespace portable

#if defined(__SSE2__)
namespace sse2 {

inline __m128i bytes(char c) {
   return _mm_set1_epi8(c);
}

// Bit i set when byte i of `v` is in [low, low + count): shift the range to the bottom of the
// signed bytes, where one signed compare tests it.
inline __m128i in_range(__m128i v, unsigned char low, int count) {
   const __m128i shifted = _mm_add_epi8(v, bytes(static_cast<char>(128 - low)));
   return _mm_cmplt_epi8(shifted, bytes(static_cast<char>(-128 + count)));
}

inline unsigned identifier_mask(__m128i v) {
   const __m128i letter = in_range(_mm_or_si128(v, bytes(0x20)), 'a', 26);
   const __m128i digit = in_range(v, '0', 10);
   const __m128i high = _mm_cmplt_epi8(v, _mm_setzero_si128());
   const __m128i marks = _mm_or_si128(_mm_cmpeq_epi8(v, bytes('_')), _mm_cmpeq_epi8(v, bytes('$')));
   const __m128i all = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(high, marks));
   return static_cast<unsigned>(_mm_movemask_epi8(all));
}

inline __m128i load(const char *p) {
   return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}

// Runs `hits(block)` (a 16-bit mask of matching bytes) over whole blocks, then the portable
// `tail` over the last partial block.
template <class Hits, class Tail>
const char *find(const char *p, const char *end, Hits hits, Tail tail) {
   while (end - p >= 16) {
      const unsigned mask = hits(load(p));
      if (mask != 0) {
         return p + std::countr_zero(mask);
      }
      p += 16;
   }
   return tail(p, end);
}

inline const char *identifier_end(const char *p, const char *end) {
   return find(
       p, end, [](__m128i v) { return ~identifier_mask(v) & 0xFFFFu; }, portable::identifier_end);
}

inline const char *skip_byte(const char *p, const char *end, char blank) {
   const auto hits = [blank](__m128i v) {
      return ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, bytes(blank)))) & 0xFFFFu;
   };
   return find(p, end, hits,
               [blank](const char *q, const char *e) { return portable::skip_byte(q, e, blank); });
}

inline const char *find_any_of(const char *p, const char *end, char a, char b, char c) {
   const auto hits = [a, b, c](__m128i v) {
      const __m128i any =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bytes(a)), _mm_cmpeq_epi8(v, bytes(b))),
                       _mm_cmpeq_epi8(v, bytes(c)));
      return static_cast<unsigned>(_mm_movemask_epi8(any));
   };
   return find(p, end, hits, [a, b, c](const char *q, const char *e) {
      return portable::find_any_of(q, e, a, b, c);
   });
}

// Lane i is set when lower-cased bytes i, i+1, i+2 of the 18 bytes at `p` spell a phrase start.
inline unsigned phrase_start_mask(const char *p) {
   const __m128i case_bit = bytes(0x20);
   const __m128i first = _mm_or_si128(load(p), case_bit);
   const __m128i second = _mm_or_si128(load(p + 1), case_bit);
   const __m128i third = _mm_or_si128(load(p + 2), case_bit);
   const auto is = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, bytes(c)); };
   const __m128i code =
       _mm_and_si128(_mm_and_si128(is(first, 'c'), is(second, 'o')), is(third, 'd'));
   const __m128i tem = _mm_and_si128(is(first, 't'), is(third, 'm'));
   const __m128i per = _mm_and_si128(is(first, 'p'), is(third, 'r'));
   const __m128i e_words = _mm_and_si128(is(second, 'e'), _mm_or_si128(tem, per));
   return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(code, e_words)));
}

// 16 positions per step while the 18 bytes they read are in the range; the last 17 bytes or
// fewer (every short comment is only that) in one more step on a zero-padded copy: a zero byte
// is no letter, so no phrase start reaches past the range.
inline const char *find_phrase_start(const char *p, const char *end) {
   while (end - p >= 18) {
      const unsigned mask = phrase_start_mask(p);
      if (mask != 0) {
         return p + std::countr_zero(mask);
      }
      p += 16;
   }
   if (end - p < 3) {
      return end;
   }
   char tail[18] = {};
   std::memcpy(tail, p, static_cast<std::size_t>(end - p));
   const unsigned mask = phrase_start_mask(tail);
   return mask != 0 ? p + std::countr_zero(mask) : end;
}

template <char... Set> inline const char *find_first_of(const char *p, const char *end) {
   const auto hits = [](__m128i v) {
      const __m128i any = (_mm_cmpeq_epi8(v, bytes(Set)) | ...);
      return static_cast<unsigned>(_mm_movemask_epi8(any));
   };
   return find(p, end, hits, portable::find_first_of<Set...>);
}

// 16 positions per step while the 17 bytes they read are in the range.
inline const char *find_pair(const char *p, const char *end, char a, char b) {
   while (end - p >= 17) {
      const __m128i pair =
          _mm_and_si128(_mm_cmpeq_epi8(load(p), bytes(a)), _mm_cmpeq_epi8(load(p + 1), bytes(b)));
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(pair));
      if (mask != 0) {
         return p + std::countr_zero(mask);
      }
      p += 16;
   }
   return portable::find_pair(p, end, a, b);
}

// A byte is plain text (neither NUL nor >= 0x80) exactly when it is above zero as a signed byte.
// Whole files go through this, so 64 bytes are tested per step; the block holding the hit is
// then found 16 bytes at a time.
inline const char *first_nul_or_non_ascii(const char *p, const char *end) {
   const auto plain = [](const char *q) { return _mm_cmpgt_epi8(load(q), _mm_setzero_si128()); };
   while (end - p >= 64) {
      const __m128i all = _mm_and_si128(_mm_and_si128(plain(p), plain(p + 16)),
                                        _mm_and_si128(plain(p + 32), plain(p + 48)));
      if (_mm_movemask_epi8(all) != 0xFFFF) {
         break;
      }
      p += 64;
   }
   const auto hits = [](__m128i v) {
      return ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_setzero_si128()))) &
             0xFFFFu;
   };
   return find(p, end, hits, portable::first_nul_or_non_ascii);
}

} // namespace sse2

using sse2::find_any_of;
using sse2::find_first_of;
using sse2::find_pair;
using sse2::find_phrase_start;
using sse2::first_nul_or_non_ascii;
using sse2::identifier_end;
using sse2::skip_byte;
#else
using portable::find_any_of;
using portable::find_first_of;
using portable::find_pair;
using portable::find_phrase_start;
using portable::first_nul_or_non_ascii;
using portable::identifier_end;
using portable::skip_byte;
#endif

} // namespace pmat::native::detail::scan
