#pragma once
// Small UTF-8 helpers: validation, code-point splitting, lower-casing.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace attn::utf8 {

// Byte offset of the first invalid sequence, or npos when `text` is valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t first_invalid(std::string_view text);

// Splits valid UTF-8 into its code points, each as its bytes.
std::vector<std::string> code_points(std::string_view text);

std::size_t length(std::string_view text);  // in code points

// Lower-cases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters;
// other characters are kept as they are.
std::string to_lower(std::string_view text);

bool is_space(char32_t c);
bool is_punctuation(char32_t c);
char32_t decode(std::string_view code_point);
std::string encode(char32_t c);

}  // namespace attn::utf8
