#pragma once
// A trained model for PyTorch users: the weights as a plain state_dict that
// Python's torch.load opens (no TorchScript), the configuration, the
// vocabulary and a script that rebuilds the model from torch.nn's own layers.

#include <string>
#include <vector>

namespace attn {

struct PythonExport {
  std::string checkpoint;          // the checkpoint exported
  std::vector<std::string> files;  // what was written, in order
  std::vector<std::string> parameter_names;
};

// Writes into `folder` (created when missing):
//   pytorch_model.bin  the model's weights and its positional-encoding table,
//                      by name (no optimiser state, no RNG state)
//   config.json        the model configuration, tokenizer kinds, special ids, the
//                      checkpoint's step and completed epoch, the format version
//   vocabulary.json    every token id's piece, source and target
//   load_model.py      load(folder) → torch.nn.Module; translate(text)
// `path` and `which` as InspectionModel::open (a run directory or a checkpoint;
// best, last, epoch:N, step:N). Each file is written to a temporary name and
// renamed. False with a message naming the file or folder in *error.
bool export_for_python(const std::string& path, const std::string& which, const std::string& folder,
                       PythonExport* result, std::string* error);

// The script written as load_model.py.
const char* python_loader_script();

}  // namespace attn
