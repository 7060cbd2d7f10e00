#pragma once
// The run the training tests start from: the tiny model on a built-in task,
// one thread (results do not depend on the machine's core count). Each test
// then sets what it is about.

#include <string>

#include "attn/model_config.h"
#include "attn/train_config.h"

inline attn::RunConfig tiny_task_run(const std::string& task, int train_size, int eval_size,
                                     const std::string& runs_directory = {}) {
  attn::RunConfig run;
  run.model = *attn::model_preset("tiny");
  run.data.task.name = task;
  run.data.task.train_size = train_size;
  run.data.task.eval_size = eval_size;
  run.train.threads = 1;
  run.runs_directory = runs_directory;
  return run;
}
