#!/usr/bin/env python3
"""Our reading of MarianMT folders against Hugging Face Transformers itself.

For several model shapes a MarianMTModel is built from a config with random
weights (no download), saved with save_pretrained next to SentencePiece models
trained here on generated text, and opened by `attention-train --inspect`.
Checked against transformers on the CPU:
  - the source pieces equal MarianTokenizer's,
  - the greedy translation equals generate(num_beams=1) token by token,
  - every attention map (encoder self, decoder self, cross; every layer and
    head) equals output_attentions within 1e-5,
  - the logits of every decoder position equal the model's within 1e-4, and
    the probabilities of the greedy tokens within 1e-5.
Also: a damaged safetensors file and a refused config field give one line
naming the file and exit status 2.

Exit status 77 (CTest: skipped) where transformers (4.40 or later) or
sentencepiece is missing.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import warnings

try:
    import sentencepiece as spm
    import torch
    import transformers
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer
except ImportError as missing:  # pragma: no cover
    print(f"skipped: {missing}")
    sys.exit(77)

# The peer is the transformers that setup.sh installs beside the wheel's torch;
# an old system-wide one (with an old torch) is not what these numbers describe.
if tuple(int(part) for part in transformers.__version__.split(".")[:2]) < (4, 40):
    print(f"skipped: transformers {transformers.__version__} is older than 4.40")
    sys.exit(77)

transformers.logging.set_verbosity_error()
warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")

LATIN = ["the", "cat", "sees", "a", "small", "dog", "near", "river", "and", "house",
         "green", "tree", "walks", "slowly", "under", "bright", "sky", "friend", "reads", "book"]
HANGUL = ["고양이", "가", "작은", "개", "를", "본다", "강", "근처", "집", "과",
          "푸른", "나무", "천천히", "걷는다", "밝은", "하늘", "아래", "친구", "책", "읽는다"]


def sentences(words, count, seed):
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))) for _ in range(count)]


def train_spm(lines, prefix, vocab_size):
    path = prefix + ".txt"
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    spm.SentencePieceTrainer.train(input=path, model_prefix=prefix, vocab_size=vocab_size,
                                   model_type="unigram", character_coverage=1.0,
                                   hard_vocab_limit=False, minloglevel=2)
    return prefix + ".model"


def make_tokenizer_files(folder, work):
    source = train_spm(sentences(LATIN, 400, 1), os.path.join(work, "source"), 60)
    target = train_spm(sentences(HANGUL, 400, 2), os.path.join(work, "target"), 70)
    shutil.copy(source, os.path.join(folder, "source.spm"))
    shutil.copy(target, os.path.join(folder, "target.spm"))
    # Marian's layout: </s> = 0, <unk> = 1, the pieces, <pad> last.
    vocabulary = {"</s>": 0, "<unk>": 1}
    for model in (source, target):
        processor = spm.SentencePieceProcessor(model_file=model)
        for i in range(processor.get_piece_size()):
            piece = processor.id_to_piece(i)
            if piece not in vocabulary and piece not in ("<s>", "</s>", "<unk>", "<pad>"):
                vocabulary[piece] = len(vocabulary)
    vocabulary["<pad>"] = len(vocabulary)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as out:
        json.dump(vocabulary, out, ensure_ascii=False)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as out:
        json.dump({"source_lang": "en", "target_lang": "ko", "model_max_length": 512,
                   "tokenizer_class": "MarianTokenizer"}, out)
    return len(vocabulary)


def make_model(folder, vocab_size, shape, seed):
    pad = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=shape["d_model"],
        encoder_layers=shape["layers"][0], decoder_layers=shape["layers"][1],
        encoder_attention_heads=shape["heads"], decoder_attention_heads=shape["heads"],
        encoder_ffn_dim=shape["ffn"], decoder_ffn_dim=shape["ffn"],
        activation_function=shape["activation"], scale_embedding=shape["scale"],
        tie_word_embeddings=shape["tied"], max_position_embeddings=64,
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0)
    config._attn_implementation = "eager"  # attention weights come back only from eager
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        # Random weights as a trained model's scale, so that attention is not flat.
        for name, parameter in model.named_parameters():
            if "embed_positions" in name:
                continue
            if parameter.dim() > 1:
                parameter.normal_(0.0, shape["d_model"] ** -0.5)
            elif "layer_norm.weight" in name:
                parameter.normal_(1.0, 0.2)
            else:
                parameter.uniform_(-0.2, 0.2)
        bias = torch.randn(1, vocab_size) * 0.1
        bias[0, pad] = -30.0  # a trained model never predicts <pad>
        bias[0, 0] = shape.get("eos_bias", 0.0)  # and ends its translations
        model.final_logits_bias.copy_(bias)
    model.generation_config.max_length = 24
    model.generation_config.num_beams = 1
    # One shape as the older pytorch_model.bin (torch.save's archive).
    model.save_pretrained(folder, safe_serialization=not shape.get("bin", False))
    weights = "pytorch_model.bin" if shape.get("bin", False) else "model.safetensors"
    assert os.path.exists(os.path.join(folder, weights)), f"save_pretrained wrote no {weights}"
    return model


def inspect(train, folder, text, out, kind="cross", token=1):
    command = [train, "--inspect", folder, "--input", text, "--json", out, "--kind", kind,
               "--token", str(token), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr}")
    with open(out, encoding="utf-8") as document:
        return json.load(document)


def ours_to_marian(vocab_size):
    """Our ids → Marian's (marian_tokenizer.h): <pad>, <bos> (copy of <pad>), </s>, <unk>, rest."""
    pad, eos, unk = vocab_size - 1, 0, 1
    order = [pad, pad, eos, unk] + [i for i in range(vocab_size) if i not in (pad, eos, unk)]
    return order


