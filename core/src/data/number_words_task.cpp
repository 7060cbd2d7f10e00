// number-words: "1234" → "one thousand two hundred thirty four".

#include <array>

#include "attn/tasks.h"
#include "data/task_generators.h"

namespace attn {
namespace {

const std::array<const char*, 20> kOnes = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
const std::array<const char*, 10> kTens = {"",      "",      "twenty",  "thirty", "forty",
                                           "fifty", "sixty", "seventy", "eighty", "ninety"};
const std::array<const char*, 5> kScales = {"", "thousand", "million", "billion", "trillion"};

// Words with the source digit positions each one comes from.
struct Word {
  std::string text;
  std::vector<int> digits;
};

// Words of a group of up to three digits whose first digit sits at `offset`
// in the source string.
void group_words(const std::string& group, int offset, std::vector<Word>& words) {
  const int size = static_cast<int>(group.size());
  auto digit = [&](int from_right) {
    return from_right < size ? group[size - 1 - from_right] - '0' : 0;
  };
  auto position = [&](int from_right) { return offset + size - 1 - from_right; };
  const int hundreds = digit(2), tens = digit(1), ones = digit(0);
  if (hundreds > 0) {
    words.push_back({kOnes[hundreds], {position(2)}});
    words.push_back({"hundred", {position(2)}});
  }
  if (tens == 1) {
    words.push_back({kOnes[10 + ones], {position(1), position(0)}});
  } else {
    if (tens > 1) words.push_back({kTens[tens], {position(1)}});
    if (ones > 0) words.push_back({kOnes[ones], {position(0)}});
  }
}

std::vector<Word> words_of(const std::string& digits) {
  std::vector<Word> words;
  if (digits.find_first_not_of('0') == std::string::npos) return {{"zero", {0}}};
  const int size = static_cast<int>(digits.size());
  const int groups = (size + 2) / 3;
  for (int g = groups - 1; g >= 0; --g) {
    const int end = size - 3 * g;
    const int start = std::max(0, end - 3);
    const std::string group = digits.substr(start, end - start);
    if (group.find_first_not_of('0') == std::string::npos) continue;
    group_words(group, start, words);
    if (g > 0) {
      std::vector<int> positions;
      for (int p = start; p < end; ++p) positions.push_back(p);
      words.push_back({kScales[g], positions});
    }
  }
  return words;
}

std::string random_digits(SeededRandom& random, int64_t count) {
  std::string digits(1, static_cast<char>('0' + random.between(count == 1 ? 0 : 1, 9)));
  for (int64_t i = 1; i < count; ++i)
    digits.push_back(static_cast<char>('0' + random.between(0, 9)));
  return digits;
}

}  // namespace

std::string number_to_words(std::int64_t value) {
  std::string text;
  for (const auto& word : words_of(std::to_string(value)))
    text += (text.empty() ? "" : " ") + word.text;
  return text;
}

GeneratedExample generate_number_words(SeededRandom& random, const TaskConfig& config) {
  const std::string source =
      random_digits(random, random.between(config.min_length, config.max_length));
  std::string target;
  Alignment alignment;
  for (const auto& word : words_of(source)) {
    if (!target.empty()) {
      target.push_back(' ');
      alignment.push_back({});  // a space comes from no digit
    }
    target += word.text;
    for (size_t i = 0; i < word.text.size(); ++i) alignment.push_back(word.digits);
  }
  return {{source, target}, alignment};
}

}  // namespace attn
