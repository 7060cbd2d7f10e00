// copy, reverse, sort, shift and addition.

#include <algorithm>
#include <numeric>

#include "data/task_generators.h"

namespace attn {
namespace {

std::string random_symbols(SeededRandom& random, const TaskConfig& config) {
  const auto length = random.between(config.min_length, config.max_length);
  std::string text;
  for (int64_t i = 0; i < length; ++i) {
    text.push_back(static_cast<char>('a' + random.between(0, config.symbols - 1)));
  }
  return text;
}

Alignment diagonal(size_t length) {
  Alignment alignment(length);
  for (size_t t = 0; t < length; ++t) alignment[t] = {static_cast<int>(t)};
  return alignment;
}

std::string random_number(SeededRandom& random, int64_t digits) {
  std::string number(1, static_cast<char>('0' + random.between(digits == 1 ? 0 : 1, 9)));
  for (int64_t i = 1; i < digits; ++i)
    number.push_back(static_cast<char>('0' + random.between(0, 9)));
  return number;
}

// Decimal sum of two digit strings.
std::string add_decimal(const std::string& a, const std::string& b) {
  std::string sum;
  int carry = 0;
  for (size_t place = 0; place < std::max(a.size(), b.size()) || carry; ++place) {
    int digit = carry;
    if (place < a.size()) digit += a[a.size() - 1 - place] - '0';
    if (place < b.size()) digit += b[b.size() - 1 - place] - '0';
    sum.push_back(static_cast<char>('0' + digit % 10));
    carry = digit / 10;
  }
  std::reverse(sum.begin(), sum.end());
  return sum;
}

}  // namespace

GeneratedExample generate_copy(SeededRandom& random, const TaskConfig& config) {
  const std::string source = random_symbols(random, config);
  return {{source, source}, diagonal(source.size())};
}

GeneratedExample generate_reverse(SeededRandom& random, const TaskConfig& config) {
  const std::string source = random_symbols(random, config);
  Alignment alignment(source.size());
  for (size_t t = 0; t < source.size(); ++t)
    alignment[t] = {static_cast<int>(source.size() - 1 - t)};
  return {{source, std::string(source.rbegin(), source.rend())}, alignment};
}

GeneratedExample generate_sort(SeededRandom& random, const TaskConfig& config) {
  const std::string source = random_symbols(random, config);
  std::vector<int> order(source.size());
  std::iota(order.begin(), order.end(), 0);
  // Stable, so equal symbols keep their order and the permutation is unique.
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return source[a] < source[b]; });
  std::string target;
  Alignment alignment;
  for (int index : order) {
    target.push_back(source[index]);
    alignment.push_back({index});
  }
  return {{source, target}, alignment};
}

GeneratedExample generate_shift(SeededRandom& random, const TaskConfig& config) {
  const std::string source = random_symbols(random, config);
  std::string target;
  for (char c : source)
    target.push_back(static_cast<char>('a' + (c - 'a' + config.shift) % config.symbols));
  return {{source, target}, diagonal(source.size())};
}

GeneratedExample generate_addition(SeededRandom& random, const TaskConfig& config) {
  const std::string a = random_number(random, random.between(config.min_length, config.max_length));
  const std::string b = random_number(random, random.between(config.min_length, config.max_length));
  const std::string source = a + "+" + b;
  const std::string sum = add_decimal(a, b);
  // A result digit depends on the operand digits of the same place value (and
  // the carry from below); a final carry digit comes from the leading digits.
  Alignment alignment(sum.size());
  for (size_t t = 0; t < sum.size(); ++t) {
    const size_t place = sum.size() - 1 - t;
    const size_t a_place = std::min(place, a.size() - 1);
    const size_t b_place = std::min(place, b.size() - 1);
    if (place < a.size() || place >= std::max(a.size(), b.size())) {
      alignment[t].push_back(static_cast<int>(a.size() - 1 - a_place));
    }
    if (place < b.size() || place >= std::max(a.size(), b.size())) {
      alignment[t].push_back(static_cast<int>(a.size() + 1 + b.size() - 1 - b_place));
    }
  }
  return {{source, sum}, alignment};
}

}  // namespace attn