def compare_attention(ours_layers, theirs, name, failures):
    for layer, (mine, reference) in enumerate(zip(ours_layers, theirs)):
        reference = reference[0]  # [H, Q, K]
        mine_tensor = torch.tensor(mine["weights"]).reshape(mine["heads"], mine["queries"],
                                                            mine["keys"])
        if mine_tensor.shape != reference.shape:
            failures.append(f"{name} layer {layer + 1}: shape {tuple(mine_tensor.shape)} vs "
                            f"{tuple(reference.shape)}")
            continue
        difference = (mine_tensor - reference).abs().max().item()
        if difference > 1e-5:
            failures.append(f"{name} layer {layer + 1}: attention differs by {difference:.2e}")
    if len(ours_layers) != len(theirs):
        failures.append(f"{name}: {len(ours_layers)} layers vs {len(theirs)}")


def check_shape(train, work, shape, index, failures):
    folder = os.path.join(work, f"marian-{index}")
    os.makedirs(folder)
    vocab_size = make_tokenizer_files(folder, work)
    model = make_model(folder, vocab_size, shape, seed=100 + index)
    tokenizer = MarianTokenizer.from_pretrained(folder)
    order = ours_to_marian(vocab_size)
    label = f"[{shape['name']}]"
    for text in ["the small cat sees a green tree", "friend reads book near river slowly"]:
        encoded = tokenizer(text, return_tensors="pt")
        pieces = tokenizer.convert_ids_to_tokens(encoded.input_ids[0])
        with torch.no_grad():
            generated = model.generate(**encoded, num_beams=1, do_sample=False, max_length=24)[0]
        reference_tokens = [t for t in generated.tolist()[1:] if t != 0]
        ours = inspect(train, folder, text, os.path.join(work, "inspection.json"))
        if ("pytorch_model.bin" if shape.get("bin") else "model.safetensors") not in ours["model"]:
            failures.append(f"{label} read from the wrong file: {ours['model']}")
        if ours["source_pieces"] != pieces:
            failures.append(f"{label} source pieces {ours['source_pieces']} vs {pieces}")
            continue
        greedy = [order[t["id"]] for t in ours["greedy"]["tokens"]]
        greedy_without_end = [t for t in greedy if t != 0]
        if len(generated) == 24 and not ours["greedy"]["ended"]:
            # At max_length, generate() forces </s> (forced_eos_token_id) as the
            # last token where our decoder stops without one: the same tokens before it.
            greedy_without_end = greedy_without_end[:len(reference_tokens)]
        if greedy_without_end != reference_tokens:
            failures.append(f"{label} greedy {greedy_without_end} vs generate() {reference_tokens}")
            continue
        # Our traced pass reads <pad> + our whole greedy output (</s> aside).
        decoder_input = torch.tensor([[vocab_size - 1] + [t for t in greedy if t != 0]])
        with torch.no_grad():
            output = model(**encoded, decoder_input_ids=decoder_input, output_attentions=True)
        attention = ours["attention"]
        compare_attention(attention["encoder_self"], output.encoder_attentions,
                          f"{label} encoder self", failures)
        compare_attention(attention["decoder_self"], output.decoder_attentions,
                          f"{label} decoder self", failures)
        compare_attention(attention["cross"], output.cross_attentions, f"{label} cross", failures)
        probabilities = torch.softmax(output.logits[0], -1)
        for position, token in enumerate(ours["greedy"]["tokens"]):
            if position >= probabilities.shape[0]:
                break
            expected = probabilities[position, order[token["id"]]].item()
            if abs(token["p"] - expected) > 1e-5:
                failures.append(f"{label} p(token {position + 1}) {token['p']} vs {expected}")
        # Every decoder position's logits, through the stage view's logits row.
        last = decoder_input.shape[1] - 1
        for position in sorted({0, last // 2, last}):
            stages = inspect(train, folder, text, os.path.join(work, "stages.json"),
                             kind="decoder-self", token=position + 1)["stages"]
            row = next(s for s in stages if s["id"] == "output.logits")["values"]
            mine = torch.tensor([row[k] for k in range(len(row)) if k != 1])
            reference = output.logits[0, position][[order[k] for k in range(len(row)) if k != 1]]
            difference = (mine - reference).abs().max().item()
            if difference > 1e-4:
                failures.append(f"{label} logits at position {position + 1} differ by "
                                f"{difference:.2e}")
        print(f"{label} '{text}': {reference_tokens} ({len(reference_tokens)} tokens), "
              f"{len(attention['encoder_self'])}+{len(attention['cross'])} layers checked")


def expect_refusal(train, folder, work, needle, what, failures):
    command = [train, "--inspect", folder, "--input", "the cat", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 2 or len(lines) != 1 or needle not in lines[0]:
        failures.append(f"{what}: expected exit 2 and one line naming {needle!r}, got "
                        f"{result.returncode}: {result.stderr!r}")
    else:
        print(f"{what}: {lines[0]}")


def check_bad_input(train, work, failures):
    folder = os.path.join(work, "marian-0")
    damaged = os.path.join(work, "damaged")
    shutil.copytree(folder, damaged)
    weights = os.path.join(damaged, "model.safetensors")
    size = os.path.getsize(weights)
    with open(weights, "r+b") as out:
        out.truncate(size // 2)
    expect_refusal(train, damaged, work, "model.safetensors", "truncated safetensors", failures)
    with open(weights, "wb") as out:
        out.write((10**12).to_bytes(8, "little") + b"{}")
    expect_refusal(train, damaged, work, "model.safetensors", "header larger than the file",
                   failures)
    shutil.copy(os.path.join(folder, "model.safetensors"), weights)
    with open(os.path.join(folder, "config.json")) as original:
        config = json.load(original)
    for field, value, needle in [("normalize_before", True, "normalize_before"),
                                 ("model_type", "bart", "model_type"),
                                 ("activation_function", "gelu_new", "activation_function")]:
        changed = dict(config, **{field: value})
        with open(os.path.join(damaged, "config.json"), "w") as out:
            json.dump(changed, out)
        expect_refusal(train, damaged, work, needle, f"config {field}={value}", failures)
    with open(os.path.join(damaged, "config.json"), "w") as out:
        json.dump(config, out)
    os.remove(os.path.join(damaged, "vocab.json"))
    expect_refusal(train, damaged, work, "vocab.json", "missing vocab.json", failures)


SHAPES = [
    {"name": "swish tied scaled", "d_model": 32, "heads": 4, "layers": (2, 2), "ffn": 64,
     "activation": "swish", "tied": True, "scale": True},
    {"name": "relu untied unscaled, .bin", "d_model": 24, "heads": 2, "layers": (1, 3),
     "ffn": 40, "activation": "relu", "tied": False, "scale": False, "bin": True},
    {"name": "gelu tied, 8 heads", "d_model": 64, "heads": 8, "layers": (3, 1), "ffn": 96,
     "activation": "gelu", "tied": True, "scale": True},
    {"name": "swish, ends at once", "d_model": 16, "heads": 2, "layers": (1, 1), "ffn": 32,
     "activation": "swish", "tied": True, "scale": True, "eos_bias": 4.0},
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", required=True, help="the attention-train executable")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    failures = []
    with tempfile.TemporaryDirectory(prefix="marian-fidelity-") as work:
        for index, shape in enumerate(SHAPES):
            check_shape(arguments.train, work, shape, index, failures)
        check_bad_input(arguments.train, work, failures)
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
