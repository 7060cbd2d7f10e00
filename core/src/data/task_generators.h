#pragma once
// One generator per built-in task. Each returns a pair with its ideal
// alignment (empty when the task has none).

#include <string>

#include "attn/example.h"
#include "attn/tasks.h"
#include "data/seeded_random.h"

namespace attn {

struct GeneratedExample {
  Example example;
  Alignment alignment;
};

GeneratedExample generate_copy(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_reverse(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_sort(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_shift(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_addition(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_date(SeededRandom& random, const TaskConfig& config);
GeneratedExample generate_number_words(SeededRandom& random, const TaskConfig& config);

}  // namespace attn
